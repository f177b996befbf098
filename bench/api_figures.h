// The figures measured against the emulator server over HTTP: each step runs
// the same functions the CLI verbs and the daemon run (LoadTree,
// AwsBackupClient, PlanAgainst, Apply, TreeReconciler) with a fresh client
// unless it says otherwise, and reads the calls it made from the emulator's
// request stats (cleared before the step).
//
//   ColdPlan:     load + read + plan + render, a fresh client (no connection,
//                 no cache): what `backupctl plan` does.
//   DaemonCycles: two TreeReconciler cycles in one process with nothing
//                 changed: the first fills the LiveCache, the second is the
//                 warm steady-state cycle.
//   ApplyChange:  load the changed tree, read, plan and apply it with a fresh
//                 client: what `backupctl apply` does.

#ifndef BACKUPCTL_BENCH_API_FIGURES_H_
#define BACKUPCTL_BENCH_API_FIGURES_H_

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bench/emulator_admin.h"
#include "reconcile/plan.h"

namespace backupctl::bench {

struct StepFigures {
  double wall_ms = 0;
  double load_ms = 0;            // LoadTree
  double read_ms = 0;            // PlanAgainst: read live state and plan
  double apply_ms = 0;           // Apply (ApplyChange only)
  CallStats calls;               // from the emulator
  int64_t new_connections = -1;  // TCP connections the client opened; -1 unknown
  int64_t attempts = 0;          // HTTP attempts the client made (retries included)
  PlanSummary summary;
  int applied_done = 0, applied_failed = 0;
  std::string error;
};

nlohmann::json ToJson(const StepFigures& step);

struct ApiSetup {
  std::string url;  // the emulator, "http://127.0.0.1:PORT"
  EmulatorAdmin* admin = nullptr;
  int in_flight = 32;
};

StepFigures ColdPlan(const ApiSetup& setup, const std::string& tree);

struct DaemonFigures {
  StepFigures first;  // the cold cycle: fills the cache
  StepFigures warm;   // the next cycle, nothing changed
  size_t cached_entries = 0;
};
DaemonFigures DaemonCycles(const ApiSetup& setup, const std::string& tree);

StepFigures ApplyChange(const ApiSetup& setup, const std::string& tree);

// True when a fresh plan of `tree` has nothing to change; *error says why not.
bool Converged(const ApiSetup& setup, const std::string& tree, std::string* error);

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_API_FIGURES_H_
