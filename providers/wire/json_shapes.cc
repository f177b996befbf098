#include "providers/wire/json_shapes.h"

#include <cstdint>

#include "providers/wire/json_io.h"

namespace backupctl {
namespace {

using json_io::Get;
using json_io::kRequired;
using json_io::Put;
using json_io::PutAlways;
using json_io::PutTime;
using json_io::RequireObject;

// ---- ISO-8601 ---------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool Digits(const std::string& s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Parses the zone suffix at `pos`: "Z", "+HH:MM", "-HHMM". Returns its offset in seconds.
std::optional<int64_t> ParseZone(const std::string& s, size_t pos) {
  if (pos == s.size()) return 0;  // no zone: UTC, as botocore assumes
  if (s[pos] == 'Z' || s[pos] == 'z')
    return pos + 1 == s.size() ? std::optional<int64_t>(0) : std::nullopt;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int64_t hh = 0, mm = 0;
  size_t p = pos + 1;
  if (!Digits(s, p, 2, &hh)) return std::nullopt;
  p += 2;
  if (p < s.size() && s[p] == ':') ++p;
  if (!Digits(s, p, 2, &mm) || p + 2 != s.size() || hh > 23 || mm > 59) return std::nullopt;
  const int64_t offset = hh * 3600 + mm * 60;
  return s[pos] == '-' ? -offset : offset;
}

}  // namespace

std::optional<Timestamp> ParseIso8601(const std::string& s) {
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, &hour) || s[13] != ':' || !Digits(s, 14, 2, &minute) || s[16] != ':' ||
      !Digits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  double fraction = 0;
  if (pos < s.size() && s[pos] == '.') {
    double scale = 0.1;
    size_t digits = 0;
    for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++digits) {
      fraction += (s[pos] - '0') * scale;
      scale /= 10;
    }
    if (digits == 0) return std::nullopt;
  }
  std::optional<int64_t> offset = ParseZone(s, pos);
  if (!offset) return std::nullopt;
  const int64_t whole =
      DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - *offset;
  return static_cast<double>(whole) + fraction;
}

// ---- plan document shapes ---------------------------------------------------

Json ToJson(const Lifecycle& v) {
  Json j = Json::object();
  Put(j, "MoveToColdStorageAfterDays", v.move_to_cold_storage_after_days);
  Put(j, "DeleteAfterDays", v.delete_after_days);
  Put(j, "OptInToArchiveForSupportedResources", v.opt_in_to_archive_for_supported_resources);
  Put(j, "DeleteAfterEvent", v.delete_after_event);
  return j;
}
void FromJson(const JsonIn& in, Lifecycle* out) {
  RequireObject(in);
  Get(in, "MoveToColdStorageAfterDays", &out->move_to_cold_storage_after_days);
  Get(in, "DeleteAfterDays", &out->delete_after_days);
  Get(in, "OptInToArchiveForSupportedResources", &out->opt_in_to_archive_for_supported_resources);
  Get(in, "DeleteAfterEvent", &out->delete_after_event);
}

Json ToJson(const CopyAction& v) {
  Json j = Json::object();
  Put(j, "DestinationBackupVaultArn", v.destination_backup_vault_arn);
  Put(j, "Lifecycle", v.lifecycle);
  return j;
}
void FromJson(const JsonIn& in, CopyAction* out) {
  RequireObject(in);
  Get(in, "DestinationBackupVaultArn", &out->destination_backup_vault_arn, kRequired);
  Get(in, "Lifecycle", &out->lifecycle);
}

Json ToJson(const IndexAction& v) {
  Json j = Json::object();
  Put(j, "ResourceTypes", v.resource_types);
  return j;
}
void FromJson(const JsonIn& in, IndexAction* out) {
  RequireObject(in);
  Get(in, "ResourceTypes", &out->resource_types);
}

Json ToJson(const ScanAction& v) {
  Json j = Json::object();
  Put(j, "MalwareScanner", v.malware_scanner);
  Put(j, "ScanMode", v.scan_mode);
  return j;
}
void FromJson(const JsonIn& in, ScanAction* out) {
  RequireObject(in);
  Get(in, "MalwareScanner", &out->malware_scanner);
  Get(in, "ScanMode", &out->scan_mode);
}

Json ToJson(const ScanSetting& v) {
  Json j = Json::object();
  Put(j, "MalwareScanner", v.malware_scanner);
  Put(j, "ResourceTypes", v.resource_types);
  Put(j, "ScannerRoleArn", v.scanner_role_arn);
  return j;
}
void FromJson(const JsonIn& in, ScanSetting* out) {
  RequireObject(in);
  Get(in, "MalwareScanner", &out->malware_scanner);
  Get(in, "ResourceTypes", &out->resource_types);
  Get(in, "ScannerRoleArn", &out->scanner_role_arn);
}

Json ToJson(const BackupRule& v) {
  Json j = Json::object();
  Put(j, "RuleName", v.rule_name);
  Put(j, "TargetBackupVaultName", v.target_backup_vault_name);
  Put(j, "ScheduleExpression", v.schedule_expression);
  Put(j, "ScheduleExpressionTimezone", v.schedule_expression_timezone);
  Put(j, "StartWindowMinutes", v.start_window_minutes);
  Put(j, "CompletionWindowMinutes", v.completion_window_minutes);
  Put(j, "Lifecycle", v.lifecycle);
  Put(j, "RecoveryPointTags", v.recovery_point_tags);
  Put(j, "RuleId", v.rule_id);
  Put(j, "CopyActions", v.copy_actions);
  Put(j, "EnableContinuousBackup", v.enable_continuous_backup);
  Put(j, "TargetLogicallyAirGappedBackupVaultArn", v.target_logically_air_gapped_backup_vault_arn);
  Put(j, "IndexActions", v.index_actions);
  Put(j, "ScanActions", v.scan_actions);
  return j;
}
void FromJson(const JsonIn& in, BackupRule* out) {
  RequireObject(in);
  Get(in, "RuleName", &out->rule_name, kRequired);
  Get(in, "TargetBackupVaultName", &out->target_backup_vault_name, kRequired);
  Get(in, "ScheduleExpression", &out->schedule_expression);
  Get(in, "ScheduleExpressionTimezone", &out->schedule_expression_timezone);
  Get(in, "StartWindowMinutes", &out->start_window_minutes);
  Get(in, "CompletionWindowMinutes", &out->completion_window_minutes);
  Get(in, "Lifecycle", &out->lifecycle);
  Get(in, "RecoveryPointTags", &out->recovery_point_tags);
  Get(in, "RuleId", &out->rule_id);
  Get(in, "CopyActions", &out->copy_actions);
  Get(in, "EnableContinuousBackup", &out->enable_continuous_backup);
  Get(in, "TargetLogicallyAirGappedBackupVaultArn",
      &out->target_logically_air_gapped_backup_vault_arn);
  Get(in, "IndexActions", &out->index_actions);
  Get(in, "ScanActions", &out->scan_actions);
}

Json ToJson(const AdvancedBackupSetting& v) {
  Json j = Json::object();
  Put(j, "ResourceType", v.resource_type);
  Put(j, "BackupOptions", v.backup_options);
  return j;
}
void FromJson(const JsonIn& in, AdvancedBackupSetting* out) {
  RequireObject(in);
  Get(in, "ResourceType", &out->resource_type);
  Get(in, "BackupOptions", &out->backup_options);
}

Json ToJson(const BackupPlan& v) {
  Json j = Json::object();
  Put(j, "BackupPlanName", v.backup_plan_name);
  PutAlways(j, "Rules", v.rules);
  Put(j, "AdvancedBackupSettings", v.advanced_backup_settings);
  Put(j, "ScanSettings", v.scan_settings);
  return j;
}
void FromJson(const JsonIn& in, BackupPlan* out) {
  RequireObject(in);
  Get(in, "BackupPlanName", &out->backup_plan_name, kRequired);
  Get(in, "Rules", &out->rules, kRequired);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
  Get(in, "ScanSettings", &out->scan_settings);
}

// ---- selection shapes -------------------------------------------------------

Json ToJson(const Condition& v) {
  Json j = Json::object();
  Put(j, "ConditionType", v.condition_type);
  Put(j, "ConditionKey", v.condition_key);
  Put(j, "ConditionValue", v.condition_value);
  return j;
}
void FromJson(const JsonIn& in, Condition* out) {
  RequireObject(in);
  Get(in, "ConditionType", &out->condition_type, kRequired);
  Get(in, "ConditionKey", &out->condition_key, kRequired);
  Get(in, "ConditionValue", &out->condition_value, kRequired);
}

Json ToJson(const ConditionParameter& v) {
  Json j = Json::object();
  Put(j, "ConditionKey", v.condition_key);
  Put(j, "ConditionValue", v.condition_value);
  return j;
}
void FromJson(const JsonIn& in, ConditionParameter* out) {
  RequireObject(in);
  Get(in, "ConditionKey", &out->condition_key);
  Get(in, "ConditionValue", &out->condition_value);
}

Json ToJson(const Conditions& v) {
  Json j = Json::object();
  Put(j, "StringEquals", v.string_equals);
  Put(j, "StringNotEquals", v.string_not_equals);
  Put(j, "StringLike", v.string_like);
  Put(j, "StringNotLike", v.string_not_like);
  return j;
}
void FromJson(const JsonIn& in, Conditions* out) {
  RequireObject(in);
  Get(in, "StringEquals", &out->string_equals);
  Get(in, "StringNotEquals", &out->string_not_equals);
  Get(in, "StringLike", &out->string_like);
  Get(in, "StringNotLike", &out->string_not_like);
}

Json ToJson(const BackupSelection& v) {
  Json j = Json::object();
  Put(j, "SelectionName", v.selection_name);
  Put(j, "IamRoleArn", v.iam_role_arn);
  Put(j, "Resources", v.resources);
  Put(j, "ListOfTags", v.list_of_tags);
  Put(j, "NotResources", v.not_resources);
  Put(j, "Conditions", v.conditions);
  return j;
}
void FromJson(const JsonIn& in, BackupSelection* out) {
  RequireObject(in);
  Get(in, "SelectionName", &out->selection_name, kRequired);
  Get(in, "IamRoleArn", &out->iam_role_arn, kRequired);
  Get(in, "Resources", &out->resources);
  Get(in, "ListOfTags", &out->list_of_tags);
  Get(in, "NotResources", &out->not_resources);
  Get(in, "Conditions", &out->conditions);
}

// ---- list members -----------------------------------------------------------

Json ToJson(const BackupPlansListMember& v) {
  Json j = Json::object();
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  Put(j, "BackupPlanId", v.backup_plan_id);
  PutTime(j, "CreationDate", v.creation_date);
  PutTime(j, "DeletionDate", v.deletion_date);
  Put(j, "VersionId", v.version_id);
  Put(j, "BackupPlanName", v.backup_plan_name);
  Put(j, "CreatorRequestId", v.creator_request_id);
  PutTime(j, "LastExecutionDate", v.last_execution_date);
  Put(j, "AdvancedBackupSettings", v.advanced_backup_settings);
  return j;
}
void FromJson(const JsonIn& in, BackupPlansListMember* out) {
  RequireObject(in);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "DeletionDate", &out->deletion_date);
  Get(in, "VersionId", &out->version_id);
  Get(in, "BackupPlanName", &out->backup_plan_name);
  Get(in, "CreatorRequestId", &out->creator_request_id);
  Get(in, "LastExecutionDate", &out->last_execution_date);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
}

Json ToJson(const BackupSelectionsListMember& v) {
  Json j = Json::object();
  Put(j, "SelectionId", v.selection_id);
  Put(j, "SelectionName", v.selection_name);
  Put(j, "BackupPlanId", v.backup_plan_id);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "CreatorRequestId", v.creator_request_id);
  Put(j, "IamRoleArn", v.iam_role_arn);
  return j;
}
void FromJson(const JsonIn& in, BackupSelectionsListMember* out) {
  RequireObject(in);
  Get(in, "SelectionId", &out->selection_id);
  Get(in, "SelectionName", &out->selection_name);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "CreatorRequestId", &out->creator_request_id);
  Get(in, "IamRoleArn", &out->iam_role_arn);
}

Json ToJson(const RecoveryPointByBackupVault& v) {
  Json j = Json::object();
  Put(j, "RecoveryPointArn", v.recovery_point_arn);
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  Put(j, "ResourceArn", v.resource_arn);
  Put(j, "ResourceType", v.resource_type);
  Put(j, "Status", v.status);
  PutTime(j, "CreationDate", v.creation_date);
  return j;
}
void FromJson(const JsonIn& in, RecoveryPointByBackupVault* out) {
  RequireObject(in);
  Get(in, "RecoveryPointArn", &out->recovery_point_arn);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "ResourceArn", &out->resource_arn);
  Get(in, "ResourceType", &out->resource_type);
  Get(in, "Status", &out->status);
  Get(in, "CreationDate", &out->creation_date);
}

}  // namespace backupctl
