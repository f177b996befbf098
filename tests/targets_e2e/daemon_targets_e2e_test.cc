// `backupctl daemon` on examples/organisation, through the binary, over HTTP
// against `backupctl emulator`, every target reached through STS AssumeRole
// (issue 17): it converges all five targets, each reports itself in /metrics,
// drift made by hand in one account is repaired there, a target whose role
// cannot be assumed is named by /readyz while the others go on, and SIGTERM
// stops it cleanly. Afterwards every account holds the example exactly once,
// the base account nothing, and no secret reached the log.

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "providers/aws/client.h"
#include "providers/aws/credentials.h"
#include "tests/support/child.h"
#include "tests/support/wait_until.h"
#include "tests/targets_e2e/organisation_state.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::Child;
using testing::PortOf;

const std::vector<std::string> kTargets = {"central", "shop-euw1", "shop-use1", "data-euw1",
                                           "data-use1"};

// The value of the sample `name{labels}` in a /metrics text, or -1 when absent.
double Sample(const std::string& metrics, const std::string& series) {
  size_t at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(metrics.substr(at + series.size() + 2));
}

class DaemonTargetsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / ("backupctl-daemon-targets-" + std::to_string(getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    tree_ = work_ / "org";
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "organisation", tree_,
             fs::copy_options::recursive);
    fs::remove_all(tree_ / ".backupctl");
    // One base key (account 999999999999) for the daemon; a key of account
    // 333333333333 for the test's own hand-made drift.
    std::vector<std::string> argv = {BACKUPCTL_BIN,   "emulator",
                                     "--listen",      "127.0.0.1:0",
                                     "--state",       (work_ / "emulator.json").string(),
                                     "--credentials", "AKIDBASE:base-secret,AKIDDATA:data-secret",
                                     "--account",     "AKIDBASE=999999999999,AKIDDATA=333333333333",
                                     "--region",      "eu-central-1,eu-west-1,us-east-1"};
    for (const char* account : {"111111111111", "222222222222", "333333333333"}) {
      argv.push_back("--role-external-id");
      argv.push_back(std::string("arn:aws:iam::") + account + ":role/backupctl=org-backup");
    }
    emulator_ = std::make_unique<Child>(argv, std::vector<std::string>{}, work_ / "emulator.log");
    int port = PortOf(emulator_->FirstLine(20s));
    ASSERT_GT(port, 0) << ReadAll(work_ / "emulator.log");
    endpoint_ = "http://127.0.0.1:" + std::to_string(port);
  }
  void TearDown() override {
    daemon_.reset();
    emulator_.reset();
    fs::remove_all(work_);
  }

  int StartDaemon() {
    std::vector<std::string> argv = {BACKUPCTL_BIN, "daemon",      tree_.string(), "--listen",
                                     "127.0.0.1:0", "--target",    "aws",          "--endpoint",
                                     endpoint_,     "--interval",  "1s",           "--jitter",
                                     "0%",          "--log-level", "debug"};
    std::vector<std::string> env = {"AWS_ACCESS_KEY_ID=AKIDBASE",
                                    "AWS_SECRET_ACCESS_KEY=base-secret",
                                    "AWS_EC2_METADATA_DISABLED=true",
                                    "AWS_CONFIG_FILE=/dev/null",
                                    "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
                                    "HOME=" + work_.string()};
    daemon_ = std::make_unique<Child>(argv, env, work_ / "daemon.log");
    return PortOf(daemon_->FirstLine(20s));
  }
  std::string Get(const std::string& path, int* status = nullptr) {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(2);
    c.set_read_timeout(5);
    auto r = c.Get(path.c_str());
    if (status != nullptr) *status = r ? r->status : 0;
    return r ? r->body : "";
  }
  double TargetSuccess(const std::string& target) {
    return Sample(Get("/metrics"), "backupctl_target_cycle_success{target=\"" + target + "\"}");
  }
  bool AllSucceed() {
    std::string metrics = Get("/metrics");
    for (const std::string& t : kTargets) {
      if (Sample(metrics, "backupctl_target_cycle_success{target=\"" + t + "\"}") != 1) {
        return false;
      }
    }
    return true;
  }
  // The test's own client in account 333333333333, us-east-1 (target data-use1).
  std::unique_ptr<AwsBackupClient> DataUse1() {
    ClientOptions o;
    o.region = "us-east-1";
    o.endpoint = endpoint_;
    o.credentials = StaticCredentials({"AKIDDATA", "data-secret", "", std::nullopt});
    auto client = AwsBackupClient::Create(o);
    EXPECT_TRUE(client.ok());
    return client.ok() ? std::move(client.value()) : nullptr;
  }
  size_t Selections(AwsBackupClient& api, std::string* plan_id) {
    auto plans = api.ListBackupPlans({});
    if (!plans.ok() || plans.value().backup_plans_list.size() != 1) return 0;
    *plan_id = plans.value().backup_plans_list[0].backup_plan_id;
    ListBackupSelectionsInput in;
    in.backup_plan_id = *plan_id;
    auto list = api.ListBackupSelections(in);
    return list.ok() ? list.value().backup_selections_list.size() : 0;
  }

  fs::path work_, tree_;
  std::string endpoint_;
  std::unique_ptr<Child> emulator_, daemon_;
  int port_ = 0;
};

TEST_F(DaemonTargetsE2eTest, ConvergesRepairsOneTargetNamesAFailedOneAndStopsCleanly) {
  port_ = StartDaemon();
  ASSERT_GT(port_, 0) << ReadAll(work_ / "daemon.log");
  ASSERT_TRUE(testing::WaitUntil([&] { return AllSucceed(); }, 60s, 100ms))
      << Get("/metrics") << ReadAll(work_ / "daemon.log");
  int status = 0;
  std::string ready = Get("/readyz", &status);
  EXPECT_EQ(status, 200) << ready;
  EXPECT_EQ(ready.find("failed_targets"), std::string::npos) << ready;

  // Hand-made drift in one account: its selection is deleted; the daemon
  // recreates it there, and only there.
  auto data = DataUse1();
  ASSERT_NE(data, nullptr);
  std::string plan_id;
  ASSERT_EQ(Selections(*data, &plan_id), 1u);
  ListBackupSelectionsInput in;
  in.backup_plan_id = plan_id;
  auto selection = data->ListBackupSelections(in).value().backup_selections_list[0];
  ASSERT_TRUE(data->DeleteBackupSelection({plan_id, selection.selection_id}).ok());
  ASSERT_TRUE(testing::WaitUntil([&] { return Selections(*data, &plan_id) == 1; }, 20s, 100ms))
      << ReadAll(work_ / "daemon.log");
  std::string log = ReadAll(work_ / "daemon.log");
  EXPECT_NE(log.find("\"action\":\"create\",\"cycle_id\""), std::string::npos);

  // The central target's role is refused (wrong ExternalId): the tree
  // watcher reloads, /readyz names central, the other targets still succeed.
  std::string project = ReadAll(tree_ / "backupctl.yaml");
  size_t at = project.find("externalId: org-backup");
  ASSERT_NE(at, std::string::npos);
  project.replace(at, std::string("externalId: org-backup").size(), "externalId: wrong");
  std::ofstream(tree_ / "backupctl.yaml") << project;
  ASSERT_TRUE(testing::WaitUntil([&] { return TargetSuccess("central") == 0; }, 30s, 100ms))
      << Get("/metrics") << ReadAll(work_ / "daemon.log");
  ready = Get("/readyz", &status);
  EXPECT_EQ(status, 200) << ready;  // the other targets are served
  EXPECT_NE(ready.find("\"failed_targets\":{\"central\":"), std::string::npos) << ready;
  for (std::string t : {"shop-euw1", "data-use1"}) {
    EXPECT_EQ(TargetSuccess(t), 1) << t;
  }

  daemon_->Signal(SIGTERM);
  EXPECT_EQ(daemon_->Wait(15s), 0) << ReadAll(work_ / "daemon.log");
  log = ReadAll(work_ / "daemon.log");
  EXPECT_EQ(log.find("data-secret"), std::string::npos);
  EXPECT_EQ(log.find("base-secret"), std::string::npos) << "a secret reached the log";
  EXPECT_NE(log.find("\"target\":\"central\""), std::string::npos);
  emulator_->Signal(SIGTERM);
  EXPECT_EQ(emulator_->Wait(15s), 0);
  ExpectOrganisation(ReadState(work_ / "emulator.json"));
}

}  // namespace
}  // namespace backupctl
