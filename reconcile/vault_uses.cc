#include "reconcile/vault_uses.h"

#include <algorithm>

namespace backupctl {

VaultUses::VaultUses(const DesiredState& desired, const LiveState& live) {
  for (const auto& plan : desired.plans) AddPlan(plan, "");
  for (const auto& n : desired.notifications) {
    by_name_[n.vault].push_back({"", "notifications are declared for it"});
  }
  for (const auto& p : desired.access_policies) {
    by_name_[p.vault].push_back({"", "an access policy is declared for it"});
  }
  for (const auto& [name, group] : live.plans) {
    for (const auto& plan : group) {
      if (plan.document_known) AddPlan(plan.spec, name);
    }
  }
}

void VaultUses::AddPlan(const Plan& plan, const std::string& live_plan) {
  const std::string whose = "of plan " + plan.name;
  for (const auto& rule : plan.rules) {
    by_name_[rule.target_vault].push_back(
        {live_plan, "rule " + rule.name + " " + whose + " targets it"});
    for (const auto& copy : rule.copy_actions) {
      by_arn_[copy.destination_vault_arn].push_back(
          {live_plan, "rule " + rule.name + " " + whose + " copies to it"});
    }
  }
}

std::vector<std::string> VaultUses::Of(
    const std::string& name, const std::string& arn,
    const std::function<bool(const std::string&)>& skip_live_plan) const {
  std::vector<std::string> out;
  auto collect = [&](const std::map<std::string, std::vector<Use>>& index, const std::string& key,
                     bool declared) {
    auto it = index.find(key);
    if (it == index.end()) return;
    for (const auto& use : it->second) {
      if (use.live_plan.empty() != declared) continue;
      if (!declared && skip_live_plan && skip_live_plan(use.live_plan)) continue;
      // A live plan's use repeats its declared one when the two agree.
      if (std::find(out.begin(), out.end(), use.reason) == out.end()) out.push_back(use.reason);
    }
  };
  for (bool declared : {true, false}) {
    collect(by_name_, name, declared);
    if (!arn.empty()) collect(by_arn_, arn, declared);
  }
  return out;
}

}  // namespace backupctl
