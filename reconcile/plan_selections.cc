// Selections of one backup plan: immutable in AWS, so a changed one is
// replaced (the new one made before the old one goes), and duplicates left by
// an interrupted replace are removed.

#include "reconcile/planner.h"

#include <map>
#include <set>

#include "reconcile/identity.h"
#include "reconcile/model_json.h"
#include "reconcile/normalize.h"

namespace backupctl::planning {

void Planner::PlanSelections(const std::string& plan_name, const LiveBackupPlan* have,
                             const std::string& parent) {
  if (have && !have->selections_known) return;
  std::map<std::string_view, std::vector<const LiveSelection*>> live;
  if (have) {
    for (const auto& s : have->selections) live[s.spec.name].push_back(&s);
  }
  std::set<std::string_view> declared;
  auto it = declared_.selections.find(plan_name);
  if (it != declared_.selections.end()) {
    for (const Selection* s : it->second) {
      declared.insert(s->name);
      auto l = live.find(s->name);
      PlanSelection(*s, have, l == live.end() ? nullptr : &l->second, parent);
    }
  }
  for (const auto& [name, group] : live) {
    if (declared.count(name)) continue;
    if (!prune_) {
      Skip("selection " + plan_name + "/" + std::string(name));
      continue;
    }
    Action a =
        MakeAction(ActionType::kDelete, Kind::kSelection, plan_name + "/" + std::string(name));
    a.backup_plan_id = have->id;
    for (const auto* s : group) a.old_selection_ids.push_back(s->selection_id);
    EmitDelete(std::move(a));
  }
}

void Planner::PlanSelection(const Selection& declared, const LiveBackupPlan* have,
                            const std::vector<const LiveSelection*>* group,
                            const std::string& parent) {
  Selection want = NormalizeSelection(declared);
  const LiveSelection* match = nullptr;
  if (group) {
    for (const auto* s : *group) {
      if (!s->known) return;  // unreadable: no create, no delete
      if (!match && DiffSelection(want, NormalizeSelection(s->spec)).empty()) match = s;
    }
    if (match && group->size() == 1) return;  // converged: no action is built
  }
  Action a = MakeAction(ActionType::kCreate, Kind::kSelection, declared.plan + "/" + declared.name);
  if (!parent.empty()) a.depends_on.push_back(parent);
  a.payload = declared;
  if (have) a.backup_plan_id = have->id;
  // The id hashes the canonical spec: made only for a selection to create.
  auto creator_request_id = [&] {
    return MakeCreatorRequestId(stack_, Kind::kSelection, a.name, CanonicalSpec(want));
  };
  if (!group) {
    a.creator_request_id = creator_request_id();
    a.changes = DiffSelection(want, Selection{});
    return Emit(std::move(a));
  }
  a.type = ActionType::kReplace;
  for (const auto* s : *group) {
    if (s != match) a.old_selection_ids.push_back(s->selection_id);
  }
  if (match) {
    a.payload = std::monostate{};
    a.reason = "duplicate selections of this name (an interrupted replace): the extra ones go";
    a.changes.push_back({"duplicates", std::to_string(group->size()), "1", {}, {}});
  } else {
    a.creator_request_id = creator_request_id();
    a.changes = DiffSelection(want, NormalizeSelection(group->front()->spec));
    a.reason = "selections are immutable: the new one is created before the old one is deleted";
  }
  Emit(std::move(a));
}

}  // namespace backupctl::planning
