// Concurrency: two `backupctl apply` processes racing on one target, several
// rounds, both on the emulator over HTTP (with a little latency so their calls
// interleave) and on the local target's state file (LocalAccount's flock).
// After each round a third apply and a plan show the account converged, and
// the account holds no duplicate plan or selection; the state file still
// parses.

#include <gtest/gtest.h>

#include <sstream>

#include "tests/reliability/test_support.h"

namespace backupctl::reliability {
namespace {

constexpr int kRounds = 10;

struct Round {
  int exit_a = -1, exit_b = -1;
  std::string err_a, err_b;
};

Round Race(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  Child a(args, env);
  Child b(args, env);
  ChildResult ra = a.Wait(60);
  ChildResult rb = b.Wait(60);
  return {ra.exit_code, rb.exit_code, ra.err, rb.err};
}

bool Converged(BackupApi& api, const DesiredState& estate) {
  PlanRun run = PlanAgainst(api, estate, FastReconcileOptions());
  return run.ok() && !Summarize(run.result.plan).HasChanges();
}

TEST(Race, TwoAppliesOnTheEmulatorConvergeWithoutDuplicates) {
  DesiredState estate = LoadEstate();
  ASSERT_FALSE(estate.vaults.empty());
  int duplicates = 0, both_ok = 0;
  for (int round = 0; round < kRounds; ++round) {
    FaultConfig latency;
    latency.latency_ms = 2;
    latency.jitter_ms = 2;
    latency.seed = static_cast<uint64_t>(round + 1);
    auto server = StartEmulator(latency);
    ASSERT_NE(server, nullptr);
    std::vector<std::string> args = {"apply",      EstateDir(),   "--target", "aws",
                                     "--endpoint", server->url(), "--region", "us-east-1"};
    Round r = Race(args, EmulatorEnv(server->url()));
    EXPECT_EQ(r.exit_a, 0) << r.err_a;
    EXPECT_EQ(r.exit_b, 0) << r.err_b;
    both_ok += r.exit_a == 0 && r.exit_b == 0;
    ChildResult third = RunBackupctl(args, EmulatorEnv(server->url()));
    EXPECT_EQ(third.exit_code, 0) << third.err;
    EXPECT_TRUE(Converged(server->account(), estate));
    std::vector<std::string> what;
    duplicates += CountDuplicates(server->account().Snapshot(), &what);
    EXPECT_TRUE(what.empty()) << "round " << round << ": duplicate " << what.front();
  }
  std::ostringstream line;
  line << "race(emulator): rounds=" << kRounds << " both_applies_ok=" << both_ok
       << " duplicates=" << duplicates;
  ReportFigure("race_emulator", line.str());
}

TEST(Race, TwoAppliesOnOneLocalStateFileConvergeWithoutDuplicates) {
  DesiredState estate = LoadEstate();
  ASSERT_FALSE(estate.vaults.empty());
  int duplicates = 0, both_ok = 0;
  for (int round = 0; round < kRounds; ++round) {
    TempDir dir;
    std::string state = dir.path() + "/state.json";
    std::vector<std::string> args = {"apply", EstateDir(), "--target", "local", "--state", state};
    Round r = Race(args, {{"NO_COLOR", "1"}});
    EXPECT_EQ(r.exit_a, 0) << r.err_a;
    EXPECT_EQ(r.exit_b, 0) << r.err_b;
    both_ok += r.exit_a == 0 && r.exit_b == 0;
    ChildResult third = RunBackupctl(args, {{"NO_COLOR", "1"}});
    EXPECT_EQ(third.exit_code, 0) << third.err;

    AccountOptions options;
    options.state_file = state;
    auto account = LocalAccount::Open(options);
    ASSERT_TRUE(account.ok()) << "the state file is unusable: " << account.error().ToString();
    EXPECT_TRUE(Converged(*account.value(), estate));
    std::vector<std::string> what;
    duplicates += CountDuplicates(account.value()->Snapshot(), &what);
    EXPECT_TRUE(what.empty()) << "round " << round << ": duplicate " << what.front();
  }
  std::ostringstream line;
  line << "race(local state file): rounds=" << kRounds << " both_applies_ok=" << both_ok
       << " duplicates=" << duplicates;
  ReportFigure("race_local", line.str());
}

}  // namespace
}  // namespace backupctl::reliability
