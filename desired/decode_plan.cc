// BackupPlan documents: rules, lifecycles, copy actions, advanced settings.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "desired/decode.h"
#include "desired/schedule.h"
#include "desired/timezones.h"
#include "desired/values.h"

namespace backupctl {
namespace {

// AWS's defaults when a rule leaves its windows out.
constexpr int64_t kDefaultStartWindow = 480;
constexpr int64_t kDefaultCompletionWindow = 10080;
constexpr int64_t kMaxContinuousDays = 35;
constexpr int64_t kMinColdDays = 90;

std::string Num(int64_t v) { return std::to_string(v); }

std::optional<LifecycleSpec> DecodeLifecycle(const YamlNode& owner, FileContext& ctx) {
  const YamlNode node = Child(owner, "lifecycle");
  if (!node.IsMap()) return std::nullopt;
  LifecycleSpec l;
  l.move_to_cold_storage_after_days = GetInteger(node, "moveToColdStorageAfterDays");
  l.delete_after_days = GetInteger(node, "deleteAfterDays");
  l.opt_in_to_archive_for_supported_resources =
      GetBoolean(node, "optInToArchiveForSupportedResources");
  const auto& cold = l.move_to_cold_storage_after_days;
  const auto& expire = l.delete_after_days;
  if (cold && expire && *expire < *cold + kMinColdDays) {
    ctx.Error(Child(node, "deleteAfterDays"),
              "deleteAfterDays (" + Num(*expire) +
                  ") must be at least moveToColdStorageAfterDays + " + Num(kMinColdDays) + " (" +
                  Num(*cold + kMinColdDays) +
                  "): cold storage keeps recovery points 90 days at least");
  }
  return l;
}

void CheckWindows(const Rule& r, const YamlNode& node, FileContext& ctx) {
  const auto& start = r.start_window_minutes;
  const auto& done = r.completion_window_minutes;
  if (done && *done <= start.value_or(kDefaultStartWindow)) {
    ctx.Error(Child(node, "completionWindowMinutes"),
              "completionWindowMinutes (" + Num(*done) + ") must be greater than " +
                  (start ? "startWindowMinutes (" + Num(*start) + ")"
                         : "the default startWindowMinutes (" + Num(kDefaultStartWindow) + ")"));
  } else if (start && !done && *start >= kDefaultCompletionWindow) {
    ctx.Error(Child(node, "startWindowMinutes"),
              "startWindowMinutes (" + Num(*start) +
                  ") must be less than the default completionWindowMinutes (" +
                  Num(kDefaultCompletionWindow) + ")");
  }
}

void CheckContinuous(const Rule& r, const YamlNode& node, FileContext& ctx) {
  if (!r.enable_continuous_backup.value_or(false) || !r.lifecycle) return;
  const YamlNode lifecycle = Child(node, "lifecycle");
  if (r.lifecycle->move_to_cold_storage_after_days) {
    ctx.Error(Child(lifecycle, "moveToColdStorageAfterDays"),
              "continuous backup cannot move recovery points to cold storage");
  }
  const auto& expire = r.lifecycle->delete_after_days;
  if (expire && *expire > kMaxContinuousDays) {
    ctx.Error(Child(lifecycle, "deleteAfterDays"),
              "continuous backup keeps recovery points 1 to 35 days (deleteAfterDays is " +
                  Num(*expire) + ")");
  }
}

void CheckTimezone(const YamlNode& node, FileContext& ctx) {
  const YamlNode tz = Child(node, "scheduleExpressionTimezone");
  if (!tz.IsScalar() || IsIanaTimezone(tz.Scalar())) return;
  std::string message = "unknown time zone \"" + std::string(tz.Scalar()) + "\"";
  std::string close = ClosestTimezone(tz.Scalar());
  message += close.empty() ? ": use an IANA name like \"Europe/Berlin\""
                           : "; did you mean \"" + close + "\"?";
  ctx.Error(tz, std::move(message));
}

// `owner` is the rule or copy action, `vault_key` the field naming its vault.
void NoteRetention(const std::optional<LifecycleSpec>& lifecycle, std::string vault,
                   std::string copy_arn, const YamlNode& owner, std::string_view vault_key,
                   TreeIndex* index, FileContext& ctx) {
  if (vault.empty() && copy_arn.empty()) return;
  std::optional<int64_t> days = lifecycle ? lifecycle->delete_after_days : std::nullopt;
  YamlNode at = Child(Child(owner, "lifecycle"), "deleteAfterDays");
  if (!at.IsDefined()) at = Child(owner, "lifecycle");
  if (!at.IsDefined()) at = Child(owner, vault_key);
  index->retention.push_back({std::move(vault), std::move(copy_arn), days, ctx.Mark(at)});
}

// destinationVault {name, target}: the ARN of a vault the tree declares, on
// this document's target or another (a tree without targets: its own account,
// SingleTargetSpec); nullopt (reported) when it cannot be made.
std::optional<std::string> ResolveVaultRef(const YamlNode& ref, FileContext& ctx) {
  std::optional<std::string> vault = GetString(ref, "name");
  if (!ref.IsMap() || !vault) return std::nullopt;
  if (ctx.target == nullptr) {
    ctx.Error(ref,
              "destinationVault needs the account and region that make the vault's ARN: "
              "declare target.accountId and target.region in backupctl.yaml (or targets), "
              "or use destinationBackupVaultArn");
    return std::nullopt;
  }
  ReportIfError(ctx, Child(ref, "name"), CheckVaultName(*vault));
  if (ctx.target->name.empty()) {  // a tree without targets: its one account
    const YamlNode target = Child(ref, "target");
    if (!target.IsDefined()) return VaultArnOn(*ctx.target, *vault);
    ctx.Error(target,
              "destinationVault.target needs targets in backupctl.yaml; this tree has one "
              "target: leave it out (or use destinationBackupVaultArn for another account)");
    return std::nullopt;
  }
  std::string target = GetString(ref, "target").value_or(ctx.target->name);
  for (const TargetSpec& t : *ctx.targets) {
    if (t.name != target) continue;
    return VaultArnOn(t, *vault);
  }
  ctx.Error(Child(ref, "target"), "unknown target \"" + target + "\" in destinationVault");
  return std::nullopt;
}

std::vector<CopyActionSpec> DecodeCopyActions(const YamlNode& rule, FileContext& ctx,
                                              TreeIndex* index) {
  std::vector<CopyActionSpec> out;
  const YamlNode list = Child(rule, "copyActions");
  std::unordered_set<std::string> seen;
  for (const YamlNode item : list.Items()) {
    if (!item.IsMap()) continue;
    std::optional<std::string> dest = GetString(item, "destinationBackupVaultArn");
    YamlNode dest_node = Child(item, "destinationBackupVaultArn");
    const YamlNode ref = Child(item, "destinationVault");
    // A former spelling (destinationVaultArn) is reported by the shape check.
    if (!dest_node.IsDefined() && !ref.IsDefined() &&
        Child(item, "destinationVaultArn").IsDefined()) {
      continue;
    }
    if (dest_node.IsDefined() == ref.IsDefined()) {
      ctx.Error(item, dest_node.IsDefined()
                          ? "a copy action has destinationBackupVaultArn or destinationVault, "
                            "not both"
                          : "missing required field \"destinationBackupVaultArn\" (or "
                            "destinationVault) in BackupPlan copy action");
      continue;
    }
    if (ref.IsDefined()) {
      dest = ResolveVaultRef(ref, ctx);
      dest_node = ref;
    } else if (dest) {
      ReportIfError(ctx, dest_node, CheckArn(ArnKind::kBackupVault, *dest));
    }
    if (!dest) continue;
    if (!seen.insert(*dest).second) {
      ctx.Error(dest_node, "two copy actions to \"" + *dest + "\" in one rule");
    }
    CopyActionSpec c{*dest, DecodeLifecycle(item, ctx)};
    NoteRetention(c.lifecycle, "", *dest, item,
                  ref.IsDefined() ? "destinationVault" : "destinationBackupVaultArn", index, ctx);
    if (!Child(item, "lifecycle").IsDefined()) {
      ctx.Warning(ctx.At(item),
                  "copy action to \"" + *dest + "\" has no lifecycle: the copies are kept forever");
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<IndexActionSpec> DecodeIndexActions(const YamlNode& rule, FileContext& ctx) {
  std::vector<IndexActionSpec> out;
  const YamlNode list = Child(rule, "indexActions");
  if (list.IsSequence() && list.size() > 1) {
    ctx.Error(list, "a rule takes at most one indexActions entry (AWS accepts 0 or 1)");
  }
  for (const YamlNode item : list.Items()) {
    if (item.IsMap()) out.push_back({GetStringList(item, "resourceTypes")});
  }
  return out;
}

void DecodeAirGappedTarget(Rule& r, const YamlNode& node, FileContext& ctx) {
  constexpr char kField[] = "targetLogicallyAirGappedBackupVaultArn";
  r.target_logically_air_gapped_backup_vault_arn = GetString(node, kField);
  const auto& arn = r.target_logically_air_gapped_backup_vault_arn;
  if (arn) ReportIfError(ctx, Child(node, kField), CheckArn(ArnKind::kBackupVault, *arn));
}

Rule DecodeRule(const YamlNode& node, FileContext& ctx, TreeIndex* index) {
  Rule r;
  r.name = GetString(node, "ruleName").value_or("");
  if (Child(node, "ruleName").IsScalar()) {
    ReportIfError(ctx, Child(node, "ruleName"), CheckResourceName("rule", r.name));
  }
  const YamlNode target = Child(node, "targetBackupVaultName");
  if (target.IsScalar()) {
    r.target_vault = std::string(target.Scalar());
    index->vault_refs.push_back({r.target_vault, ctx.Mark(target)});
  }
  r.schedule = GetString(node, "scheduleExpression");
  if (r.schedule) ReportIfError(ctx, Child(node, "scheduleExpression"), CheckSchedule(*r.schedule));
  r.schedule_timezone = GetString(node, "scheduleExpressionTimezone");
  CheckTimezone(node, ctx);
  r.start_window_minutes = GetInteger(node, "startWindowMinutes");
  r.completion_window_minutes = GetInteger(node, "completionWindowMinutes");
  CheckWindows(r, node, ctx);
  r.lifecycle = DecodeLifecycle(node, ctx);
  r.enable_continuous_backup = GetBoolean(node, "enableContinuousBackup");
  CheckContinuous(r, node, ctx);
  r.recovery_point_tags = DecodeTags(node, "recoveryPointTags", ctx);
  r.copy_actions = DecodeCopyActions(node, ctx, index);
  DecodeAirGappedTarget(r, node, ctx);
  r.index_actions = DecodeIndexActions(node, ctx);
  NoteRetention(r.lifecycle, r.target_vault, "", node, "targetBackupVaultName", index, ctx);
  return r;
}

std::vector<std::string_view> AllowedOptions(std::string_view resource_type) {
  if (resource_type == "EC2") return {"WindowsVSS"};
  if (resource_type == "S3") return {"BackupACLs", "BackupObjectTags"};
  return {};
}

AdvancedSetting DecodeAdvanced(const YamlNode& item, FileContext& ctx) {
  AdvancedSetting a;
  a.resource_type = GetString(item, "resourceType").value_or("");
  std::vector<std::string_view> allowed = AllowedOptions(a.resource_type);
  for (auto& [key, value] : GetStringMap(item, "backupOptions")) {
    const std::string name(key.Scalar());
    a.backup_options[name] = value;
    if (allowed.empty()) continue;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string message = "unknown backup option \"" + name + "\" for " + a.resource_type +
                            "; expected " + std::string(allowed[0]);
      if (allowed.size() > 1) message += " or " + std::string(allowed[1]);
      ctx.Error(key, std::move(message));
    } else if (value != "enabled" && value != "disabled") {
      ctx.Error(Child(Child(item, "backupOptions"), name),
                "backup option \"" + name + "\" must be \"enabled\" or \"disabled\"");
    }
  }
  return a;
}

}  // namespace

void DecodePlan(const YamlNode& spec, const YamlNode& name, FileContext& ctx, DesiredState* state,
                TreeIndex* index) {
  BackupPlanSpec p;
  p.name = std::string(name.Scalar());
  ReportIfError(ctx, name, CheckResourceName("plan", p.name));
  p.tags = DecodeTags(spec, "backupPlanTags", ctx);
  const YamlNode rules = Child(spec, "rules");
  if (rules.IsSequence() && rules.size() == 0) ctx.Error(rules, "a plan needs at least one rule");
  std::unordered_map<std::string_view, YamlNode> rule_names;  // views into the document
  size_t rule_index = 0;
  for (const YamlNode rule : rules.Items()) {
    const std::string path = SourceMap::RulePath(rule_index++);
    if (!rule.IsMap()) continue;
    index->sources.Add(Kind::kBackupPlan, p.name, path, ctx.Position(rule));
    Rule r = DecodeRule(rule, ctx, index);
    const YamlNode name_node = Child(rule, "ruleName");
    auto [first, fresh] = rule_names.emplace(name_node.Scalar(), name_node);
    if (!fresh && !r.name.empty()) {
      ctx.Error(name_node, "duplicate rule \"" + r.name + "\" in plan \"" + p.name +
                               "\": first at " + ctx.At(first->second).ToString());
    }
    p.rules.push_back(std::move(r));
  }
  const YamlNode advanced = Child(spec, "advancedBackupSettings");
  std::unordered_set<std::string> types;
  for (const YamlNode setting : advanced.Items()) {
    if (!setting.IsMap()) continue;
    AdvancedSetting a = DecodeAdvanced(setting, ctx);
    if (!a.resource_type.empty() && !types.insert(a.resource_type).second) {
      ctx.Error(Child(setting, "resourceType"),
                "two advancedBackupSettings for resource type \"" + a.resource_type + "\"");
    }
    p.advanced_backup_settings.push_back(std::move(a));
  }
  state->plans.push_back(std::move(p));
  index->plan_names.push_back(ctx.Mark(name));
}

}  // namespace backupctl
