#include "reconcile/diff.h"

#include <algorithm>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "desired/policy_json.h"
#include "reconcile/model_json.h"
#include "reconcile/normalize.h"

namespace backupctl {
namespace {

using nlohmann::json;

constexpr char kNone[] = "(none)";

// A change's path in up to four parts, joined only when a change is found:
// equal fields, the common case of a converged estate, allocate nothing.
struct Path {
  std::string_view a, b = {}, c = {}, d = {};
  std::string str() const {
    std::string out;
    out.reserve(a.size() + b.size() + c.size() + d.size());
    out.append(a).append(b).append(c).append(d);
    return out;
  }
};

template <typename T>
std::string Render(const std::optional<T>& value) {
  return value ? json(*value).dump() : kNone;
}

template <typename T>
void Compare(Changes& out, Path path, const std::optional<T>& desired,
             const std::optional<T>& live) {
  if (desired != live) out.push_back({path.str(), Render(live), Render(desired), {}, {}});
}

void Compare(Changes& out, Path path, const std::string& desired, const std::string& live) {
  if (desired != live) out.push_back({path.str(), json(live).dump(), json(desired).dump(), {}, {}});
}

void CompareRenderedSets(Changes& out, std::string_view path,
                         const std::vector<std::string>& desired,
                         const std::vector<std::string>& live) {
  std::set<std::string> want(desired.begin(), desired.end());
  std::set<std::string> have(live.begin(), live.end());
  FieldChange change{std::string(path), "", "", {}, {}};
  std::set_difference(want.begin(), want.end(), have.begin(), have.end(),
                      std::back_inserter(change.added));
  std::set_difference(have.begin(), have.end(), want.begin(), want.end(),
                      std::back_inserter(change.removed));
  if (!change.added.empty() || !change.removed.empty()) out.push_back(std::move(change));
}

// Set-valued fields: equal lists are equal sets, so only unequal ones are rendered.
template <typename T, typename RenderItem>
void CompareSets(Changes& out, std::string_view path, const std::vector<T>& desired,
                 const std::vector<T>& live, RenderItem render) {
  if (desired == live) return;
  auto rendered = [&render](const std::vector<T>& list) {
    std::vector<std::string> items;
    items.reserve(list.size());
    for (const auto& item : list) items.push_back(render(item));
    return items;
  };
  CompareRenderedSets(out, path, rendered(desired), rendered(live));
}

void CompareSets(Changes& out, std::string_view path, const std::vector<std::string>& desired,
                 const std::vector<std::string>& live) {
  if (desired != live) CompareRenderedSets(out, path, desired, live);
}

std::string RenderKeyValue(const KeyValue& kv) { return kv.key + "=" + kv.value; }

std::string RenderIndexAction(const IndexActionSpec& a) {
  return json({{"resourceTypes", a.resource_types}}).dump();
}

std::string RenderTagCondition(const TagCondition& t) {
  return t.type + ":" + t.key + "=" + t.value;
}

void DiffLifecycle(Changes& out, std::string_view prefix,
                   const std::optional<LifecycleSpec>& desired,
                   const std::optional<LifecycleSpec>& live) {
  LifecycleSpec want = desired.value_or(LifecycleSpec{});
  LifecycleSpec have = live.value_or(LifecycleSpec{});
  Compare(out, {prefix, "moveToColdStorageAfterDays"}, want.move_to_cold_storage_after_days,
          have.move_to_cold_storage_after_days);
  Compare(out, {prefix, "deleteAfterDays"}, want.delete_after_days, have.delete_after_days);
  Compare(out, {prefix, "optInToArchiveForSupportedResources"},
          want.opt_in_to_archive_for_supported_resources,
          have.opt_in_to_archive_for_supported_resources);
}

// `prefix` names the map ("backupVaultTags.", "rule daily: " "recoveryPointTags."); a key completes
// it.
bool SameLifecycle(const std::optional<LifecycleSpec>& desired,
                   const std::optional<LifecycleSpec>& live) {
  LifecycleSpec want = desired.value_or(LifecycleSpec{});
  LifecycleSpec have = live.value_or(LifecycleSpec{});
  return want.move_to_cold_storage_after_days == have.move_to_cold_storage_after_days &&
         want.delete_after_days == have.delete_after_days &&
         want.opt_in_to_archive_for_supported_resources ==
             have.opt_in_to_archive_for_supported_resources;
}

void DiffTagsInto(Changes& out, Path prefix, const TagMap& desired, const TagMap& live) {
  auto d = desired.begin();
  auto l = live.begin();
  while (d != desired.end() || l != live.end()) {
    if (l == live.end() || (d != desired.end() && d->first < l->first)) {
      out.push_back({Path{prefix.a, prefix.b, prefix.c, d->first}.str(),
                     kNone,
                     json(d->second).dump(),
                     {},
                     {}});
      ++d;
    } else if (d == desired.end() || l->first < d->first) {
      out.push_back({Path{prefix.a, prefix.b, prefix.c, l->first}.str(),
                     json(l->second).dump(),
                     kNone,
                     {},
                     {}});
      ++l;
    } else {
      Compare(out, {prefix.a, prefix.b, prefix.c, d->first}, d->second, l->second);
      ++d;
      ++l;
    }
  }
}

// Pairs a desired list with a live one by key (the last live item of a key wins):
// added(d) for a desired item no live one matches, both(d, l) for a pair,
// removed(l) for a live item no desired one names, in the lists' order.
template <typename T, typename Key, typename Added, typename Both, typename Removed>
void PairByKey(const std::vector<T>& desired, const std::vector<T>& live, Key key, Added added,
               Both both, Removed removed) {
  std::map<std::string_view, const T*> have;
  for (const auto& l : live) have[key(l)] = &l;
  std::set<std::string_view> wanted;
  for (const auto& d : desired) {
    wanted.insert(key(d));
    auto it = have.find(key(d));
    if (it == have.end()) {
      added(d);
    } else {
      both(d, *it->second);
    }
  }
  for (const auto& l : live) {
    if (!wanted.count(key(l))) removed(l);
  }
}

void DiffCopyActions(Changes& out, const std::string& prefix, const Rule& desired,
                     const Rule& live) {
  auto path = [&](const CopyActionSpec& c) {
    return prefix + "copy to " + c.destination_vault_arn;
  };
  auto lifecycle = [](const CopyActionSpec& c) {
    return ToJson(c.lifecycle.value_or(LifecycleSpec{})).dump();
  };
  PairByKey(
      desired.copy_actions, live.copy_actions,
      [](const CopyActionSpec& c) -> std::string_view { return c.destination_vault_arn; },
      [&](const CopyActionSpec& c) {
        out.push_back({path(c), kNone, lifecycle(c), {}, {}, true});
      },
      [&](const CopyActionSpec& d, const CopyActionSpec& l) {
        if (!SameLifecycle(d.lifecycle, l.lifecycle)) {
          DiffLifecycle(out, path(d) + ": ", d.lifecycle, l.lifecycle);
        }
      },
      [&](const CopyActionSpec& c) {
        out.push_back({path(c), lifecycle(c), kNone, {}, {}, true});
      });
}

void DiffRule(Changes& out, const Rule& desired, const Rule& live) {
  const std::string prefix = "rule " + desired.name + ": ";
  Compare(out, {prefix, "targetBackupVaultName"}, desired.target_vault, live.target_vault);
  Compare(out, {prefix, "scheduleExpression"}, desired.schedule, live.schedule);
  Compare(out, {prefix, "scheduleExpressionTimezone"}, desired.schedule_timezone,
          live.schedule_timezone);
  Compare(out, {prefix, "startWindowMinutes"}, desired.start_window_minutes,
          live.start_window_minutes);
  Compare(out, {prefix, "completionWindowMinutes"}, desired.completion_window_minutes,
          live.completion_window_minutes);
  DiffLifecycle(out, prefix, desired.lifecycle, live.lifecycle);
  DiffTagsInto(out, {prefix, "recoveryPointTags."}, desired.recovery_point_tags,
               live.recovery_point_tags);
  if (!desired.copy_actions.empty() || !live.copy_actions.empty()) {
    DiffCopyActions(out, prefix, desired, live);
  }
  Compare(out, {prefix, "enableContinuousBackup"}, desired.enable_continuous_backup,
          live.enable_continuous_backup);
  Compare(out, {prefix, "targetLogicallyAirGappedBackupVaultArn"},
          desired.target_logically_air_gapped_backup_vault_arn,
          live.target_logically_air_gapped_backup_vault_arn);
  if (desired.index_actions != live.index_actions) {
    CompareSets(out, prefix + "indexActions", desired.index_actions, live.index_actions,
                RenderIndexAction);
  }
}

// The document as written, keys sorted (JSON objects are), on one line; a
// live answer that is not JSON stays its text, any invalid UTF-8 replaced.
std::string PolicyText(const json& policy) {
  if (PolicyTooDeep(policy)) return NormalizePolicy(policy).get<std::string>();
  json doc;
  if (policy.is_string() && ParsePolicyText(policy.get_ref<const std::string&>(), &doc).empty()) {
    return doc.dump();
  }
  return policy.dump(-1, ' ', false, json::error_handler_t::replace);
}

void RenameKey(json& j, const char* from, const char* to) {
  auto it = j.find(from);
  if (it == j.end()) return;
  json value = std::move(*it);
  j.erase(it);
  j[to] = std::move(value);
}

// A rule as its document names its fields. model_json keeps its older keys
// (targetVault, schedule, ...): they are the saved plan's format and what
// CreatorRequestIds hash, so only what is shown is renamed.
std::string RuleSummary(const Rule& rule) {
  json j = ToJson(rule);
  j.erase("name");
  RenameKey(j, "targetVault", "targetBackupVaultName");
  RenameKey(j, "schedule", "scheduleExpression");
  RenameKey(j, "scheduleTimezone", "scheduleExpressionTimezone");
  auto copies = j.find("copyActions");
  if (copies != j.end()) {
    for (json& c : *copies) RenameKey(c, "destinationVaultArn", "destinationBackupVaultArn");
  }
  return j.dump();
}

}  // namespace

std::string FieldChange::ToString() const {
  if (added.empty() && removed.empty()) return path + ": " + before + " -> " + after;
  std::string out = path + ":";
  for (const auto& a : added) out += " +" + a;
  for (const auto& r : removed) out += " -" + r;
  return out;
}

std::string TagPath(Kind kind, std::string_view key) {
  return (kind == Kind::kBackupPlan ? "backupPlanTags." : "backupVaultTags.") + std::string(key);
}

Changes DiffTags(Kind kind, const TagMap& desired, const TagMap& live) {
  Changes out;
  const std::string prefix = TagPath(kind, "");
  DiffTagsInto(out, {prefix}, desired, live);
  return out;
}

Changes DiffVaultKey(const Vault& desired, const Vault& live) {
  Changes out;
  if (desired.encryption_key_arn) {
    Compare(out, {"encryptionKeyArn"}, desired.encryption_key_arn, live.encryption_key_arn);
  }
  return out;
}

Changes DiffLock(const std::optional<VaultLock>& desired, const std::optional<VaultLock>& live) {
  Changes out;
  VaultLock want = desired.value_or(VaultLock{});
  VaultLock have = live.value_or(VaultLock{});
  if (desired.has_value() != live.has_value() && !want.min_retention_days &&
      !want.max_retention_days && !have.min_retention_days && !have.max_retention_days) {
    out.push_back({"lock", live ? "{}" : kNone, desired ? "{}" : kNone, {}, {}});
  }
  Compare(out, {"minRetentionDays"}, want.min_retention_days, have.min_retention_days);
  Compare(out, {"maxRetentionDays"}, want.max_retention_days, have.max_retention_days);
  return out;
}

Changes DiffLockMode(LockMode desired, std::optional<LockMode> live) {
  auto name = [](LockMode m) { return m == LockMode::kCompliance ? "compliance" : "governance"; };
  Changes out;
  if (!live && desired == LockMode::kGovernance) return out;
  if (live && *live == desired) return out;
  out.push_back(
      {"mode", live ? json(name(*live)).dump() : kNone, json(name(desired)).dump(), {}, {}});
  return out;
}

Changes DiffNotifications(const VaultNotifications& desired, const VaultNotifications& live) {
  Changes out;
  Compare(out, {"snsTopicArn"}, desired.sns_topic_arn, live.sns_topic_arn);
  CompareSets(out, "backupVaultEvents", desired.events, live.events);
  return out;
}

Changes DiffPolicy(const VaultAccessPolicy* desired, const VaultAccessPolicy* live,
                   std::string_view partition) {
  Changes out;
  if (desired == nullptr && live == nullptr) return out;
  if (desired != nullptr && live != nullptr &&
      NormalizePolicy(desired->policy, partition) == NormalizePolicy(live->policy, partition)) {
    return out;
  }
  out.push_back({"policy",
                 live ? PolicyText(live->policy) : kNone,
                 desired ? PolicyText(desired->policy) : kNone,
                 {},
                 {},
                 true});
  return out;
}

Changes DiffBackupPlanDocument(const BackupPlanSpec& desired, const BackupPlanSpec& live) {
  Changes out;
  PairByKey(
      desired.rules, live.rules, [](const Rule& r) -> std::string_view { return r.name; },
      [&](const Rule& r) {
        out.push_back({"rule " + r.name, kNone, RuleSummary(r), {}, {}, true});
      },
      [&](const Rule& d, const Rule& l) { DiffRule(out, d, l); },
      [&](const Rule& r) {
        out.push_back({"rule " + r.name, RuleSummary(r), kNone, {}, {}, true});
      });
  if (desired.advanced_backup_settings.empty() && live.advanced_backup_settings.empty()) {
    return out;
  }
  using Options = std::map<std::string, std::string>;
  std::map<std::string_view, std::pair<const Options*, const Options*>> settings;
  for (const auto& s : desired.advanced_backup_settings)
    settings[s.resource_type].first = &s.backup_options;
  for (const auto& s : live.advanced_backup_settings)
    settings[s.resource_type].second = &s.backup_options;
  static const Options kNoOptions;
  for (const auto& [type, options] : settings) {
    DiffTagsInto(out, {"advancedBackupSettings.", type, "."},
                 options.first ? *options.first : kNoOptions,
                 options.second ? *options.second : kNoOptions);
  }
  return out;
}

Changes DiffSelection(const Selection& desired, const Selection& live) {
  Changes out;
  Compare(out, {"iamRoleArn"}, desired.iam_role_arn, live.iam_role_arn);
  CompareSets(out, "resources", desired.resources, live.resources);
  CompareSets(out, "notResources", desired.not_resources, live.not_resources);
  CompareSets(out, "listOfTags", desired.list_of_tags, live.list_of_tags, RenderTagCondition);
  const auto& d = desired.conditions;
  const auto& l = live.conditions;
  ForEachConditionList(
      [&out](const char* name, const auto& desired_list, const auto& live_list) {
        CompareSets(out, std::string("conditions.") + name, desired_list, live_list,
                    RenderKeyValue);
      },
      d, l);
  return out;
}

}  // namespace backupctl
