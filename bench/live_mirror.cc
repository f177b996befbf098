#include "bench/live_mirror.h"

#include <map>

#include "reconcile/identity.h"
#include "reconcile/model_json.h"

namespace backupctl::bench {
namespace {

constexpr int64_t kDefaultStartWindow = 480;
constexpr int64_t kDefaultCompletionWindow = 10080;

LiveVault MirrorVault(const Vault& declared, const std::string& stack, const std::string& arn) {
  LiveVault live;
  live.spec.name = declared.name;
  live.spec.encryption_key_arn = declared.encryption_key_arn;
  live.spec.tags = declared.tags;
  live.spec.tags[kStackTagKey] = stack;
  if (declared.lock) {
    live.spec.lock = VaultLock{declared.lock->min_retention_days, declared.lock->max_retention_days,
                               std::nullopt};
    live.locked = true;
  }
  live.arn = arn;
  live.creator_request_id = MakeCreatorRequestId(stack, Kind::kVault, declared.name, declared.name);
  live.owned = live.tags_known = live.notifications_known = live.policy_known = true;
  return live;
}

// What GetBackupPlan answers: the document with AWS's defaults filled in.
BackupPlanSpec MirrorDocument(const BackupPlanSpec& declared) {
  BackupPlanSpec doc;
  doc.name = declared.name;
  doc.advanced_backup_settings = declared.advanced_backup_settings;
  doc.rules = declared.rules;
  for (Rule& rule : doc.rules) {
    if (!rule.schedule_timezone) rule.schedule_timezone = "Etc/UTC";
    if (!rule.start_window_minutes) rule.start_window_minutes = kDefaultStartWindow;
    if (!rule.completion_window_minutes) rule.completion_window_minutes = kDefaultCompletionWindow;
  }
  return doc;
}

LiveBackupPlan MirrorPlan(const BackupPlanSpec& declared, const std::string& stack,
                          const std::string& arn_prefix, size_t index) {
  LiveBackupPlan live;
  live.spec = MirrorDocument(declared);
  live.spec.tags = declared.tags;
  live.spec.tags[kStackTagKey] = stack;
  live.id = "bench-plan-id-" + std::to_string(index);
  live.arn = arn_prefix + live.id;
  live.version_id = "bench-version-" + std::to_string(index);
  live.creator_request_id =
      MakeCreatorRequestId(stack, Kind::kBackupPlan, declared.name, CanonicalSpec(live.spec));
  live.owned = live.document_known = live.tags_known = live.selections_known = true;
  return live;
}

LiveSelection MirrorSelection(const Selection& declared, const std::string& stack, size_t index) {
  LiveSelection live;
  live.spec = declared;
  live.selection_id = "bench-selection-id-" + std::to_string(index);
  live.creator_request_id = MakeCreatorRequestId(
      stack, Kind::kSelection, declared.plan + "/" + declared.name, CanonicalSpec(live.spec));
  live.known = true;
  return live;
}

}  // namespace

LiveState MirrorLive(const DesiredState& desired, const std::string& region,
                     const std::string& account_id) {
  const std::string& stack = desired.project.stack;
  const std::string arn_base = "arn:aws:backup:" + region + ":" + account_id;
  LiveState live;
  for (const Vault& v : desired.vaults) {
    live.vaults[v.name] = MirrorVault(v, stack, arn_base + ":backup-vault:" + v.name);
  }
  for (const VaultNotifications& n : desired.notifications) {
    auto it = live.vaults.find(n.vault);
    if (it == live.vaults.end()) continue;
    it->second.notifications = VaultNotifications{n.vault, n.sns_topic_arn, n.events};
  }
  for (const VaultAccessPolicy& p : desired.access_policies) {
    auto it = live.vaults.find(p.vault);
    if (it == live.vaults.end()) continue;
    it->second.policy = VaultAccessPolicy{p.vault, p.policy};
  }
  std::map<std::string, LiveBackupPlan*> by_name;
  for (size_t i = 0; i < desired.plans.size(); ++i) {
    const BackupPlanSpec& p = desired.plans[i];
    auto& slot = live.plans[p.name];
    slot.push_back(MirrorPlan(p, stack, arn_base + ":backup-plan:", i));
    by_name[p.name] = &slot.back();
  }
  for (size_t i = 0; i < desired.selections.size(); ++i) {
    const Selection& s = desired.selections[i];
    auto it = by_name.find(s.plan);
    if (it != by_name.end()) it->second->selections.push_back(MirrorSelection(s, stack, i));
  }
  return live;
}

}  // namespace backupctl::bench
