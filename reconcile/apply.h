// Apply: executes a plan's action graph against an account, and only that.
//
// Actions run on a bounded pool as soon as their dependencies are done; a
// failed (or blocked, or conflicting) action marks everything that depends
// on it skipped, and independent branches still finish. Every create sends
// the action's deterministic CreatorRequestId, and an AlreadyExists answer
// carrying that id (or naming a resource that carries it) counts as done:
// a retry after a lost response or a re-run after a crash makes no
// duplicate. There is one retry layer: throttling, 5xx and transport errors
// are the api's to retry (the AWS client's RetryOptions), never Apply's, so
// a write is sent at most as often as that policy allows. Apply waits out
// only the known eventual-consistency errors (a new IAM role that "cannot be
// assumed by AWS Backup" or "is not authorized to call" yet, a principal that
// is "not valid" yet, a plan delete refused while its selections' deletion
// propagates), until a deadline and logging each wait, matched by AWS's own
// messages so that a permanent validation error fails at once.

#ifndef BACKUPCTL_RECONCILE_APPLY_H_
#define BACKUPCTL_RECONCILE_APPLY_H_

#include <map>
#include <string>
#include <vector>

#include "providers/backup_api.h"
#include "reconcile/plan.h"

namespace backupctl {

struct ApplyOptions {
  int parallelism = 8;
  // Eventual-consistency waits: backoff from the initial delay, doubling up to
  // 5 s, until the deadline. No option retries throttling, 5xx or transport
  // errors: the AWS client already does (5 attempts, full jitter, a retry
  // quota), and a second layer multiplied them (3 x 5 = 15 sends a write).
  // The in-process local target gets one attempt: it has no network to
  // flake, waits up to 30 s for its state file's lock itself, and its other
  // retryable errors (the state file unreadable or unwritable) do not heal in
  // seconds.
  double consistency_retry_seconds = 60;
  double retry_initial_delay_seconds = 0.5;
};

enum class OutcomeStatus { kDone, kFailed, kSkipped, kBlocked };
const char* OutcomeStatusName(OutcomeStatus status);  // "done", "failed", ...

struct ActionOutcome {
  std::string id;  // with targets: "TARGET/ID"
  ActionType type = ActionType::kCreate;
  Kind kind = Kind::kVault;
  std::string name;
  OutcomeStatus status = OutcomeStatus::kDone;
  std::string detail;  // the error, the skip reason, or a note ("already made")
  double seconds = 0;
};

struct ApplyReport {
  std::vector<ActionOutcome> outcomes;  // in plan order
  int done = 0, failed = 0, skipped = 0, blocked = 0;
  int64_t write_calls = 0;
  double seconds = 0;
  bool ok() const { return failed == 0 && skipped == 0 && blocked == 0; }
};

ApplyReport Apply(const ActionPlan& plan, BackupApi& api, const ApplyOptions& options);

// A plan whose actions span targets (targets.h): each action runs against
// apis[action.target]. Every target must be in `apis`.
ApplyReport ApplyOnTargets(const ActionPlan& plan, const std::map<std::string, BackupApi*>& apis,
                           const ApplyOptions& options);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_APPLY_H_
