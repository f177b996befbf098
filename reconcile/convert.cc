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

// The members that cross between the model and the API unchanged, listed
// once for both directions: `copy(model member, API member)` assigns one
// from the other (kFromApi or kToApi), so a member added to one direction is
// added to both.
constexpr auto kFromApi = [](auto& model, const auto& api) { model = api; };
constexpr auto kToApi = [](const auto& model, auto& api) { api = model; };

template <typename ModelLifecycle, typename ApiLifecycle, typename Copy>
void LifecycleMembers(ModelLifecycle& model, ApiLifecycle& api, Copy copy) {
  copy(model.move_to_cold_storage_after_days, api.move_to_cold_storage_after_days);
  copy(model.delete_after_days, api.delete_after_days);
  copy(model.opt_in_to_archive_for_supported_resources,
       api.opt_in_to_archive_for_supported_resources);
}

template <typename ModelRule, typename ApiRule, typename Copy>
void RuleMembers(ModelRule& model, ApiRule& api, Copy copy) {
  copy(model.name, api.rule_name);
  copy(model.target_vault, api.target_backup_vault_name);
  copy(model.schedule, api.schedule_expression);
  copy(model.schedule_timezone, api.schedule_expression_timezone);
  copy(model.start_window_minutes, api.start_window_minutes);
  copy(model.completion_window_minutes, api.completion_window_minutes);
  copy(model.recovery_point_tags, api.recovery_point_tags);
  copy(model.enable_continuous_backup, api.enable_continuous_backup);
  copy(model.target_logically_air_gapped_backup_vault_arn,
       api.target_logically_air_gapped_backup_vault_arn);
}

std::optional<LifecycleSpec> LifecycleFromApi(const std::optional<Lifecycle>& in) {
  if (!in) return std::nullopt;
  LifecycleSpec out;
  LifecycleMembers(out, *in, kFromApi);
  return out;
}

std::optional<Lifecycle> LifecycleToApi(const std::optional<LifecycleSpec>& in) {
  if (!in) return std::nullopt;
  Lifecycle out;
  LifecycleMembers(*in, out, kToApi);
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
    RuleMembers(rule, r, kFromApi);
    rule.lifecycle = LifecycleFromApi(r.lifecycle);
    for (const auto& c : r.copy_actions) {
      rule.copy_actions.push_back({c.destination_backup_vault_arn, LifecycleFromApi(c.lifecycle)});
    }
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
    RuleMembers(rule, r, kToApi);
    r.lifecycle = LifecycleToApi(rule.lifecycle);
    for (const auto& c : rule.copy_actions) {
      r.copy_actions.push_back({c.destination_vault_arn, LifecycleToApi(c.lifecycle)});
    }
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
    ForEachConditionList(
        [](const char*, auto& model, const auto& api) { model = KeyValuesFromApi(api); },
        out.conditions, *selection.conditions);
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
  if (!c.empty()) {
    Conditions conditions;
    ForEachConditionList(
        [](const char*, const auto& model, auto& api) { api = KeyValuesToApi(model); }, c,
        conditions);
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
