#include "reconcile/vault_uses.h"

#include <algorithm>

namespace backupctl {

VaultUses::VaultUses(const DesiredState& desired, const LiveState& live) {
  for (const auto& plan : desired.plans) AddBackupPlan(plan, false);
  for (const auto& n : desired.notifications) {
    by_name_[n.vault].push_back({How::kNotifications, nullptr, nullptr, false});
  }
  for (const auto& p : desired.access_policies) {
    by_name_[p.vault].push_back({How::kPolicy, nullptr, nullptr, false});
  }
  for (const auto& [name, group] : live.plans) {
    for (const auto& plan : group) {
      if (plan.document_known) AddBackupPlan(plan.spec, true);
    }
  }
}

void VaultUses::AddBackupPlan(const BackupPlanSpec& plan, bool live) {
  for (const auto& rule : plan.rules) {
    by_name_[rule.target_vault].push_back({How::kTarget, &plan, &rule, live});
    for (const auto& copy : rule.copy_actions) {
      by_arn_[copy.destination_vault_arn].push_back({How::kCopy, &plan, &rule, live});
    }
  }
}

std::string VaultUses::Use::Reason() const {
  switch (how) {
    case How::kTarget:
      return "rule " + rule->name + " of plan " + plan->name + " targets it";
    case How::kCopy:
      return "rule " + rule->name + " of plan " + plan->name + " copies to it";
    case How::kNotifications:
      return "notifications are declared for it";
    case How::kPolicy:
      return "an access policy is declared for it";
  }
  return "";
}

std::vector<std::string> VaultUses::Of(
    const std::string& name, const std::string& arn,
    const std::function<bool(const std::string&)>& skip_live_plan) const {
  std::vector<std::string> out;
  auto collect = [&](const std::unordered_map<std::string_view, std::vector<Use>>& index,
                     const std::string& key, bool live) {
    auto it = index.find(key);
    if (it == index.end()) return;
    for (const auto& use : it->second) {
      if (use.live != live) continue;
      if (live && skip_live_plan && skip_live_plan(use.plan->name)) continue;
      // A live plan's use repeats its declared one when the two agree.
      std::string reason = use.Reason();
      if (std::find(out.begin(), out.end(), reason) == out.end()) out.push_back(std::move(reason));
    }
  };
  for (bool live : {false, true}) {
    collect(by_name_, name, live);
    if (!arn.empty()) collect(by_arn_, arn, live);
  }
  return out;
}

}  // namespace backupctl
