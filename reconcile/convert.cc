#include "reconcile/convert.h"

#include "providers/wire/json_shapes.h"

namespace backupctl {
namespace {

// The members backupctl keeps rather than declares (convert.h). To keep one
// more, add its name here: the codec already reads and writes it.
constexpr const char* kKeptRuleMembers[] = {"ScanActions"};
constexpr const char* kKeptPlanMembers[] = {"ScanSettings"};

// Picks the kept members out of a shape's wire form.
template <typename Shape>
KeptMembers KeptOf(const Shape& shape, std::span<const char* const> names) {
  KeptMembers kept;
  const Json wire = ToJson(shape);
  for (const char* name : names) {
    auto it = wire.find(name);
    if (it != wire.end()) kept[name] = *it;
  }
  return kept;
}

// Writes kept members back into a shape through its wire form.
template <typename Shape>
void RestoreKept(const KeptMembers& kept, Shape* shape) {
  if (kept.empty()) return;
  Json wire = ToJson(*shape);
  for (const auto& [name, value] : kept) wire[name] = value;
  FromJson(JsonIn{wire, "", ReadMode::kResponse}, shape);
}

std::optional<LifecycleSpec> LifecycleFromApi(const std::optional<Lifecycle>& in) {
  if (!in) return std::nullopt;
  LifecycleSpec out;
  out.move_to_cold_storage_after_days = in->move_to_cold_storage_after_days;
  out.delete_after_days = in->delete_after_days;
  out.opt_in_to_archive_for_supported_resources = in->opt_in_to_archive_for_supported_resources;
  return out;
}

std::optional<Lifecycle> LifecycleToApi(const std::optional<LifecycleSpec>& in) {
  if (!in) return std::nullopt;
  Lifecycle out;
  out.move_to_cold_storage_after_days = in->move_to_cold_storage_after_days;
  out.delete_after_days = in->delete_after_days;
  out.opt_in_to_archive_for_supported_resources = in->opt_in_to_archive_for_supported_resources;
  return out;
}

std::vector<KeyValue> KeyValuesFromApi(const std::vector<ConditionParameter>& in) {
  std::vector<KeyValue> out;
  out.reserve(in.size());
  for (const auto& p : in) out.push_back({p.condition_key, p.condition_value});
  return out;
}

std::vector<ConditionParameter> KeyValuesToApi(const std::vector<KeyValue>& in) {
  std::vector<ConditionParameter> out;
  out.reserve(in.size());
  for (const auto& kv : in) out.push_back({kv.key, kv.value});
  return out;
}

std::string ArnSuffix(const std::string& arn, const std::string& marker) {
  auto at = arn.find(marker);
  if (arn.rfind("arn:", 0) != 0 || at == std::string::npos) return "";
  return arn.substr(at + marker.size());
}

}  // namespace

BackupPlanSpec BackupPlanFromApi(const BackupPlan& plan) {
  BackupPlanSpec out;
  out.name = plan.backup_plan_name;
  for (const auto& r : plan.rules) {
    Rule rule;
    rule.name = r.rule_name;
    rule.target_vault = r.target_backup_vault_name;
    rule.schedule = r.schedule_expression;
    rule.schedule_timezone = r.schedule_expression_timezone;
    rule.start_window_minutes = r.start_window_minutes;
    rule.completion_window_minutes = r.completion_window_minutes;
    rule.lifecycle = LifecycleFromApi(r.lifecycle);
    rule.recovery_point_tags = r.recovery_point_tags;
    for (const auto& c : r.copy_actions) {
      rule.copy_actions.push_back({c.destination_backup_vault_arn, LifecycleFromApi(c.lifecycle)});
    }
    rule.enable_continuous_backup = r.enable_continuous_backup;
    rule.target_logically_air_gapped_backup_vault_arn =
        r.target_logically_air_gapped_backup_vault_arn;
    for (const auto& i : r.index_actions) rule.index_actions.push_back({i.resource_types});
    rule.kept = KeptOf(r, kKeptRuleMembers);
    out.rules.push_back(std::move(rule));
  }
  for (const auto& s : plan.advanced_backup_settings) {
    out.advanced_backup_settings.push_back({s.resource_type, s.backup_options});
  }
  out.kept = KeptOf(plan, kKeptPlanMembers);
  return out;
}

BackupPlanInput BackupPlanToApi(const BackupPlanSpec& plan) {
  BackupPlanInput out;
  out.backup_plan_name = plan.name;
  for (const auto& rule : plan.rules) {
    BackupRuleInput r;
    r.rule_name = rule.name;
    r.target_backup_vault_name = rule.target_vault;
    r.schedule_expression = rule.schedule;
    r.schedule_expression_timezone = rule.schedule_timezone;
    r.start_window_minutes = rule.start_window_minutes;
    r.completion_window_minutes = rule.completion_window_minutes;
    r.lifecycle = LifecycleToApi(rule.lifecycle);
    r.recovery_point_tags = rule.recovery_point_tags;
    for (const auto& c : rule.copy_actions) {
      r.copy_actions.push_back({c.destination_vault_arn, LifecycleToApi(c.lifecycle)});
    }
    r.enable_continuous_backup = rule.enable_continuous_backup;
    r.target_logically_air_gapped_backup_vault_arn =
        rule.target_logically_air_gapped_backup_vault_arn;
    for (const auto& i : rule.index_actions) r.index_actions.push_back({i.resource_types});
    RestoreKept(rule.kept, &r);
    out.rules.push_back(std::move(r));
  }
  for (const auto& s : plan.advanced_backup_settings) {
    out.advanced_backup_settings.push_back({s.resource_type, s.backup_options});
  }
  RestoreKept(plan.kept, &out);
  return out;
}

Selection SelectionFromApi(const BackupSelection& selection, const std::string& plan_name) {
  Selection out;
  out.name = selection.selection_name;
  out.plan = plan_name;
  out.iam_role_arn = selection.iam_role_arn;
  out.resources = selection.resources;
  out.not_resources = selection.not_resources;
  for (const auto& t : selection.list_of_tags) {
    out.list_of_tags.push_back({t.condition_type, t.condition_key, t.condition_value});
  }
  if (selection.conditions) {
    out.conditions.string_equals = KeyValuesFromApi(selection.conditions->string_equals);
    out.conditions.string_not_equals = KeyValuesFromApi(selection.conditions->string_not_equals);
    out.conditions.string_like = KeyValuesFromApi(selection.conditions->string_like);
    out.conditions.string_not_like = KeyValuesFromApi(selection.conditions->string_not_like);
  }
  return out;
}

BackupSelection SelectionToApi(const Selection& selection) {
  BackupSelection out;
  out.selection_name = selection.name;
  out.iam_role_arn = selection.iam_role_arn;
  out.resources = selection.resources;
  out.not_resources = selection.not_resources;
  for (const auto& t : selection.list_of_tags) out.list_of_tags.push_back({t.type, t.key, t.value});
  const auto& c = selection.conditions;
  if (!c.string_equals.empty() || !c.string_not_equals.empty() || !c.string_like.empty() ||
      !c.string_not_like.empty()) {
    Conditions conditions;
    conditions.string_equals = KeyValuesToApi(c.string_equals);
    conditions.string_not_equals = KeyValuesToApi(c.string_not_equals);
    conditions.string_like = KeyValuesToApi(c.string_like);
    conditions.string_not_like = KeyValuesToApi(c.string_not_like);
    out.conditions = std::move(conditions);
  }
  return out;
}

std::optional<VaultLock> LockFromApi(const BackupVaultListMember& vault) {
  if (!vault.locked && !vault.min_retention_days && !vault.max_retention_days) return std::nullopt;
  VaultLock lock;
  lock.min_retention_days = vault.min_retention_days;
  lock.max_retention_days = vault.max_retention_days;
  return lock;
}

std::span<const char* const> KeptRuleMembers() { return kKeptRuleMembers; }
std::span<const char* const> KeptPlanMembers() { return kKeptPlanMembers; }

std::string PlanIdFromArn(const std::string& arn) { return ArnSuffix(arn, ":backup-plan:"); }

std::string VaultNameFromArn(const std::string& arn) { return ArnSuffix(arn, ":backup-vault:"); }

}  // namespace backupctl
