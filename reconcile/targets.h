// A tree with targets (many accounts and regions): plan each target, then
// apply them all as one graph.
//
// PlanTargets reads and plans every target at once, each against its own
// BackupApi, under two limits on API calls in flight: per target (AWS
// throttles per account and region) and across all targets. A target that
// cannot be read or planned keeps its error and does not stop the others.
// Across targets, a vault that a declared plan of any target copies into is
// never pruned (its delete becomes blocked).
//
// ApplyTargets runs the plans of the targets that planned as one action
// graph: ids become "TARGET/ID", and a plan that copies into another
// target's vault waits for that vault (and its lock, policy and
// notifications) to be written; a vault delete waits for every other
// target's plan changes. A failure skips only what depends on it.

#ifndef BACKUPCTL_RECONCILE_TARGETS_H_
#define BACKUPCTL_RECONCILE_TARGETS_H_

#include <map>
#include <string>
#include <vector>

#include "desired/loader.h"
#include "providers/backup_api.h"
#include "reconcile/reconcile.h"

namespace backupctl {

struct TargetsOptions {
  ReconcileOptions reconcile;  // read_parallelism / apply.parallelism: per target
  int global_in_flight = 64;   // API calls in flight across every target
  // Optional warm caches, parallel to the targets (the daemon keeps one per
  // target); each target's reads use its own, never reconcile.cache.
  std::vector<LiveCache*> caches;
};

struct TargetPlan {
  const PlacedTarget* target = nullptr;
  BackupApi* api = nullptr;  // null: the target could not be opened (see run.error)
  PlanRun run;               // run.error: read, plan or open failure
};

struct TargetsPlan {
  std::vector<TargetPlan> targets;  // in backupctl.yaml's order
  int failed() const;               // targets with an error
};

// `apis[i]` serves `targets[i]`; a null api with `open_errors[i]` set marks a
// target that could not be reached.
TargetsPlan PlanTargets(const std::vector<PlacedTarget>& targets,
                        const std::vector<BackupApi*>& apis,
                        const std::vector<std::string>& open_errors, const TargetsOptions& options);

// The one graph of every planned target's actions (see the file comment).
ActionPlan MergeTargetPlans(const TargetsPlan& plan);

struct TargetsApply {
  ActionPlan merged;
  ApplyReport report;                            // outcomes of the merged plan, in its order
  std::map<std::string, ApplyReport> by_target;  // the same outcomes split by target
};

// Applies the targets that planned (no error); the others are left alone.
TargetsApply ApplyTargets(const TargetsPlan& plan, const TargetsOptions& options);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_TARGETS_H_
