#include "reconcile/export_documents.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "base/time_format.h"
#include "desired/fields.h"
#include "reconcile/export_fields.h"
#include "reconcile/normalize.h"

namespace backupctl {
namespace {

namespace f = export_fields;

void Note(ExportNotes& notes, Kind kind, const std::string& name, const std::string& what) {
  notes.push_back(std::string(KindName(kind)) + " " + name + ": " + what);
}

void Header(YamlWriter& w, Kind kind, const std::string& name, const std::string& comment) {
  w.BeginDocument(comment);
  w.String(f::kApiVersion, kApiVersion);
  w.String(f::kKind, KindName(kind));
  w.BeginMap(f::kMetadata);
  w.String(f::kName, name);
  w.EndMap();
}

void Lifecycle(YamlWriter& w, const std::optional<LifecycleSpec>& l) {
  if (!l) return;
  if (!l->move_to_cold_storage_after_days && !l->delete_after_days &&
      !l->opt_in_to_archive_for_supported_resources) {
    return;  // an empty lifecycle is absence
  }
  w.BeginMap(f::kLifecycle);
  if (l->move_to_cold_storage_after_days) {
    w.Integer(f::kMoveToColdStorageAfterDays, *l->move_to_cold_storage_after_days);
  }
  if (l->delete_after_days) w.Integer(f::kDeleteAfterDays, *l->delete_after_days);
  if (l->opt_in_to_archive_for_supported_resources) {
    w.Boolean(f::kOptInToArchive, *l->opt_in_to_archive_for_supported_resources);
  }
  w.EndMap();
}

void KeyValues(YamlWriter& w, const char* key, const std::vector<KeyValue>& items) {
  if (items.empty()) return;
  w.BeginList(key);
  for (const auto& kv : items) {
    w.BeginListItem();
    w.String(f::kConditionKey, kv.key);
    w.String(f::kConditionValue, kv.value);
    w.EndListItem();
  }
  w.EndList();
}

bool HasNull(const nlohmann::json& value) {  // bounded: live policies are depth-checked on read
  if (value.is_null()) return true;
  if (!value.is_structured()) return false;
  return std::any_of(value.begin(), value.end(), [](const auto& v) { return HasNull(v); });
}

void WriteRule(YamlWriter& w, const Rule& r, const LiveBackupPlan& plan,
               const std::map<std::string, std::string>& by_name, ExportNotes& notes) {
  w.BeginListItem();
  w.String(f::kRuleName, r.name);
  w.String(f::kTargetVault, r.target_vault);
  if (r.schedule) w.String(f::kSchedule, *r.schedule);
  if (r.schedule_timezone) w.String(f::kScheduleTimezone, *r.schedule_timezone);
  if (r.start_window_minutes) w.Integer(f::kStartWindowMinutes, *r.start_window_minutes);
  if (r.completion_window_minutes) {
    w.Integer(f::kCompletionWindowMinutes, *r.completion_window_minutes);
  }
  Lifecycle(w, r.lifecycle);
  if (!r.recovery_point_tags.empty()) w.StringMap(f::kRecoveryPointTags, r.recovery_point_tags);
  if (!r.copy_actions.empty()) {
    w.BeginList(f::kCopyActions);
    for (const auto& c : r.copy_actions) {
      w.BeginListItem();
      auto it = by_name.find(c.destination_vault_arn);
      if (it == by_name.end()) {
        w.String(f::kDestinationVaultArn, c.destination_vault_arn);
      } else {
        w.BeginMap(f::kDestinationVault);
        w.String(f::kName, it->second, c.destination_vault_arn);
        w.EndMap();
      }
      Lifecycle(w, c.lifecycle);
      w.EndListItem();
    }
    w.EndList();
  }
  if (r.enable_continuous_backup)
    w.Boolean(f::kEnableContinuousBackup, *r.enable_continuous_backup);
  if (r.target_logically_air_gapped_backup_vault_arn) {
    w.String(f::kAirGappedTarget, *r.target_logically_air_gapped_backup_vault_arn);
  }
  if (!r.index_actions.empty()) {
    w.BeginList(f::kIndexActions);
    for (const auto& i : r.index_actions) {
      w.BeginListItem();
      w.StringList(f::kResourceTypes, i.resource_types);
      w.EndListItem();
    }
    w.EndList();
  }
  w.EndListItem();
  for (const auto& [member, value] : r.kept) {
    Note(notes, Kind::kBackupPlan, plan.spec.name,
         "rule " + r.name + " holds " + member + " " + value.dump() +
             ", which a tree cannot declare; apply keeps it as it is");
  }
}

}  // namespace

void WriteProjectDocument(YamlWriter& w, const Project& project,
                          const std::map<std::string, std::string>& external_comments) {
  w.BeginDocument(
      "backupctl project file, written by `backupctl export`: adopt the estate with\n"
      "`backupctl plan --adopt` then `backupctl apply --adopt`.");
  w.String(f::kStack, project.stack);
  const Target& t = project.target;
  w.BeginMap(f::kTarget);
  w.String(f::kTargetType, t.type);
  if (t.region) w.String(f::kRegion, *t.region);
  if (t.account_id) w.String(f::kAccountId, *t.account_id);
  if (t.profile) w.String(f::kProfile, *t.profile);
  if (t.endpoint) w.String(f::kEndpoint, *t.endpoint);
  if (t.state_file) w.String(f::kStateFile, *t.state_file);
  w.EndMap();
  if (!project.external_vaults.empty()) {
    w.BeginList(f::kExternalVaults);
    for (const auto& name : project.external_vaults) {
      auto it = external_comments.find(name);
      w.ListItem(name, it == external_comments.end() ? "" : it->second);
    }
    w.EndList();
  }
  w.EndDocument();
}

// A lock with a LockDate is in compliance mode, which a tree declares with
// changeableForDays (write-only: AWS never returns it): the whole days left
// before the lock date, at least 3, the least AWS takes.
int64_t ChangeableForDays(double lock_date) {
  double left = (lock_date - static_cast<double>(std::time(nullptr))) / 86400;
  return std::max<int64_t>(3, static_cast<int64_t>(std::ceil(left)));
}

void WriteVaultDocument(YamlWriter& w, const LiveVault& vault, ExportNotes& notes) {
  const Vault& v = vault.spec;
  Header(w, Kind::kVault, v.name, "BackupVault " + vault.arn);
  TagMap tags = NormalizeTags(v.tags);
  if (v.encryption_key_arn || !tags.empty() || v.lock) {
    w.BeginMap(f::kSpec);
    if (v.encryption_key_arn) w.String(f::kEncryptionKeyArn, *v.encryption_key_arn);
    if (!tags.empty()) w.StringMap(f::kVaultTags, tags);
    if (v.lock) {
      w.BeginMap(f::kLock);
      if (v.lock->min_retention_days) w.Integer(f::kMinRetentionDays, *v.lock->min_retention_days);
      if (v.lock->max_retention_days) w.Integer(f::kMaxRetentionDays, *v.lock->max_retention_days);
      if (vault.lock_date) w.Integer(f::kChangeableForDays, ChangeableForDays(*vault.lock_date));
      w.EndMap();
    }
    w.EndMap();
  }
  w.EndDocument();
  if (v.lock && vault.lock_date) {
    Note(notes, Kind::kVault, v.name,
         "the lock is in compliance mode with lock date " + Iso8601Utc(*vault.lock_date) +
             ", which a tree cannot declare; changeableForDays (write-only) is written as " +
             std::to_string(ChangeableForDays(*vault.lock_date)) +
             ", the days left (at least 3): it is sent again only if the lock changes");
  }
}

bool WriteNotificationsDocument(YamlWriter& w, const LiveVault& vault, ExportNotes& notes) {
  const VaultNotifications& n = *vault.notifications;
  std::vector<std::string> events;
  auto known = VaultEvents();
  for (const auto& e : n.events) {
    if (std::find(known.begin(), known.end(), e) != known.end()) {
      events.push_back(e);
      continue;
    }
    std::string why = "it is not a BackupVaultEvent backupctl knows";
    for (const RetiredValue& r : DeprecatedVaultEvents()) {
      if (e == r.name) why = std::string("AWS no longer sends it: ") + r.why;
    }
    Note(notes, Kind::kVaultNotifications, n.vault,
         "event " + e + " cannot be declared (" + why + "); the tree leaves it out");
  }
  if (events.empty()) {
    Note(notes, Kind::kVaultNotifications, n.vault,
         "no event is declarable, so the notifications are not exported");
    return false;
  }
  Header(w, Kind::kVaultNotifications, n.vault, "BackupVaultNotifications of " + vault.arn);
  w.BeginMap(f::kSpec);
  w.String(f::kNotificationsVault, n.vault);
  w.String(f::kSnsTopicArn, n.sns_topic_arn);
  w.StringList(f::kEvents, events);
  w.EndMap();
  w.EndDocument();
  return true;
}

void WritePolicyDocument(YamlWriter& w, const LiveVault& vault, ExportNotes& notes) {
  const VaultAccessPolicy& p = *vault.policy;
  Header(w, Kind::kVaultAccessPolicy, vault.spec.name, "BackupVaultAccessPolicy of " + vault.arn);
  w.BeginMap(f::kSpec);
  w.String(f::kPolicyVault, p.vault);
  // A mapping reads best; JSON text when the mapping form cannot hold it (a
  // null value, a policy that is not an object or not JSON at all).
  if (p.policy.is_object() && !HasNull(p.policy)) {
    w.Json(f::kPolicy, p.policy);
  } else {
    w.Literal(f::kPolicy, p.policy.is_string() ? p.policy.get<std::string>() : p.policy.dump(2));
    Note(notes, Kind::kVaultAccessPolicy, vault.spec.name,
         "written as JSON text, as it holds what a YAML mapping cannot (a null, or no JSON "
         "object)");
  }
  w.EndMap();
  w.EndDocument();
}

void WritePlanDocument(YamlWriter& w, const LiveBackupPlan& plan,
                       const std::map<std::string, std::string>& by_name, ExportNotes& notes) {
  const BackupPlanSpec& p = plan.spec;
  Header(w, Kind::kBackupPlan, p.name, "BackupPlan " + plan.arn + "\nversion " + plan.version_id);
  w.BeginMap(f::kSpec);
  TagMap tags = NormalizeTags(p.tags);
  if (!tags.empty()) w.StringMap(f::kPlanTags, tags);
  w.BeginList(f::kRules);
  for (const auto& r : p.rules) WriteRule(w, r, plan, by_name, notes);
  w.EndList();
  if (!p.advanced_backup_settings.empty()) {
    w.BeginList(f::kAdvancedBackupSettings);
    for (const auto& s : p.advanced_backup_settings) {
      w.BeginListItem();
      w.String(f::kResourceType, s.resource_type);
      w.StringMap(f::kBackupOptions, s.backup_options);
      w.EndListItem();
    }
    w.EndList();
  }
  w.EndMap();
  w.EndDocument();
  for (const auto& [member, value] : p.kept) {
    Note(notes, Kind::kBackupPlan, p.name,
         "holds " + member + " " + value.dump() +
             ", which a tree cannot declare; apply keeps it as it is");
  }
}

void WriteSelectionDocument(YamlWriter& w, const LiveBackupPlan& plan,
                            const LiveSelection& selection) {
  const Selection& s = selection.spec;
  Header(w, Kind::kSelection, s.name,
         "BackupSelection " + selection.selection_id + " of plan " + plan.id);
  w.BeginMap(f::kSpec);
  w.String(f::kSelectionPlan, plan.spec.name);
  w.String(f::kIamRoleArn, s.iam_role_arn);
  if (!s.resources.empty()) w.StringList(f::kResources, s.resources);
  if (!s.not_resources.empty()) w.StringList(f::kNotResources, s.not_resources);
  if (!s.list_of_tags.empty()) {
    w.BeginList(f::kListOfTags);
    for (const auto& t : s.list_of_tags) {
      w.BeginListItem();
      w.String(f::kConditionType, t.type);
      w.String(f::kConditionKey, t.key);
      w.String(f::kConditionValue, t.value);
      w.EndListItem();
    }
    w.EndList();
  }
  const SelectionConditions& c = s.conditions;
  if (!c.empty()) {
    w.BeginMap(f::kConditions);
    ForEachConditionList([&w](const char* name, const auto& list) { KeyValues(w, name, list); }, c);
    w.EndMap();
  }
  w.EndMap();
  w.EndDocument();
}

}  // namespace backupctl
