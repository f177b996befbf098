#include "reconcile/normalize.h"

#include <algorithm>
#include <tuple>

#include "reconcile/identity.h"

namespace backupctl {
namespace {

constexpr int64_t kDefaultStartWindowMinutes = 480;
constexpr int64_t kDefaultCompletionWindowMinutes = 10080;
constexpr char kDefaultSchedule[] = "cron(0 5 ? * * *)";

template <typename T, typename Less>
void SortUnique(std::vector<T>& items, Less less) {
  std::sort(items.begin(), items.end(), less);
  auto equal = [&less](const T& a, const T& b) { return !less(a, b) && !less(b, a); };
  items.erase(std::unique(items.begin(), items.end(), equal), items.end());
}

void SortUnique(std::vector<std::string>& items) { SortUnique(items, std::less<std::string>()); }

void SortUnique(std::vector<KeyValue>& items) {
  SortUnique(items, [](const KeyValue& a, const KeyValue& b) {
    return std::tie(a.key, a.value) < std::tie(b.key, b.value);
  });
}

std::optional<LifecycleSpec> NormalizeLifecycle(std::optional<LifecycleSpec> lifecycle) {
  if (!lifecycle) return std::nullopt;
  if (lifecycle->opt_in_to_archive_for_supported_resources == false) {
    lifecycle->opt_in_to_archive_for_supported_resources.reset();
  }
  if (!lifecycle->move_to_cold_storage_after_days && !lifecycle->delete_after_days &&
      !lifecycle->opt_in_to_archive_for_supported_resources) {
    return std::nullopt;
  }
  return lifecycle;
}

}  // namespace

TagMap NormalizeTags(const TagMap& tags) {
  TagMap out;
  for (const auto& [key, value] : tags) {
    if (key == kStackTagKey || key.rfind("aws:", 0) == 0) continue;
    out.emplace_hint(out.end(), key, value);
  }
  return out;
}

std::optional<VaultLock> NormalizeLock(std::optional<VaultLock> lock) {
  if (!lock) return std::nullopt;
  lock->changeable_for_days.reset();
  return lock;
}

Vault NormalizeVault(Vault vault) {
  vault.tags = NormalizeTags(vault.tags);
  vault.lock = NormalizeLock(std::move(vault.lock));
  return vault;
}

Rule NormalizeRule(Rule rule) {
  if (rule.schedule == kDefaultSchedule) rule.schedule.reset();
  if (rule.schedule_timezone == "Etc/UTC" || rule.schedule_timezone == "UTC") {
    rule.schedule_timezone.reset();
  }
  if (rule.start_window_minutes == kDefaultStartWindowMinutes) rule.start_window_minutes.reset();
  if (rule.completion_window_minutes == kDefaultCompletionWindowMinutes) {
    rule.completion_window_minutes.reset();
  }
  if (rule.enable_continuous_backup == false) rule.enable_continuous_backup.reset();
  rule.lifecycle = NormalizeLifecycle(std::move(rule.lifecycle));
  for (auto& copy : rule.copy_actions) copy.lifecycle = NormalizeLifecycle(copy.lifecycle);
  for (auto& index : rule.index_actions) SortUnique(index.resource_types);
  SortUnique(rule.index_actions, [](const IndexActionSpec& a, const IndexActionSpec& b) {
    return a.resource_types < b.resource_types;
  });
  std::sort(rule.copy_actions.begin(), rule.copy_actions.end(),
            [](const CopyActionSpec& a, const CopyActionSpec& b) {
              return a.destination_vault_arn < b.destination_vault_arn;
            });
  return rule;
}

BackupPlanSpec NormalizeBackupPlan(BackupPlanSpec plan) {
  plan.tags = NormalizeTags(plan.tags);
  for (auto& rule : plan.rules) rule = NormalizeRule(std::move(rule));
  std::sort(plan.rules.begin(), plan.rules.end(),
            [](const Rule& a, const Rule& b) { return a.name < b.name; });
  std::sort(plan.advanced_backup_settings.begin(), plan.advanced_backup_settings.end(),
            [](const AdvancedSetting& a, const AdvancedSetting& b) {
              return a.resource_type < b.resource_type;
            });
  return plan;
}

Selection NormalizeSelection(Selection selection) {
  SortUnique(selection.resources);
  SortUnique(selection.not_resources);
  SortUnique(selection.list_of_tags, [](const TagCondition& a, const TagCondition& b) {
    return std::tie(a.type, a.key, a.value) < std::tie(b.type, b.key, b.value);
  });
  ForEachConditionList([](const char*, auto& list) { SortUnique(list); }, selection.conditions);
  return selection;
}

VaultNotifications NormalizeNotifications(VaultNotifications notifications) {
  SortUnique(notifications.events);
  return notifications;
}

}  // namespace backupctl
