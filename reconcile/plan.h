// The plan: an ordered graph of actions that takes live state to the desired
// tree, decided entirely here (apply only executes it).
//
// MakePlan compares normalised desired and live resources and emits one
// action per resource that must change. Creates go vault -> lock / policy /
// notifications -> plans (which name vaults) -> selections (which name
// plans); deletes go the other way. `level` groups actions that may run in
// parallel. Guards decided here, before anything runs:
// - ownership (live.h): only what is ours is changed or deleted; an
//   unowned resource with a declared name is a conflict unless `adopt`; one
//   this stack made that another stack adopted is a conflict when pruning,
//   never deleted; two live plans of one name are a conflict;
//   service-managed names are read-only;
// - unknowns: nothing is planned on a part of the account that could not be
//   read;
// - deletes: only with `prune`, never when the desired tree is empty, never
//   of a vault holding recovery points, a lock past its changeable window or
//   a vault in use (vault_uses.h) (blocked; nor is a vault in use replaced),
//   and more than `max_deletes` refuses the whole plan unless
//   `force_deletes`.

#ifndef BACKUPCTL_RECONCILE_PLAN_H_
#define BACKUPCTL_RECONCILE_PLAN_H_

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "desired/model.h"
#include "reconcile/diff.h"
#include "reconcile/live.h"

namespace backupctl {

enum class ActionType { kCreate, kUpdate, kReplace, kDelete, kBlocked, kConflict };
const char* ActionTypeName(ActionType type);  // "create", "update", ...
std::optional<ActionType> ActionTypeFromName(const std::string& name);
std::optional<Kind> KindFromName(const std::string& name);  // inverse of KindName

// Settings updates carry only the keys that change.
using ActionPayload =
    std::variant<std::monostate, Vault, VaultLock, VaultAccessPolicy, VaultNotifications,
                 BackupPlanSpec, Selection, RegionSettings, GlobalSettings>;

struct Action {
  std::string id;      // "vault:prod", "lock:prod", "plan:daily", "selection:daily/db", ...
  std::string target;  // trees with targets: the target it runs on (targets.h); else ""
  ActionType type = ActionType::kCreate;
  Kind kind = Kind::kVault;
  std::string name;  // vault or plan name; "plan/selection" for selections
  Changes changes;
  std::vector<std::string> depends_on;  // action ids
  int level = 0;                        // actions of one level may run in parallel
  std::string reason;                   // blocked / conflict; notes for others
  // Plan update: live members backupctl does not declare, sent back as they
  // are ("rule daily: ScanActions [...]").
  std::vector<std::string> kept;

  // Inputs for the executor (never compared or rendered as changes).
  std::string creator_request_id;              // create / replace
  std::string arn;                             // live vault or plan ARN (tagging)
  std::string backup_plan_id;                  // live backup plan id
  std::vector<std::string> old_selection_ids;  // selections to delete (replace/delete)
  bool document_changed = false;               // plan update: UpdateBackupPlan needed
  TagMap tags_to_set;
  std::vector<std::string> tags_to_remove;
  // What a create, replace or update writes: the spec of the action's kind,
  // or nothing (deletes, tag-only updates, blocked and conflicts, a replace
  // that only removes duplicates).
  ActionPayload payload;
  // A lock put with ChangeableForDays (compliance mode) becomes immutable
  // then: epoch seconds, counted from when the plan was made. Display only:
  // the apply's own clock sets the real LockDate.
  std::optional<double> irreversible_from;
};

struct PlanOptions {
  bool prune = false;
  bool adopt = false;
  int max_deletes = 10;
  bool force_deletes = false;
  double now = 0;   // epoch seconds for vault lock windows; 0 = the system clock
  int threads = 0;  // planning threads for large trees; 0 = one per core (never saved)
};

struct ActionPlan {
  int format_version = 1;
  std::string stack;
  std::string target;           // display only: "local", "aws us-east-1", ...
  std::vector<Action> actions;  // dependencies always come first
  std::vector<Unknown> unknowns;
  std::vector<std::string> read_only;
  std::vector<std::string> notes;
  // What the plan cannot fix but a reviewer must know (a selection naming a
  // resource type the Region has not opted in); rendered before the actions.
  // They change nothing that runs, nor the exit code.
  std::vector<std::string> warnings;
  PlanOptions options;
  int64_t read_calls = 0;
};

struct PlanSummary {
  int add = 0, change = 0, replace = 0, destroy = 0, blocked = 0, conflict = 0, unknown = 0;
  std::map<std::string, int> by_type_and_kind;  // "create BackupVault" -> 2
  std::map<std::string, int> drifted_by_kind;   // live differs from desired: updates, replaces
  bool HasChanges() const { return add + change + replace + destroy > 0; }
};

struct PlanResult {
  ActionPlan plan;
  std::string error;  // non-empty: refused (e.g. over --max-deletes); nothing may run
  bool ok() const { return error.empty(); }
};

PlanResult MakePlan(const DesiredState& desired, const LiveState& live, const PlanOptions& options);
PlanSummary Summarize(const ActionPlan& plan);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_PLAN_H_
