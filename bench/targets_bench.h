// The many-targets figure (issue 17): a tree of N targets (distinct accounts
// over a few regions), every document placed on all of them with
// metadata.targetSelector and stamped per target by the loader, each target
// holding the same small estate (by default 20 vaults, 20 plans and 60
// selections).
//
// One in-process EmulatorServer serves every account over HTTP (one access
// key per account, mapped to it); each target gets its own AwsBackupClient,
// as `backupctl plan` does for `type: aws`. The estate is seeded at latency 0
// through PlanTargets / ApplyTargets against the server's in-process accounts
// (not measured), then the cold plan is measured at the configured latency:
// load the tree, create the clients (no connection, no cache), PlanTargets
// under the per-target and global in-flight limits, render the text. A
// counting decorator between the limits and each client counts every
// target's calls by operation and the calls in flight across all targets.
// With options.in_process the same run skips HTTP: each target's api is its
// in-process account behind a decorator that sleeps the latency.

#ifndef BACKUPCTL_BENCH_TARGETS_BENCH_H_
#define BACKUPCTL_BENCH_TARGETS_BENCH_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/emulator_admin.h"
#include "bench/estate.h"
#include "bench/read_bound.h"
#include "reconcile/plan.h"

namespace backupctl::bench {

inline EstateShape SmallEstate() {
  EstateShape shape;
  shape.vaults = 20;
  shape.plans = 20;
  shape.selections = 60;
  return shape;
}

struct TargetsShape {
  int targets = 50;
  EstateShape estate = SmallEstate();  // each target's: 20 vaults, 20 plans, 60 selections
  std::vector<std::string> regions = {"us-east-1", "us-west-2", "eu-west-1"};
};

struct TargetsBenchOptions {
  double latency_ms = 20;
  int per_target = 32;  // options.reconcile.read_parallelism, the client's in-flight limit
  int global = 64;      // options.global_in_flight
  // No HTTP: each target's api is the server's in-process account behind a
  // decorator that sleeps the latency; what is left is the reconciler's own
  // scheduling (pools, limits), without the HTTP stack's CPU.
  bool in_process = false;
};

// "100000000001" for target 0, ...
std::string TargetAccount(int index);

// Writes the tree into `dir`: backupctl.yaml with the targets (target i in
// regions[i % regions.size()]) and the estate, every document selecting
// every target. False with *error set when a file cannot be written.
bool WriteTargetsTree(const TargetsShape& shape, const std::string& dir, std::string* error);

struct TargetsFigures {
  TargetsShape shape;
  TargetsBenchOptions options;
  double seed_seconds = 0;
  double wall_ms = 0;           // the whole cold plan
  double load_ms = 0;           // LoadTree
  double open_ms = 0;           // the clients
  double read_ms = 0;           // PlanTargets: read every target and plan it
  double render_ms = 0;         // RenderTargetsText
  double read_cpu_seconds = 0;  // the process CPU during read+plan (client and emulator)
  std::vector<std::map<std::string, int64_t>> calls;  // per target: operation -> count
  CallStats server;                                   // the emulator's count, all targets
  int peak_in_flight = 0;                             // calls in flight at once, all targets
  double call_ms = 0;  // the calls' durations, summed (client side, incl. retries)
  int64_t new_connections = 0, attempts = 0;  // summed over the clients
  PlanSummary summary;
  int failed_targets = 0;
  std::string error;

  // The documented cold read of one target's estate, and the bound.
  ReadSet Expected() const { return DocumentedColdRead(shape.estate); }
  TargetsBound Bound() const;
  bool ExactCalls() const;  // every target made exactly the documented calls
  std::map<std::string, int64_t> CallsByOperation() const;  // summed over the targets
  int64_t TotalCalls() const;
};

// Runs the whole figure in `workdir` (seed, then the cold plan).
TargetsFigures RunTargetsBench(const TargetsShape& shape, const TargetsBenchOptions& options,
                               const std::string& workdir);

nlohmann::json ToJson(const TargetsFigures& figures);

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_TARGETS_BENCH_H_
