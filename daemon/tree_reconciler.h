// TreeReconciler: the daemon's Reconciler, one level-triggered cycle over a tree.
//
// A cycle loads the tree at `dir`. If it fails to load, the last good tree
// stays in force: it is reconciled instead (so drift is still repaired and
// nothing the broken commit "removed" is deleted) and the cycle reports
// kLoadError with the first error; before any good load, nothing is done.
// Then it reads live state (through a LiveCache kept across cycles, so an
// unchanged plan document and selection are not fetched again), plans, and
// applies, or with `observe` only reports what it would do. Pruning obeys
// the planner's guards (never with an empty tree, --max-deletes).
//
// The BackupApi comes from `make_api`, called for the first cycle and again
// whenever the tree's target changes; it is kept across cycles otherwise
// (the AWS client keeps its connections, credentials and retry state).
//
// A tree with targets (docs/targets.md) needs `make_targets`: every target
// is read and planned in parallel, and the plans are applied as one graph
// (reconcile/targets.h), so a copy into another target's vault still waits
// for that vault. A target that cannot be opened, read or applied does not
// stop the others: the cycle is partial (failed when no target planned) and
// CycleOutcome::targets has each target's result and drift. With a gate (high
// availability) the whole tree is one claim, so its cross-target order holds.
// Not thread-safe: the service calls it from its loop thread only.

#ifndef BACKUPCTL_DAEMON_TREE_RECONCILER_H_
#define BACKUPCTL_DAEMON_TREE_RECONCILER_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/cycle.h"
#include "daemon/guarded_api.h"
#include "desired/loader.h"
#include "desired/model.h"
#include "providers/api_observer.h"
#include "providers/backup_api.h"
#include "reconcile/reconcile.h"

namespace backupctl {

struct TargetApi {
  std::shared_ptr<BackupApi> api;
  // Set when the target has no HTTP (local): GuardedApi reports its calls here.
  ApiObserver* call_observer = nullptr;
  std::string description;  // "aws us-east-1 http://127.0.0.1:4566", "local ..."
};

// Builds the BackupApi for a loaded tree; an error string on failure.
using ApiFactory = std::function<std::optional<TargetApi>(const DesiredState&, std::string*)>;

// A tree with targets: one TargetApi per target, in backupctl.yaml's order
// (api null: that target could not be opened; errors[i] says why).
struct TargetApis {
  std::vector<TargetApi> targets;
  std::vector<std::string> errors;
  std::function<std::string()> flush;  // writes pending state now: "" or the error (optional)
  bool reopen_each_cycle = false;      // local state: see what other processes wrote
  // (a target that could not be opened is tried again every cycle)
};
using TargetsApiFactory =
    std::function<std::optional<TargetApis>(const LoadResult&, std::string* error)>;

// High availability (daemon/coordination): which targets this replica may
// reconcile. A cycle names the tree's targets, reconciles only those it owns,
// and takes a permit for every write (GuardedApi's WriteGate).
struct TargetGate {
  std::function<void(const std::vector<std::string>&)> set_targets;  // optional
  std::function<bool(const std::string&)> owns;
  std::function<std::shared_ptr<void>(const std::string& target, std::string* why)> begin_write;
};

// A single-target tree is one target, of this name.
inline constexpr char kSingleTargetName[] = "default";

struct TreeReconcilerOptions {
  std::string dir;
  std::string target = kSingleTargetName;  // the name the gate knows this tree by
  ReconcileOptions reconcile;              // plan flags, apply and read parallelism; cache is ours
  int global_in_flight = 64;               // a tree with targets: API calls in flight in all
  std::optional<TargetGate> gate;          // none: this replica reconciles everything
};

class TreeReconciler {
 public:
  TreeReconciler(TreeReconcilerOptions options, ApiFactory make_api,
                 TargetsApiFactory make_targets = {});

  CycleOutcome Reconcile(const CycleRequest& request);

  size_t cached_entries() const;

 private:
  // The tree in force for this cycle (null when none ever loaded).
  const LoadResult* LoadInForce(CycleOutcome* outcome);
  BackupApi* ApiFor(const DesiredState& desired, std::string* error);
  CycleOutcome ReconcileOne(const DesiredState& desired, const CycleRequest& request,
                            const WriteGate& write_gate, CycleOutcome outcome);
  // What an opened api depends on: a change of it opens the api again.
  static std::string TargetKey(const Target& target);
  // tree_targets.cc
  static std::string TargetsKey(const LoadResult& tree);  // the project's and every target's
  TargetApis* TargetApisFor(const LoadResult& tree, std::string* error);
  CycleOutcome ReconcileTargets(const LoadResult& tree, const CycleRequest& request,
                                const WriteGate& write_gate, CycleOutcome outcome);

  TreeReconcilerOptions options_;
  ApiFactory make_api_;
  TargetsApiFactory make_targets_;
  std::optional<LoadResult> last_good_;
  std::string target_key_;
  std::optional<TargetApi> target_;
  LiveCache cache_;
  std::string targets_key_;
  std::optional<TargetApis> targets_;
  std::map<std::string, LiveCache> target_caches_;  // by target name
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_TREE_RECONCILER_H_
