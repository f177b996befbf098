// Crash safety: `backupctl apply` (the real binary) against an emulator with
// 5-10 ms per call, killed with SIGKILL at a seeded random point (half after
// a delay anywhere in the run, half once the account has seen a random number
// of its write calls), then
// applied again without latency: the account converges (a fault-free plan
// shows no change), nothing declared is missing and nothing is duplicated,
// because every create carries the same deterministic CreatorRequestId the
// killed run sent. Prints one line of figures (BACKUPCTL_LONG=1: 500 trials).

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <sstream>
#include <thread>

#include "tests/reliability/test_support.h"
#include "tests/support/wait_until.h"

namespace backupctl::reliability {
namespace {

std::vector<std::string> ApplyArgs(const std::string& url) {
  return {"apply", EstateDir(), "--target", "aws", "--endpoint", url, "--region", "us-east-1"};
}

FaultConfig SlowCalls() {
  FaultConfig faults;
  faults.latency_ms = 7.5;
  faults.jitter_ms = 2.5;
  return faults;
}

struct Trial {
  bool killed = false;
  bool mid_apply = false;  // killed after a write, with work still left
  int duplicates = 0;
  std::vector<std::string> problems;
};

bool HasChanges(BackupApi& api, const DesiredState& estate) {
  PlanRun run = PlanAgainst(api, estate, FastReconcileOptions());
  return !run.ok() || Summarize(run.result.plan).HasChanges();
}

// Where a trial kills the apply: after a delay (anywhere: start-up, reads,
// writes), or once the account has seen `writes` write calls (mid-write).
struct KillPoint {
  double delay_seconds = 0;
  uint64_t writes = 0;  // 0: use the delay
};

void WaitFor(EmulatorServer& server, const Child& child, const KillPoint& at) {
  if (at.writes == 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(at.delay_seconds));
    return;
  }
  testing::WaitUntil(
      [&] { return server.account().WriteCount() >= at.writes || kill(child.pid(), 0) != 0; },
      std::chrono::seconds(10), std::chrono::microseconds(200));
}

Trial RunTrial(const DesiredState& estate, const KillPoint& at) {
  Trial trial;
  auto server = StartEmulator(SlowCalls());
  if (!server) return trial;
  std::map<std::string, std::string> env = EmulatorEnv(server->url());
  {
    Child child(ApplyArgs(server->url()), env);
    WaitFor(*server, child, at);
    child.Kill(SIGKILL);
    ChildResult killed = child.Wait(30);
    trial.killed = !killed.exited && killed.signal == SIGKILL;
  }
  server->faults().SetConfig(FaultConfig{}, /*restart_sequence=*/true);
  trial.mid_apply =
      trial.killed && server->account().WriteCount() > 0 && HasChanges(server->account(), estate);

  ChildResult again = RunBackupctl(ApplyArgs(server->url()), env, 60);
  if (again.exit_code != 0) trial.problems.push_back("re-apply failed: " + again.err);
  if (HasChanges(server->account(), estate)) trial.problems.push_back("not converged");
  AccountSnapshot snap = server->account().Snapshot();
  trial.duplicates = CountDuplicates(snap, &trial.problems);
  for (const std::string& m : MissingDeclared(snap, estate, {})) {
    trial.problems.push_back("missing " + m);
  }
  return trial;
}

// One uninterrupted apply here: the kill points spread over it.
struct Calibration {
  double seconds = 0;
  uint64_t writes = 0;
};

Calibration Calibrate(const DesiredState& estate) {
  auto server = StartEmulator(SlowCalls());
  if (!server) return {};
  ChildResult full = RunBackupctl(ApplyArgs(server->url()), EmulatorEnv(server->url()), 60);
  EXPECT_EQ(full.exit_code, 0) << full.err;
  EXPECT_FALSE(HasChanges(server->account(), estate));
  return {full.seconds, server->account().WriteCount()};
}

TEST(Crash, KillNineMidApplyThenApplyAgainConvergesWithoutDuplicates) {
  DesiredState estate = LoadEstate();
  ASSERT_FALSE(estate.vaults.empty());
  Calibration full = Calibrate(estate);
  ASSERT_GT(full.writes, 1u);
  const int trials = Iterations(100, 500);
  std::mt19937_64 rng(0xDEAD9);
  std::uniform_real_distribution<double> delay(0, full.seconds * 1.1);
  std::uniform_int_distribution<uint64_t> writes(1, full.writes - 1);
  int killed = 0, mid_apply = 0, duplicates = 0, failed = 0;
  for (int i = 0; i < trials; ++i) {
    KillPoint at;
    if (i % 2 == 0) {
      at.delay_seconds = delay(rng);
    } else {
      at.writes = writes(rng);
    }
    Trial t = RunTrial(estate, at);
    killed += t.killed;
    mid_apply += t.mid_apply;
    duplicates += t.duplicates;
    if (!t.problems.empty() && ++failed <= 5)
      ADD_FAILURE() << "trial " << i << ": " << t.problems[0];
  }
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(duplicates, 0);
  // Half the kill points come after the n-th write, so nearly half land mid-apply
  // however slow the machine; the timed half adds more when it is not loaded.
  EXPECT_GE(mid_apply, trials / 3) << "too few kills landed mid-apply to mean anything";
  std::ostringstream line;
  line << "crash: trials=" << trials << " killed=" << killed << " killed_mid_apply=" << mid_apply
       << " duplicates=" << duplicates << " failed=" << failed
       << " full_apply_seconds=" << full.seconds << " full_apply_writes=" << full.writes;
  ReportFigure("crash", line.str());
}

}  // namespace
}  // namespace backupctl::reliability
