// Ordering: settings updates before everything else; deletes after every
// create and update, in reverse creation order; each action's level is one
// more than its deepest dependency's.

#include "reconcile/planner.h"

#include <algorithm>
#include <map>
#include <set>

namespace backupctl::planning {

bool IsSettings(Kind kind) {
  return kind == Kind::kRegionSettings || kind == Kind::kGlobalSettings;
}

void Planner::Finish(ActionPlan& plan) {
  std::vector<Action> all = std::move(forward_);
  // Settings first: a resource type is opted in before vaults, plans and
  // selections that rely on it are made.
  std::vector<std::string> settings;
  for (const auto& a : all) {
    if (IsSettings(a.kind)) settings.push_back(a.id);
  }
  // Deletes in reverse creation order: selections, plans, vault parts, vaults.
  for (Kind kind : {Kind::kSelection, Kind::kBackupPlan, Kind::kVaultNotifications,
                    Kind::kVaultAccessPolicy, Kind::kVaultLock, Kind::kVault}) {
    auto& list = deletes_[static_cast<int>(kind)];
    for (auto& a : list) all.push_back(std::move(a));
  }
  for (auto& a : all) {
    if (!IsSettings(a.kind))
      a.depends_on.insert(a.depends_on.end(), settings.begin(), settings.end());
  }
  std::map<std::string, int> level;
  std::set<std::string> present;
  for (const auto& a : all) present.insert(a.id);
  for (auto& a : all) {
    std::erase_if(a.depends_on, [&](const std::string& d) { return !present.count(d); });
    int l = 0;
    for (const auto& d : a.depends_on) l = std::max(l, level[d] + 1);
    a.level = l;
    level[a.id] = l;
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Action& a, const Action& b) { return a.level < b.level; });
  plan.actions = std::move(all);
  plan.notes = std::move(notes_);
  plan.warnings = std::move(warnings_);
}

}  // namespace backupctl::planning
