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

// A direction: how one model member and its API member are made equal.
// FromApi reads (the model is written), ToApi applies (the API shape is
// written). Each conversion below is listed once, for both directions, so a
// member added to one direction is added to both.
struct FromApi {
  static constexpr auto kCopy = [](auto& model, const auto& api) { model = api; };
  // Builds the model list from the API list, one element at a time.
  template <typename M, typename A, typename Convert>
  static void Each(std::vector<M>& model, const std::vector<A>& api, Convert convert) {
    model.clear();
    for (const A& a : api) convert(model.emplace_back(), a);
  }
  template <typename M, typename A, typename Convert>
  static void IfPresent(std::optional<M>& model, const std::optional<A>& api, Convert convert) {
    model.reset();
    if (api) convert(model.emplace(), *api);
  }
  template <typename Shape>
  static void Kept(KeptMembers& kept, const Shape& shape, std::span<const char* const> names) {
    kept = KeptOf(shape, names);
  }
};

struct ToApi {
  static constexpr auto kCopy = [](const auto& model, auto& api) { api = model; };
  template <typename M, typename A, typename Convert>
  static void Each(const std::vector<M>& model, std::vector<A>& api, Convert convert) {
    api.clear();
    for (const M& m : model) convert(m, api.emplace_back());
  }
  template <typename M, typename A, typename Convert>
  static void IfPresent(const std::optional<M>& model, std::optional<A>& api, Convert convert) {
    api.reset();
    if (model) convert(*model, api.emplace());
  }
  // Last, after every declared member: it round-trips the shape through its wire form.
  template <typename Shape>
  static void Kept(const KeptMembers& kept, Shape& shape, std::span<const char* const>) {
    RestoreKept(kept, &shape);
  }
};

template <typename Dir, typename ModelLifecycle, typename ApiLifecycle>
void LifecycleMembers(ModelLifecycle& model, ApiLifecycle& api) {
  Dir::kCopy(model.move_to_cold_storage_after_days, api.move_to_cold_storage_after_days);
  Dir::kCopy(model.delete_after_days, api.delete_after_days);
  Dir::kCopy(model.opt_in_to_archive_for_supported_resources,
             api.opt_in_to_archive_for_supported_resources);
}
template <typename Dir>
constexpr auto kLifecycle = [](auto& model, auto& api) { LifecycleMembers<Dir>(model, api); };

template <typename Dir, typename ModelRule, typename ApiRule>
void RuleMembers(ModelRule& model, ApiRule& api) {
  Dir::kCopy(model.name, api.rule_name);
  Dir::kCopy(model.target_vault, api.target_backup_vault_name);
  Dir::kCopy(model.schedule, api.schedule_expression);
  Dir::kCopy(model.schedule_timezone, api.schedule_expression_timezone);
  Dir::kCopy(model.start_window_minutes, api.start_window_minutes);
  Dir::kCopy(model.completion_window_minutes, api.completion_window_minutes);
  Dir::kCopy(model.recovery_point_tags, api.recovery_point_tags);
  Dir::kCopy(model.enable_continuous_backup, api.enable_continuous_backup);
  Dir::kCopy(model.target_logically_air_gapped_backup_vault_arn,
             api.target_logically_air_gapped_backup_vault_arn);
  Dir::IfPresent(model.lifecycle, api.lifecycle, kLifecycle<Dir>);
}

template <typename Dir, typename ModelPlan, typename ApiPlan>
void PlanMembers(ModelPlan& model, ApiPlan& api) {
  Dir::kCopy(model.name, api.backup_plan_name);
  Dir::Each(model.rules, api.rules, [](auto& rule, auto& r) {
    RuleMembers<Dir>(rule, r);
    Dir::Each(rule.copy_actions, r.copy_actions, [](auto& copy, auto& action) {
      Dir::kCopy(copy.destination_vault_arn, action.destination_backup_vault_arn);
      Dir::IfPresent(copy.lifecycle, action.lifecycle, kLifecycle<Dir>);
    });
    Dir::Each(rule.index_actions, r.index_actions, [](auto& index, auto& action) {
      Dir::kCopy(index.resource_types, action.resource_types);
    });
    Dir::Kept(rule.kept, r, kKeptRuleMembers);
  });
  Dir::Each(model.advanced_backup_settings, api.advanced_backup_settings,
            [](auto& setting, auto& s) {
              Dir::kCopy(setting.resource_type, s.resource_type);
              Dir::kCopy(setting.backup_options, s.backup_options);
            });
  Dir::Kept(model.kept, api, kKeptPlanMembers);
}

template <typename Dir, typename ModelSelection, typename ApiSelection>
void SelectionMembers(ModelSelection& model, ApiSelection& api) {
  Dir::kCopy(model.name, api.selection_name);
  Dir::kCopy(model.iam_role_arn, api.iam_role_arn);
  Dir::kCopy(model.resources, api.resources);
  Dir::kCopy(model.not_resources, api.not_resources);
  Dir::Each(model.list_of_tags, api.list_of_tags, [](auto& tag, auto& condition) {
    Dir::kCopy(tag.type, condition.condition_type);
    Dir::kCopy(tag.key, condition.condition_key);
    Dir::kCopy(tag.value, condition.condition_value);
  });
}

template <typename Dir, typename ModelList, typename ApiList>
void KeyValuesMembers(ModelList& model, ApiList& api) {
  Dir::Each(model, api, [](auto& kv, auto& parameter) {
    Dir::kCopy(kv.key, parameter.condition_key);
    Dir::kCopy(kv.value, parameter.condition_value);
  });
}

std::string ArnSuffix(const std::string& arn, const std::string& marker) {
  auto at = arn.find(marker);
  if (arn.rfind("arn:", 0) != 0 || at == std::string::npos) return "";
  return arn.substr(at + marker.size());
}

}  // namespace

BackupPlanSpec BackupPlanFromApi(const BackupPlan& plan) {
  BackupPlanSpec out;
  PlanMembers<FromApi>(out, plan);
  return out;
}

BackupPlanInput BackupPlanToApi(const BackupPlanSpec& plan) {
  BackupPlanInput out;
  PlanMembers<ToApi>(plan, out);
  return out;
}

Selection SelectionFromApi(const BackupSelection& selection, const std::string& plan_name) {
  Selection out;
  SelectionMembers<FromApi>(out, selection);
  out.plan = plan_name;
  if (selection.conditions) {
    ForEachConditionList(
        [](const char*, auto& model, const auto& api) { KeyValuesMembers<FromApi>(model, api); },
        out.conditions, *selection.conditions);
  }
  return out;
}

BackupSelection SelectionToApi(const Selection& selection) {
  BackupSelection out;
  SelectionMembers<ToApi>(selection, out);
  if (!selection.conditions.empty()) {  // an empty Conditions object is left out
    ForEachConditionList(
        [](const char*, const auto& model, auto& api) { KeyValuesMembers<ToApi>(model, api); },
        selection.conditions, out.conditions.emplace());
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
