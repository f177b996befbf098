// The reconciler's top-level API, shared by the CLI verbs and the daemon.
//
//   ReadLive  (live.h)   BackupApi -> LiveState, parallel, minimal calls
//   MakePlan  (plan.h)   DesiredState + LiveState -> ActionPlan (a value)
//   Apply     (apply.h)  ActionPlan + BackupApi -> ApplyReport
//
// PlanAgainst runs read + plan; ApplySaved runs a saved plan after checking
// that none of the live objects it was made from has moved. Summaries for
// metrics: Summarize(plan) (counts by action type and kind, drifted
// resources by kind) and ApplyReport (per-action outcomes and durations).

#ifndef BACKUPCTL_RECONCILE_RECONCILE_H_
#define BACKUPCTL_RECONCILE_RECONCILE_H_

#include <string>
#include <vector>

#include "desired/model.h"
#include "providers/backup_api.h"
#include "reconcile/apply.h"
#include "reconcile/live.h"
#include "reconcile/plan.h"
#include "reconcile/plan_file.h"

namespace backupctl {

struct ReconcileOptions {
  PlanOptions plan;
  ApplyOptions apply;
  int read_parallelism = 32;
  LiveCache* cache = nullptr;  // optional warm cache (the daemon keeps one)
};

struct PlanRun {
  PlanResult result;
  LiveState live;     // what the plan was made from
  std::string error;  // read or plan failure; nothing may run
  bool ok() const { return error.empty(); }
};

// With target.accountId declared, like Terraform's allowed_account_ids: ""
// when every vault and plan ARN the lists returned (LiveState::arn_places)
// is in that account (and in target.region, when declared); otherwise why
// not, naming one such ARN. An account that holds nothing has nothing to
// contradict. Without target.accountId: "".
std::string CheckLiveAccount(const Target& target, const LiveState& live);

// Reads the stack's world and plans. Pruning also reads what the stack owns
// beyond the tree. A live account that CheckLiveAccount refuses is an error
// (nothing is planned, so nothing can be applied).
PlanRun PlanAgainst(BackupApi& api, const DesiredState& desired, const ReconcileOptions& options);

struct SavedApplyRun {
  ActionPlan plan;
  ApplyReport report;
  std::vector<std::string> moved;  // non-empty: refused as stale
  std::string error;               // refused or failed before applying; nothing ran
  bool ok() const { return error.empty(); }
};

// Re-reads what the saved plan was made from; refuses (changing nothing) if
// any fingerprint moved or the recomputed actions differ; else applies it.
SavedApplyRun ApplySaved(BackupApi& api, const SavedPlan& saved, const ReconcileOptions& options);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_RECONCILE_H_
