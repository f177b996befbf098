// examples/organisation through the binary (issue 17): five targets in three
// accounts and three regions, plan -> apply -> plan with no changes,
//  - on the embedded local emulator (one state file, one account per target);
//  - on `backupctl emulator` over HTTP, each target reached through STS
//    AssumeRole (with its ExternalId) from one base key, so every write lands
//    in the role's account and the base account stays empty.
// A target whose role cannot be assumed is reported and exits 1, and the
// other targets are still planned.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/targets_e2e/organisation_state.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kAccounts[] = {"111111111111", "222222222222", "333333333333"};

struct CmdResult {
  int code = -1;
  std::string out;
};

CmdResult Shell(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  CmdResult r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class OrganisationE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("organisation-e2e-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    tree_ = dir_ / "tree";
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "organisation", tree_,
             fs::copy_options::recursive);
    fs::remove_all(tree_ / ".backupctl");
  }
  void TearDown() override {
    StopEmulator();
    fs::remove_all(dir_);
  }

  std::string Backupctl(const std::string& args) const {
    return std::string("env -i PATH=/usr/bin:/bin HOME=") + dir_.string() + " " + env_ + " " +
           BACKUPCTL_BIN + " " + args;
  }

  void StartEmulator() {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    std::vector<std::string> args = {BACKUPCTL_BIN,   "emulator",
                                     "--listen",      "127.0.0.1:0",
                                     "--state",       (dir_ / "emulator.json").string(),
                                     "--credentials", "AKIDBASE:base-secret",
                                     "--account",     "AKIDBASE=999999999999",
                                     "--region",      "eu-central-1,eu-west-1,us-east-1"};
    for (const char* account : kAccounts) {
      args.push_back("--role-external-id");
      args.push_back(std::string("arn:aws:iam::") + account + ":role/backupctl=org-backup");
    }
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(BACKUPCTL_BIN, argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char c;
      if (read(out[0], &c, 1) != 1 || c == '\n') break;
      line += c;
    }
    close(out[0]);
    const std::string prefix = "listening on ";
    ASSERT_EQ(line.rfind(prefix, 0), 0u) << line;
    url_ = line.substr(prefix.size());
  }

  void StopEmulator() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 1000 && waitpid(pid_, &status, WNOHANG) != pid_; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
  }

  fs::path dir_, tree_;
  std::string env_, url_;
  pid_t pid_ = -1;
};

TEST_F(OrganisationE2eTest, EmbeddedLocalPlanApplyPlanHasNoChanges) {
  CmdResult validate = Shell(Backupctl("validate " + tree_.string()));
  ASSERT_EQ(validate.code, 0) << validate.out;
  EXPECT_NE(validate.out.find("5 targets"), std::string::npos) << validate.out;

  CmdResult plan = Shell(Backupctl("plan --detailed-exitcode " + tree_.string()));
  EXPECT_EQ(plan.code, 2) << plan.out;
  EXPECT_NE(plan.out.find("=== target central"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("19 to add"), std::string::npos) << plan.out;
  EXPECT_FALSE(fs::exists(tree_ / ".backupctl" / "state.json")) << "plan wrote the state";

  CmdResult apply = Shell(Backupctl("apply " + tree_.string()));
  ASSERT_EQ(apply.code, 0) << apply.out;
  CmdResult again = Shell(Backupctl("plan --detailed-exitcode " + tree_.string()));
  EXPECT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("0 to add, 0 to change, 0 to replace, 0 to destroy"), std::string::npos)
      << again.out;
  ExpectOrganisation(ReadState(tree_ / ".backupctl" / "state.json"));

  CmdResult json = Shell(Backupctl("plan -o json " + tree_.string()));
  ASSERT_EQ(json.code, 0) << json.out;
  Json j = Json::parse(json.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.out;
  EXPECT_EQ(j["format_version"], 2);
  EXPECT_EQ(j["targets"].size(), 5u);
  EXPECT_EQ(j["summary"]["add"], 0);
}

// A saved plan of a tree with targets runs on every target or on none.
TEST_F(OrganisationE2eTest, ASavedPlanAppliesOnceThenIsStaleAndAnEditIsCorrupt) {
  const std::string file = (dir_ / "plan.json").string();
  CmdResult plan = Shell(Backupctl("plan --out " + file + " " + tree_.string()));
  ASSERT_EQ(plan.code, 0) << plan.out;
  EXPECT_FALSE(fs::exists(tree_ / ".backupctl" / "state.json")) << "plan wrote the state";
  Json saved = Json::parse(ReadAll(file));
  EXPECT_EQ(saved["format_version"], 2);
  ASSERT_EQ(saved["targets"].size(), 5u);
  EXPECT_EQ(saved["targets"][0]["spec"]["accountId"], "111111111111");

  std::string edited = ReadAll(file);
  size_t at = edited.find("\"add\": 19");
  ASSERT_NE(at, std::string::npos);
  std::ofstream((dir_ / "edited.json").string()) << edited.replace(at + 7, 2, "18");
  CmdResult corrupt = Shell(Backupctl("apply " + (dir_ / "edited.json").string()));
  EXPECT_EQ(corrupt.code, 1) << corrupt.out;
  EXPECT_NE(corrupt.out.find("the plan file is corrupt"), std::string::npos) << corrupt.out;
  EXPECT_FALSE(fs::exists(tree_ / ".backupctl" / "state.json")) << "a corrupt plan wrote";

  CmdResult apply = Shell(Backupctl("apply " + file));
  ASSERT_EQ(apply.code, 0) << apply.out;
  EXPECT_NE(apply.out.find("19 to add"), std::string::npos) << apply.out;
  std::string state = ReadAll(tree_ / ".backupctl" / "state.json");
  CmdResult stale = Shell(Backupctl("apply " + file));
  EXPECT_EQ(stale.code, 1) << stale.out;
  EXPECT_NE(stale.out.find("the saved plan is stale"), std::string::npos) << stale.out;
  EXPECT_NE(stale.out.find("nothing was changed on any target"), std::string::npos) << stale.out;
  EXPECT_EQ(ReadAll(tree_ / ".backupctl" / "state.json"), state) << "a stale plan wrote";
  CmdResult again = Shell(Backupctl("plan --detailed-exitcode " + tree_.string()));
  EXPECT_EQ(again.code, 0) << again.out;
  ExpectOrganisation(ReadState(tree_ / ".backupctl" / "state.json"));
}

TEST_F(OrganisationE2eTest, OverHttpThroughAssumedRolesPlanApplyPlanHasNoChanges) {
  StartEmulator();
  if (HasFatalFailure()) return;
  env_ =
      "AWS_ACCESS_KEY_ID=AKIDBASE AWS_SECRET_ACCESS_KEY=base-secret AWS_EC2_METADATA_DISABLED=true";
  const std::string flags = " --target aws --endpoint " + url_ + " ";

  CmdResult plan = Shell(Backupctl("plan --detailed-exitcode" + flags + tree_.string()));
  EXPECT_EQ(plan.code, 2) << plan.out;
  EXPECT_NE(plan.out.find("19 to add"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("as arn:aws:iam::111111111111:role/backupctl"), std::string::npos)
      << plan.out;

  CmdResult apply = Shell(Backupctl("apply" + flags + tree_.string()));
  ASSERT_EQ(apply.code, 0) << apply.out;
  EXPECT_EQ(apply.out.find("base-secret"), std::string::npos) << "a secret reached the output";

  CmdResult again = Shell(Backupctl("plan --detailed-exitcode" + flags + tree_.string()));
  EXPECT_EQ(again.code, 0) << again.out;

  // A role the emulator refuses (wrong ExternalId): that target fails, the others plan.
  std::string project = ReadAll(tree_ / "backupctl.yaml");
  size_t at = project.find("externalId: org-backup");
  ASSERT_NE(at, std::string::npos);
  project.replace(at, std::string("externalId: org-backup").size(), "externalId: wrong");
  std::ofstream(tree_ / "backupctl.yaml") << project;
  CmdResult partial = Shell(Backupctl("plan" + flags + tree_.string()));
  EXPECT_EQ(partial.code, 1) << partial.out;
  EXPECT_NE(partial.out.find("target central"), std::string::npos) << partial.out;
  EXPECT_NE(partial.out.find("1 failed"), std::string::npos) << partial.out;
  EXPECT_NE(partial.out.find("=== target data-use1"), std::string::npos) << partial.out;

  StopEmulator();
  ExpectOrganisation(ReadState(dir_ / "emulator.json"));
}

}  // namespace
}  // namespace backupctl
