#include "reconcile/model_json.h"

#include "desired/policy_json.h"

namespace backupctl {
namespace {

using nlohmann::json;

template <typename T>
void PutOpt(json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}

template <typename T>
void GetOpt(const json& j, const char* key, std::optional<T>& value) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) value = it->template get<T>();
}

template <typename T>
void GetOr(const json& j, const char* key, T& value) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) value = it->template get<T>();
}

// The optional members of a shape, listed once for both directions:
// `io(key, member)` is PutOpts in ToJson and GetOpts in *FromJson.
struct PutOpts {
  json& j;
  template <typename T>
  void operator()(const char* key, const std::optional<T>& value) const {
    PutOpt(j, key, value);
  }
};
struct GetOpts {
  const json& j;
  template <typename T>
  void operator()(const char* key, std::optional<T>& value) const {
    GetOpt(j, key, value);
  }
};

template <typename Shape, typename Io>
void VaultLockMembers(Shape& lock, Io io) {
  io("minRetentionDays", lock.min_retention_days);
  io("maxRetentionDays", lock.max_retention_days);
  io("changeableForDays", lock.changeable_for_days);
}

template <typename Shape, typename Io>
void LifecycleMembers(Shape& lifecycle, Io io) {
  io("moveToColdStorageAfterDays", lifecycle.move_to_cold_storage_after_days);
  io("deleteAfterDays", lifecycle.delete_after_days);
  io("optInToArchiveForSupportedResources", lifecycle.opt_in_to_archive_for_supported_resources);
}

template <typename Shape, typename Io>
void RuleOptionalMembers(Shape& rule, Io io) {
  io("schedule", rule.schedule);
  io("scheduleTimezone", rule.schedule_timezone);
  io("startWindowMinutes", rule.start_window_minutes);
  io("completionWindowMinutes", rule.completion_window_minutes);
  io("enableContinuousBackup", rule.enable_continuous_backup);
  io("targetLogicallyAirGappedBackupVaultArn", rule.target_logically_air_gapped_backup_vault_arn);
}

template <typename Shape, typename Io>
void TargetOptionalMembers(Shape& target, Io io) {
  io("region", target.region);
  io("accountId", target.account_id);
  io("profile", target.profile);
  io("endpoint", target.endpoint);
  io("stateFile", target.state_file);
}

json KeyValuesToJson(const std::vector<KeyValue>& list) {
  json out = json::array();
  for (const auto& kv : list) out.push_back({{"key", kv.key}, {"value", kv.value}});
  return out;
}

std::vector<KeyValue> KeyValuesFromJson(const json& j, const char* key) {
  std::vector<KeyValue> out;
  auto it = j.find(key);
  if (it == j.end()) return out;
  for (const auto& kv : *it)
    out.push_back({kv.at("key").get<std::string>(), kv.at("value").get<std::string>()});
  return out;
}

LifecycleSpec LifecycleFromJson(const json& j) {
  LifecycleSpec out;
  LifecycleMembers(out, GetOpts{j});
  return out;
}

Rule RuleFromJson(const json& j) {
  Rule out;
  out.name = j.at("name").get<std::string>();
  out.target_vault = j.at("targetVault").get<std::string>();
  RuleOptionalMembers(out, GetOpts{j});
  if (j.contains("lifecycle")) out.lifecycle = LifecycleFromJson(j.at("lifecycle"));
  GetOr(j, "recoveryPointTags", out.recovery_point_tags);
  for (const auto& c : j.value("copyActions", json::array())) {
    CopyActionSpec copy;
    copy.destination_vault_arn = c.at("destinationVaultArn").get<std::string>();
    if (c.contains("lifecycle")) copy.lifecycle = LifecycleFromJson(c.at("lifecycle"));
    out.copy_actions.push_back(std::move(copy));
  }
  for (const auto& i : j.value("indexActions", json::array())) {
    out.index_actions.push_back({i.at("resourceTypes").get<std::vector<std::string>>()});
  }
  GetOr(j, "kept", out.kept);
  return out;
}

}  // namespace

json ToJson(const VaultLock& lock) {
  json j = json::object();
  VaultLockMembers(lock, PutOpts{j});
  return j;
}

json ToJson(const Vault& vault) {
  json j = {{"name", vault.name}, {"tags", vault.tags}};
  PutOpt(j, "encryptionKeyArn", vault.encryption_key_arn);
  if (vault.lock) j["lock"] = ToJson(*vault.lock);
  return j;
}

json ToJson(const LifecycleSpec& lifecycle) {
  json j = json::object();
  LifecycleMembers(lifecycle, PutOpts{j});
  return j;
}

json ToJson(const Rule& rule) {
  json j = {{"name", rule.name}, {"targetVault", rule.target_vault}};
  RuleOptionalMembers(rule, PutOpts{j});
  if (rule.lifecycle) j["lifecycle"] = ToJson(*rule.lifecycle);
  if (!rule.recovery_point_tags.empty()) j["recoveryPointTags"] = rule.recovery_point_tags;
  if (!rule.copy_actions.empty()) {
    json copies = json::array();
    for (const auto& c : rule.copy_actions) {
      json cj = {{"destinationVaultArn", c.destination_vault_arn}};
      if (c.lifecycle) cj["lifecycle"] = ToJson(*c.lifecycle);
      copies.push_back(std::move(cj));
    }
    j["copyActions"] = std::move(copies);
  }
  if (!rule.index_actions.empty()) {
    json actions = json::array();
    for (const auto& i : rule.index_actions)
      actions.push_back({{"resourceTypes", i.resource_types}});
    j["indexActions"] = std::move(actions);
  }
  if (!rule.kept.empty()) j["kept"] = rule.kept;
  return j;
}

json ToJson(const BackupPlanSpec& plan) {
  json rules = json::array();
  for (const auto& r : plan.rules) rules.push_back(ToJson(r));
  json j = {{"name", plan.name}, {"tags", plan.tags}, {"rules", std::move(rules)}};
  if (!plan.advanced_backup_settings.empty()) {
    json settings = json::array();
    for (const auto& s : plan.advanced_backup_settings) {
      settings.push_back({{"resourceType", s.resource_type}, {"backupOptions", s.backup_options}});
    }
    j["advancedBackupSettings"] = std::move(settings);
  }
  if (!plan.kept.empty()) j["kept"] = plan.kept;
  return j;
}

json ToJson(const Selection& selection) {
  json tags = json::array();
  for (const auto& t : selection.list_of_tags) {
    tags.push_back({{"type", t.type}, {"key", t.key}, {"value", t.value}});
  }
  json conditions = json::object();
  ForEachConditionList(
      [&conditions](const char* name, const auto& list) {
        conditions[name] = KeyValuesToJson(list);
      },
      selection.conditions);
  return {{"name", selection.name},
          {"plan", selection.plan},
          {"iamRoleArn", selection.iam_role_arn},
          {"resources", selection.resources},
          {"notResources", selection.not_resources},
          {"listOfTags", std::move(tags)},
          {"conditions", std::move(conditions)}};
}

json ToJson(const VaultNotifications& notifications) {
  return {{"vault", notifications.vault},
          {"snsTopicArn", notifications.sns_topic_arn},
          {"events", notifications.events}};
}

json ToJson(const VaultAccessPolicy& policy) {
  return {{"vault", policy.vault}, {"policy", policy.policy}};
}

json ToJson(const Project& project) {
  json target = {{"type", project.target.type}};
  TargetOptionalMembers(project.target, PutOpts{target});
  return {{"stack", project.stack},
          {"target", std::move(target)},
          {"externalVaults", project.external_vaults}};
}

json ToJson(const RegionSettings& settings) {
  json j = {{"name", settings.name}};
  if (!settings.resource_type_opt_in.empty())
    j["resourceTypeOptIn"] = settings.resource_type_opt_in;
  if (!settings.resource_type_management.empty()) {
    j["resourceTypeManagement"] = settings.resource_type_management;
  }
  return j;
}

json ToJson(const GlobalSettings& settings) {
  return {{"name", settings.name}, {"settings", settings.settings}};
}

json ToJson(const DesiredState& state) {
  json j = {{"project", ToJson(state.project)}};
  auto list = [](const auto& items) {
    json out = json::array();
    for (const auto& item : items) out.push_back(ToJson(item));
    return out;
  };
  j["vaults"] = list(state.vaults);
  j["plans"] = list(state.plans);
  j["selections"] = list(state.selections);
  j["notifications"] = list(state.notifications);
  j["accessPolicies"] = list(state.access_policies);
  if (!state.region_settings.empty()) j["regionSettings"] = list(state.region_settings);
  if (!state.global_settings.empty()) j["globalSettings"] = list(state.global_settings);
  return j;
}

VaultLock VaultLockFromJson(const json& j) {
  VaultLock out;
  VaultLockMembers(out, GetOpts{j});
  return out;
}

Vault VaultFromJson(const json& j) {
  Vault out;
  out.name = j.at("name").get<std::string>();
  GetOr(j, "tags", out.tags);
  GetOpt(j, "encryptionKeyArn", out.encryption_key_arn);
  if (j.contains("lock")) out.lock = VaultLockFromJson(j.at("lock"));
  return out;
}

BackupPlanSpec BackupPlanFromJson(const json& j) {
  BackupPlanSpec out;
  out.name = j.at("name").get<std::string>();
  GetOr(j, "tags", out.tags);
  for (const auto& r : j.at("rules")) out.rules.push_back(RuleFromJson(r));
  for (const auto& s : j.value("advancedBackupSettings", json::array())) {
    out.advanced_backup_settings.push_back(
        {s.at("resourceType").get<std::string>(),
         s.at("backupOptions").get<std::map<std::string, std::string>>()});
  }
  GetOr(j, "kept", out.kept);
  return out;
}

Selection SelectionFromJson(const json& j) {
  Selection out;
  out.name = j.at("name").get<std::string>();
  out.plan = j.at("plan").get<std::string>();
  out.iam_role_arn = j.at("iamRoleArn").get<std::string>();
  GetOr(j, "resources", out.resources);
  GetOr(j, "notResources", out.not_resources);
  for (const auto& t : j.value("listOfTags", json::array())) {
    out.list_of_tags.push_back({t.at("type").get<std::string>(), t.at("key").get<std::string>(),
                                t.at("value").get<std::string>()});
  }
  const json conditions = j.value("conditions", json::object());
  ForEachConditionList(
      [&conditions](const char* name, auto& list) { list = KeyValuesFromJson(conditions, name); },
      out.conditions);
  return out;
}

VaultNotifications NotificationsFromJson(const json& j) {
  VaultNotifications out;
  out.vault = j.at("vault").get<std::string>();
  out.sns_topic_arn = j.at("snsTopicArn").get<std::string>();
  GetOr(j, "events", out.events);
  return out;
}

VaultAccessPolicy AccessPolicyFromJson(const json& j) {
  VaultAccessPolicy out;
  out.vault = j.at("vault").get<std::string>();
  const json& policy = j.at("policy");
  if (JsonDepth(policy) > kMaxPolicyDepth) {  // copying it would recurse that deep
    throw json::other_error::create(
        501, "the policy of vault " + out.vault + " is too deeply nested", nullptr);
  }
  out.policy = policy;
  return out;
}

RegionSettings RegionSettingsFromJson(const json& j) {
  RegionSettings out;
  out.name = j.at("name").get<std::string>();
  GetOr(j, "resourceTypeOptIn", out.resource_type_opt_in);
  GetOr(j, "resourceTypeManagement", out.resource_type_management);
  return out;
}

GlobalSettings GlobalSettingsFromJson(const json& j) {
  GlobalSettings out;
  out.name = j.at("name").get<std::string>();
  GetOr(j, "settings", out.settings);
  return out;
}

DesiredState DesiredStateFromJson(const json& j) {
  DesiredState out;
  const json& project = j.at("project");
  out.project.stack = project.at("stack").get<std::string>();
  const json& target = project.at("target");
  out.project.target.type = target.at("type").get<std::string>();
  TargetOptionalMembers(out.project.target, GetOpts{target});
  GetOr(project, "externalVaults", out.project.external_vaults);
  for (const auto& v : j.at("vaults")) out.vaults.push_back(VaultFromJson(v));
  for (const auto& p : j.at("plans")) out.plans.push_back(BackupPlanFromJson(p));
  for (const auto& s : j.at("selections")) out.selections.push_back(SelectionFromJson(s));
  for (const auto& n : j.at("notifications")) out.notifications.push_back(NotificationsFromJson(n));
  for (const auto& a : j.at("accessPolicies"))
    out.access_policies.push_back(AccessPolicyFromJson(a));
  for (const auto& r : j.value("regionSettings", json::array())) {
    out.region_settings.push_back(RegionSettingsFromJson(r));
  }
  for (const auto& g : j.value("globalSettings", json::array())) {
    out.global_settings.push_back(GlobalSettingsFromJson(g));
  }
  return out;
}

}  // namespace backupctl
