// Internal to MakePlan (plan.h): the planner and what its parts share.
//
// One Planner decides the actions for a desired tree against live state. Its
// steps are split by concern: lanes (plan_lanes.cc), vaults and their lock,
// policy and notifications (plan_vaults.cc), backup plans (plan_backup_plans.cc),
// selections (plan_selections.cc), account and Region settings
// (plan_settings.cc) and the final ordering (plan_order.cc).
// Every step reads only the inputs and what an earlier phase decided, and
// appends to this planner's own output, so that lanes can run in parallel.

#ifndef BACKUPCTL_RECONCILE_PLANNER_H_
#define BACKUPCTL_RECONCILE_PLANNER_H_

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "reconcile/plan.h"
#include "reconcile/vault_uses.h"

namespace backupctl::planning {

std::string VaultActionId(const std::string& name);       // "vault:NAME"
std::string BackupPlanActionId(const std::string& name);  // "plan:NAME"
Action MakeAction(ActionType type, Kind kind, const std::string& name);

// The declared tree by name; the keys view the DesiredState's strings.
struct DeclaredIndex {
  explicit DeclaredIndex(const DesiredState& desired);
  std::unordered_map<std::string_view, const Vault*> vaults;
  std::unordered_set<std::string_view> backup_plans;
  std::unordered_map<std::string_view, std::vector<const Selection*>> selections;  // by plan
  std::unordered_map<std::string_view, const VaultNotifications*> notifications;
  std::unordered_map<std::string_view, const VaultAccessPolicy*> policies;
};

class Planner {
 public:
  Planner(const DesiredState& desired, const LiveState& live, const PlanOptions& options,
          const DeclaredIndex& declared, const VaultUses& uses);
  PlanResult Run();

 private:
  // Lanes (plan_lanes.cc): step(lane, i) for every i < count, in slices.
  Planner MakeLane() const;
  void Absorb(Planner& lane);
  void InLanes(size_t count, const std::function<void(Planner&, size_t)>& step);

  // Shared by the steps (plan.cc).
  void Emit(Action action) { forward_.push_back(std::move(action)); }
  void EmitDelete(Action action);
  void Skip(const std::string& what);
  // A service-managed name (aws/..., orgs/...) is read-only: emits a blocked
  // action for it ("service-managed <what> names are read-only") and returns true.
  bool BlockManagedName(Kind kind, const std::string& name, const char* what);
  bool LockImmutable(const LiveVault& v) const { return v.lock_date && *v.lock_date <= now_; }
  std::string NotOurs(const char* what, const Ownership& o) const;
  bool TakenOver(const Ownership& o) const;
  void EmitTakenOver(Kind kind, const std::string& name, const std::string& id_suffix,
                     const Ownership& o);
  void AdoptTag(Action& a, const Ownership& o) const;
  static void SplitTags(Action& a, const TagMap& want, const TagMap& have);
  static void AddNewTags(Action& a, const TagMap& tags);  // a create's tags, each from (none)
  // A create whose CreatorRequestId hashes the stack, kind, name and `identity`.
  Action CreateAction(Kind kind, const std::string& name, const std::string& identity) const;

  // Vaults and their parts (plan_vaults.cc).
  void PlanVault(const Vault& declared);
  void CreateVault(const Vault& want, const Vault& declared);
  static std::string VaultIdentitySpec(const Vault& v);
  void ReplaceVault(const Vault& want, const Vault& declared, const LiveVault& have, Changes key);
  void UpdateVaultTags(const Vault& want, const LiveVault& have);
  void PlanVaultParts(const Vault& want, const LiveVault* have, const std::string& parent);
  void PlanLock(const Vault& want, const LiveVault* have, const std::string& parent);
  void PlanPolicy(const std::string& vault, const VaultAccessPolicy* declared,
                  const LiveVault* have, const std::string& parent);
  void BlockDeepPolicy(const std::string& vault, const VaultAccessPolicy* declared,
                       const std::string& parent);
  void PlanNotifications(const std::string& vault, const VaultNotifications* declared,
                         const LiveVault* have, const std::string& parent);
  void PlanExternalVaultParts();
  void BlockMissingVault(Kind kind, const std::string& vault);
  void PlanUndeclaredVaults();

  // Backup plans (plan_backup_plans.cc).
  void PlanBackupPlan(const BackupPlanSpec& declared);
  void CreateBackupPlan(const BackupPlanSpec& want, const BackupPlanSpec& declared);
  void UpdateBackupPlan(const BackupPlanSpec& want, const BackupPlanSpec& declared,
                        const LiveBackupPlan& have);
  static void KeepLiveMembers(const BackupPlanSpec& live, Action& a);
  void AddVaultDependencies(Action& a, const BackupPlanSpec& plan);
  void PlanUndeclaredBackupPlans();
  std::map<std::string, std::set<std::string>> BackupPlanActionsByTarget() const;

  // Selections (plan_selections.cc).
  void PlanSelections(const std::string& plan_name, const LiveBackupPlan* have,
                      const std::string& parent);
  void PlanSelection(const Selection& declared, const LiveBackupPlan* have,
                     const std::vector<const LiveSelection*>* group, const std::string& parent);

  // Account and Region settings, and the opt-in warning (plan_settings.cc).
  void PlanSettings();
  void WarnNotOptedIn();

  // Ordering (plan_order.cc).
  void Finish(ActionPlan& plan);

  const DesiredState& desired_;
  const LiveState& live_;
  const PlanOptions& options_;
  const DeclaredIndex& declared_;
  const VaultUses& uses_;
  double now_ = 0;
  std::string stack_;
  bool prune_ = false;
  std::set<std::string> vault_actions_;                     // create / replace, or a type conflict
  std::map<std::string, std::string> backup_plan_actions_;  // plan name -> its action id
  std::vector<Action> forward_;
  std::map<int, std::vector<Action>> deletes_;
  std::vector<std::string> notes_;
  std::vector<std::string> warnings_;
};

}  // namespace backupctl::planning

#endif  // BACKUPCTL_RECONCILE_PLANNER_H_
