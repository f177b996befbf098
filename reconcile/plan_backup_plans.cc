// Backup plans: declared ones created or updated in place (live members
// backupctl does not declare kept), undeclared owned ones deleted with their
// selections when pruning.

#include "reconcile/planner.h"

#include <map>
#include <set>

#include "reconcile/convert.h"
#include "reconcile/identity.h"
#include "reconcile/model_json.h"
#include "reconcile/normalize.h"

namespace backupctl::planning {

void Planner::PlanBackupPlan(const BackupPlanSpec& declared) {
  BackupPlanSpec want = NormalizeBackupPlan(declared);
  if (BlockManagedName(Kind::kBackupPlan, want.name, "plan")) return;
  for (const auto& rule : want.rules) {
    if (declared_.vaults.count(rule.target_vault) ||
        live_.external_vaults_present.count(rule.target_vault)) {
      continue;
    }
    Action a = MakeAction(ActionType::kBlocked, Kind::kBackupPlan, want.name);
    a.reason = "rule " + rule.name + " targets vault " + rule.target_vault +
               ", which the tree does not declare and the account does not hold";
    return Emit(std::move(a));
  }
  auto it = live_.plans.find(want.name);
  if (it == live_.plans.end() || it->second.empty()) return CreateBackupPlan(want, declared);
  if (it->second.size() > 1) {
    Action a = MakeAction(ActionType::kConflict, Kind::kBackupPlan, want.name);
    a.reason = std::to_string(it->second.size()) + " live plans share this name (ids";
    for (const auto& p : it->second) a.reason += " " + p.id;
    a.reason += "); backupctl never picks one: delete or rename the extra ones";
    return Emit(std::move(a));
  }
  const LiveBackupPlan& have = it->second.front();
  if (!have.owned && !have.tags_known) return;  // ownership unknown
  if (!have.owned && !options_.adopt) {
    Action a = MakeAction(ActionType::kConflict, Kind::kBackupPlan, want.name);
    a.reason = NotOurs("plan", have.ownership) + "; run with --adopt to take it over";
    return Emit(std::move(a));
  }
  UpdateBackupPlan(want, declared, have);
  PlanSelections(want.name, &have, "");
}

void Planner::CreateBackupPlan(const BackupPlanSpec& want, const BackupPlanSpec& declared) {
  BackupPlanSpec document = want;
  document.tags.clear();
  Action a = CreateAction(Kind::kBackupPlan, want.name, CanonicalSpec(document));
  a.changes = DiffBackupPlanDocument(want, BackupPlanSpec{});
  AddNewTags(a, want.tags);
  BackupPlanSpec& plan = a.payload.emplace<BackupPlanSpec>(declared);
  plan.tags[kStackTagKey] = stack_;
  AddVaultDependencies(a, want);
  Emit(std::move(a));
  PlanSelections(want.name, nullptr, BackupPlanActionId(want.name));
}

void Planner::UpdateBackupPlan(const BackupPlanSpec& want, const BackupPlanSpec& declared,
                               const LiveBackupPlan& have) {
  Action a = MakeAction(ActionType::kUpdate, Kind::kBackupPlan, want.name);
  a.arn = have.arn;
  a.backup_plan_id = have.id;
  if (have.document_known) {
    a.changes = DiffBackupPlanDocument(want, NormalizeBackupPlan(have.spec));
    a.document_changed = !a.changes.empty();
  }
  if (have.tags_known) {
    TagMap live_tags = NormalizeTags(have.spec.tags);
    Changes tags = DiffTags(Kind::kBackupPlan, want.tags, live_tags);
    a.changes.insert(a.changes.end(), tags.begin(), tags.end());
    SplitTags(a, want.tags, live_tags);
  }
  if (!have.owned) AdoptTag(a, have.ownership);
  if (a.changes.empty()) return;
  a.payload = declared;
  if (a.document_changed) KeepLiveMembers(have.spec, a);
  AddVaultDependencies(a, want);
  backup_plan_actions_[want.name] = a.id;
  Emit(std::move(a));
}

// What the live plan holds that backupctl does not declare goes back as it
// is (convert.h), and the plan says so.
void Planner::KeepLiveMembers(const BackupPlanSpec& live, Action& a) {
  BackupPlanSpec& plan = std::get<BackupPlanSpec>(a.payload);
  plan.kept = live.kept;
  for (const auto& [member, value] : plan.kept) a.kept.push_back(member + " " + value.dump());
  std::map<std::string_view, const Rule*> live_rules;
  for (const auto& r : live.rules) live_rules[r.name] = &r;
  for (auto& rule : plan.rules) {
    auto it = live_rules.find(rule.name);
    if (it == live_rules.end()) continue;
    rule.kept = it->second->kept;
    for (const auto& [member, value] : rule.kept) {
      a.kept.push_back("rule " + rule.name + ": " + member + " " + value.dump());
    }
  }
}

// A plan names its target vaults and, by ARN, its copy destinations.
void Planner::AddVaultDependencies(Action& a, const BackupPlanSpec& plan) {
  std::set<std::string> vaults;
  for (const auto& rule : plan.rules) {
    vaults.insert(rule.target_vault);
    for (const auto& c : rule.copy_actions)
      vaults.insert(VaultNameFromArn(c.destination_vault_arn));
  }
  for (const auto& v : vaults) {
    if (vault_actions_.count(v)) a.depends_on.push_back(VaultActionId(v));
  }
}

void Planner::PlanUndeclaredBackupPlans() {
  for (const auto& [name, group] : live_.plans) {
    if (declared_.backup_plans.count(name)) continue;
    for (const auto& have : group) {
      const std::string id_suffix = group.size() > 1 ? "@" + have.id : "";
      if (!have.owned) {
        if (prune_ && TakenOver(have.ownership)) {
          EmitTakenOver(Kind::kBackupPlan, name, id_suffix, have.ownership);
        }
        continue;
      }
      if (!prune_) {
        Skip("plan " + name);
        continue;
      }
      if (!have.selections_known) continue;  // its selections are unknown: it cannot go
      Action a = MakeAction(ActionType::kDelete, Kind::kBackupPlan, name);
      if (group.size() > 1) a.id += "@" + have.id;
      a.backup_plan_id = have.id;
      a.arn = have.arn;
      std::map<std::string, std::vector<std::string>> by_name;
      for (const auto& s : have.selections) by_name[s.spec.name].push_back(s.selection_id);
      for (auto& [selection, ids] : by_name) {
        Action d = MakeAction(ActionType::kDelete, Kind::kSelection, name + "/" + selection);
        if (group.size() > 1) d.id += "@" + have.id;
        d.backup_plan_id = have.id;
        d.old_selection_ids = std::move(ids);
        a.depends_on.push_back(d.id);
        EmitDelete(std::move(d));
      }
      backup_plan_actions_[name] = a.id;
      EmitDelete(std::move(a));
    }
  }
}

// Vault name -> ids of the plan actions (update or delete) whose live rules
// target it or copy to it.
std::map<std::string, std::set<std::string>> Planner::BackupPlanActionsByTarget() const {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& [plan_name, id] : backup_plan_actions_) {
    auto it = live_.plans.find(plan_name);
    if (it == live_.plans.end()) continue;
    for (const auto& p : it->second) {
      for (const auto& rule : p.spec.rules) {
        out[rule.target_vault].insert(id);
        for (const auto& c : rule.copy_actions) {
          out[VaultNameFromArn(c.destination_vault_arn)].insert(id);
        }
      }
    }
  }
  return out;
}

}  // namespace backupctl::planning
