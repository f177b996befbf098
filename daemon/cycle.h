// One cycle of the daemon, as the service loop asks for it and the
// reconciler answers: a CycleRequest in, a CycleOutcome out. The loop
// (service.h) turns outcomes into metrics, log lines and readiness; the
// reconciler (tree_reconciler.h, tree_set.h) knows trees and AWS.

#ifndef BACKUPCTL_DAEMON_CYCLE_H_
#define BACKUPCTL_DAEMON_CYCLE_H_

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace backupctl {

enum class CycleResult {
  kSuccess,    // everything planned was done (or, observing, drift was read)
  kPartial,    // some actions failed, skipped or blocked; the others were done
  kFailed,     // the cycle could not read live state, plan or apply at all
  kLoadError,  // the tree failed to load; the last good tree (if any) was used
};
const char* CycleResultName(CycleResult result);  // "success", "partial", "failed", "load_error"

struct ActionRecord {
  std::string type;     // create | update | replace | delete
  std::string kind;     // BackupVault, BackupPlan, ...
  std::string name;     // the resource's identity (vault name, plan name, plan/selection)
  std::string result;   // done | failed | skipped | blocked; "pending" when only observed
  std::string message;  // why, for anything but done
  std::string target;   // the tree's target when the daemon runs several (tree_set.h)
};

struct CycleRequest {
  std::string cycle_id;
  std::string reason;  // startup | interval | retry | sighup | tree-change | webhook
  bool observe = false;
  const std::atomic<bool>* stopping = nullptr;  // becomes true at shutdown: start no new action
  std::function<void()> heartbeat;              // call while making progress
};

// One target's share of a cycle: a tree with targets has one per target, a
// daemon of several trees one per tree (tree_set.h names them).
struct TargetOutcome {
  std::string target;
  CycleResult result = CycleResult::kSuccess;
  bool live_read = false;  // drifted is meaningful
  int drifted = 0;         // resources differing from the tree
  std::string error;       // why it failed or was partial
};

struct CycleOutcome {
  CycleResult result = CycleResult::kSuccess;
  std::string load_error;              // "file:line:col: error: ...", when the tree failed to load
  bool live_read = false;              // drift below is meaningful (live state was read)
  std::map<std::string, int> drifted;  // kind -> resources differing from the tree
  std::vector<ActionRecord> actions;
  std::string error;                   // why the cycle failed or was partial
  bool standing_by = false;            // another replica owns the target: nothing was read
  std::vector<TargetOutcome> targets;  // empty for a single-target tree
};

using Reconciler = std::function<CycleOutcome(const CycleRequest&)>;

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_CYCLE_H_
