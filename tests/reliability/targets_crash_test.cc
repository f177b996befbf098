// Crash safety with targets: `backupctl apply` of examples/organisation (five
// targets in three accounts, each reached through STS AssumeRole) against the
// emulator over HTTP with 5-10 ms per call, killed with SIGKILL at a seeded
// random point (half after a delay, half once the organisation has seen a
// random number of write calls), then applied again: every account converges
// (plan shows no change), no account holds a duplicate, and a vault made
// outside the stack in a workload account is untouched.

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <random>
#include <sstream>
#include <thread>

#include "providers/local/organization.h"
#include "tests/reliability/test_support.h"
#include "tests/support/wait_until.h"

namespace backupctl::reliability {
namespace {

namespace fs = std::filesystem;

const AccountKey kUnownedAt{"222222222222", "eu-west-1"};

std::unique_ptr<EmulatorServer> StartOrganisation() {
  EmulatorOptions options;
  options.account.account_id = "111111111111";
  options.account.region = "eu-central-1";
  options.credentials = {{"AKIDBASE", "base-secret", "", std::nullopt}};
  options.key_accounts = {{"AKIDBASE", "999999999999"}};
  options.regions = {"eu-west-1", "us-east-1"};
  for (const char* account : {"111111111111", "222222222222", "333333333333"}) {
    options.role_external_ids[std::string("arn:aws:iam::") + account + ":role/backupctl"] =
        "org-backup";
  }
  options.faults.latency_ms = 7.5;
  options.faults.jitter_ms = 2.5;
  auto server = EmulatorServer::Start(options);
  if (!server.ok()) {
    ADD_FAILURE() << server.error().ToString();
    return nullptr;
  }
  // A vault someone made by hand, outside any stack.
  auto account = server.value()->organization().Get(kUnownedAt);
  EXPECT_TRUE(account.ok());
  if (account.ok()) {
    CreateBackupVaultInput in;
    in.backup_vault_name = "hand-made";
    EXPECT_TRUE(account.value()->CreateBackupVault(in).ok());
  }
  return std::move(server.value());
}

uint64_t Writes(LocalOrganization& org) {
  uint64_t n = 0;
  for (const AccountKey& key : org.Keys()) n += org.Find(key)->WriteCount();
  return n;
}

std::map<std::string, std::string> Env(const std::string& url) {
  std::map<std::string, std::string> env = EmulatorEnv(url);
  env["AWS_ACCESS_KEY_ID"] = "AKIDBASE";
  env["AWS_SECRET_ACCESS_KEY"] = "base-secret";
  return env;
}

class TargetsCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_ = (fs::path(dir_.path()) / "organisation").string();
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "organisation", tree_,
             fs::copy_options::recursive);
    fs::remove_all(fs::path(tree_) / ".backupctl");
  }
  std::vector<std::string> Args(const std::string& verb, const std::string& url) const {
    return {verb, tree_, "--target", "aws", "--endpoint", url};
  }
  // Problems with the organisation after the re-apply; empty when it is sound.
  std::vector<std::string> Check(EmulatorServer& server, const std::string& unowned_before) {
    std::vector<std::string> problems;
    ChildResult plan = RunBackupctl(
        {"plan", tree_, "--target", "aws", "--endpoint", server.url(), "--detailed-exitcode"},
        Env(server.url()), 60);
    if (plan.exit_code != 0) problems.push_back("not converged: " + plan.out + plan.err);
    int duplicates = 0;
    for (const AccountKey& key : server.organization().Keys()) {
      duplicates += CountDuplicates(server.organization().Find(key)->Snapshot(), &problems);
    }
    if (duplicates > 0) problems.push_back(std::to_string(duplicates) + " duplicates");
    Unowned unowned{{"hand-made"}, {}};
    std::string now = Fingerprint(server.organization().Find(kUnownedAt)->Snapshot(), unowned);
    if (now != unowned_before) problems.push_back("the hand-made vault changed");
    return problems;
  }

  TempDir dir_;
  std::string tree_;
};

TEST_F(TargetsCrashTest, KillNineMidApplyThenApplyAgainConvergesEveryTarget) {
  double full_seconds = 0;
  uint64_t full_writes = 0;
  {
    auto server = StartOrganisation();
    ASSERT_NE(server, nullptr);
    std::string before =
        Fingerprint(server->organization().Find(kUnownedAt)->Snapshot(), {{"hand-made"}, {}});
    ChildResult full = RunBackupctl(Args("apply", server->url()), Env(server->url()), 120);
    ASSERT_EQ(full.exit_code, 0) << full.out << full.err;
    full_seconds = full.seconds;
    full_writes = Writes(server->organization());
    std::vector<std::string> problems = Check(*server, before);
    ASSERT_TRUE(problems.empty()) << problems[0];
  }
  ASSERT_GT(full_writes, 1u);
  const int trials = Iterations(8, 100);
  std::mt19937_64 rng(0x7A26E7);
  std::uniform_real_distribution<double> delay(0, full_seconds);
  std::uniform_int_distribution<uint64_t> writes(1, full_writes - 1);
  int killed = 0, failed = 0;
  for (int i = 0; i < trials; ++i) {
    auto server = StartOrganisation();
    ASSERT_NE(server, nullptr);
    std::string before =
        Fingerprint(server->organization().Find(kUnownedAt)->Snapshot(), {{"hand-made"}, {}});
    const uint64_t base = Writes(server->organization());
    {
      Child child(Args("apply", server->url()), Env(server->url()));
      if (i % 2 == 0) {
        std::this_thread::sleep_for(std::chrono::duration<double>(delay(rng)));
      } else {
        const uint64_t at = base + writes(rng);
        testing::WaitUntil(
            [&] { return Writes(server->organization()) >= at || kill(child.pid(), 0) != 0; },
            std::chrono::seconds(30), std::chrono::microseconds(500));
      }
      child.Kill(SIGKILL);
      ChildResult r = child.Wait(30);
      killed += !r.exited && r.signal == SIGKILL;
    }
    ChildResult again = RunBackupctl(Args("apply", server->url()), Env(server->url()), 120);
    std::vector<std::string> problems = Check(*server, before);
    if (again.exit_code != 0) problems.insert(problems.begin(), "re-apply failed: " + again.err);
    if (!problems.empty() && ++failed <= 3) ADD_FAILURE() << "trial " << i << ": " << problems[0];
  }
  EXPECT_EQ(failed, 0);
  EXPECT_GE(killed, trials / 2) << "too few runs were killed to mean anything";
  std::ostringstream line;
  line << "targets crash: trials=" << trials << " killed=" << killed << " failed=" << failed
       << " full_apply_seconds=" << full_seconds << " full_apply_writes=" << full_writes;
  ReportFigure("targets_crash", line.str());
}

}  // namespace
}  // namespace backupctl::reliability
