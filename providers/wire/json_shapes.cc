#include "providers/wire/json_shapes.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace backupctl {
namespace {

// ---- reading ----------------------------------------------------------------

std::string Join(const std::string& path, const char* name) {
  return path.empty() ? std::string(name) : path + "." + name;
}

[[noreturn]] void WrongType(const std::string& path, const char* expected) {
  throw ShapeError(
      "SerializationException",
      "member " + (path.empty() ? std::string("(request body)") : path) + " must be " + expected);
}

void RequireObject(const JsonIn& in) {
  if (!in.json.is_object()) WrongType(in.path, "a JSON object");
}

// The member's value, or nullptr when it is absent or null.
const Json* Member(const JsonIn& in, const char* name, bool required) {
  auto it = in.json.find(name);
  if (it == in.json.end() || it->is_null()) {
    if (required && in.mode == ReadMode::kRequest) {
      throw ShapeError("MissingParameterValueException",
                       "Missing required parameter: " + Join(in.path, name));
    }
    return nullptr;
  }
  return &*it;
}

void ReadValue(const Json& v, const std::string& path, ReadMode, std::string* out) {
  if (!v.is_string()) WrongType(path, "a string");
  *out = v.get<std::string>();
}

void ReadValue(const Json& v, const std::string& path, ReadMode, int64_t* out) {
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      WrongType(path, "a 64-bit integer");
    }
    *out = static_cast<int64_t>(v.get<uint64_t>());
  } else if (v.is_number_integer()) {
    *out = v.get<int64_t>();
  } else if (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>() &&
             std::fabs(v.get<double>()) < 9.0e15) {
    *out = static_cast<int64_t>(v.get<double>());
  } else {
    WrongType(path, "an integer");
  }
}

void ReadValue(const Json& v, const std::string& path, ReadMode mode, int* out) {
  int64_t wide = 0;
  ReadValue(v, path, mode, &wide);
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
    WrongType(path, "a 32-bit integer");
  }
  *out = static_cast<int>(wide);
}

void ReadValue(const Json& v, const std::string& path, ReadMode, bool* out) {
  if (!v.is_boolean()) WrongType(path, "a boolean");
  *out = v.get<bool>();
}

// Timestamp is the only double in the shapes.
void ReadValue(const Json& v, const std::string& path, ReadMode, double* out) {
  if (v.is_number()) {
    *out = v.get<double>();
    return;
  }
  if (v.is_string()) {
    std::optional<Timestamp> t = ParseIso8601(v.get<std::string>());
    if (t) {
      *out = *t;
      return;
    }
  }
  WrongType(path, "a timestamp (epoch seconds or ISO-8601)");
}

void ReadValue(const Json& v, const std::string& path, ReadMode mode,
               std::map<std::string, std::string>* out) {
  if (!v.is_object()) WrongType(path, "a JSON object of strings");
  out->clear();
  for (auto it = v.begin(); it != v.end(); ++it) {
    ReadValue(it.value(), path + "." + it.key(), mode, &(*out)[it.key()]);
  }
}

template <typename T>
void ReadValue(const Json& v, const std::string& path, ReadMode mode, T* out) {
  FromJson(JsonIn{v, path, mode}, out);
}

template <typename T>
void ReadValue(const Json& v, const std::string& path, ReadMode mode, std::vector<T>* out) {
  if (!v.is_array()) WrongType(path, "a JSON array");
  out->clear();
  out->resize(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    ReadValue(v[i], path + "[" + std::to_string(i) + "]", mode, &(*out)[i]);
  }
}

template <typename T>
void Get(const JsonIn& in, const char* name, T* out, bool required = false) {
  if (const Json* v = Member(in, name, required)) ReadValue(*v, Join(in.path, name), in.mode, out);
}

template <typename T>
void Get(const JsonIn& in, const char* name, std::optional<T>* out, bool required = false) {
  const Json* v = Member(in, name, required);
  if (v == nullptr) return;
  T value{};
  ReadValue(*v, Join(in.path, name), in.mode, &value);
  *out = std::move(value);
}

constexpr bool kRequired = true;

// ---- writing ----------------------------------------------------------------

Json TimeJson(Timestamp t) {
  // Whole seconds go out as integers, as AWS usually sends them.
  if (std::trunc(t) == t && std::fabs(t) < 9.0e15) return static_cast<int64_t>(t);
  return t;
}

template <typename T>
Json ElementJson(const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else {
    return ToJson(v);
  }
}

template <typename T>
Json ListJson(const std::vector<T>& list) {
  Json out = Json::array();
  for (const T& v : list) out.push_back(ElementJson(v));
  return out;
}

void Put(Json& j, const char* name, const std::string& v) { j[name] = v; }
void Put(Json& j, const char* name, int64_t v) { j[name] = v; }
void Put(Json& j, const char* name, int v) { j[name] = v; }
void Put(Json& j, const char* name, bool v) { j[name] = v; }
void PutTime(Json& j, const char* name, Timestamp v) { j[name] = TimeJson(v); }
void PutTime(Json& j, const char* name, const std::optional<Timestamp>& v) {
  if (v) j[name] = TimeJson(*v);
}

template <typename T>
void Put(Json& j, const char* name, const T& v) {
  j[name] = ToJson(v);
}

template <typename T>
void Put(Json& j, const char* name, const std::optional<T>& v) {
  if (v) Put(j, name, *v);
}

// Optional lists and maps: empty means absent.
template <typename T>
void Put(Json& j, const char* name, const std::vector<T>& v) {
  if (!v.empty()) j[name] = ListJson(v);
}
void Put(Json& j, const char* name, const Tags& v) {
  if (!v.empty()) j[name] = v;
}

// Required lists and maps, and the item lists of list operations: always written.
template <typename T>
void PutAlways(Json& j, const char* name, const std::vector<T>& v) {
  j[name] = ListJson(v);
}
void PutAlways(Json& j, const char* name, const Tags& v) { j[name] = v; }

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
  return j;
}
void FromJson(const JsonIn& in, BackupPlan* out) {
  RequireObject(in);
  Get(in, "BackupPlanName", &out->backup_plan_name, kRequired);
  Get(in, "Rules", &out->rules, kRequired);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
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

// ---- vaults -----------------------------------------------------------------

Json ToJson(const CreateBackupVaultInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultTags", v.backup_vault_tags);
  Put(j, "EncryptionKeyArn", v.encryption_key_arn);
  Put(j, "CreatorRequestId", v.creator_request_id);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupVaultInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "BackupVaultTags", &out->backup_vault_tags);
  Get(in, "EncryptionKeyArn", &out->encryption_key_arn);
  Get(in, "CreatorRequestId", &out->creator_request_id);
}

Json ToJson(const CreateBackupVaultOutput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  PutTime(j, "CreationDate", v.creation_date);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupVaultOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "CreationDate", &out->creation_date);
}

Json ToJson(const DescribeBackupVaultInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DescribeBackupVaultInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const DescribeBackupVaultOutput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  Put(j, "VaultType", v.vault_type);
  Put(j, "VaultState", v.vault_state);
  Put(j, "EncryptionKeyArn", v.encryption_key_arn);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "CreatorRequestId", v.creator_request_id);
  Put(j, "NumberOfRecoveryPoints", v.number_of_recovery_points);
  Put(j, "Locked", v.locked);
  Put(j, "MinRetentionDays", v.min_retention_days);
  Put(j, "MaxRetentionDays", v.max_retention_days);
  PutTime(j, "LockDate", v.lock_date);
  return j;
}
void FromJson(const JsonIn& in, DescribeBackupVaultOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "VaultType", &out->vault_type);
  Get(in, "VaultState", &out->vault_state);
  Get(in, "EncryptionKeyArn", &out->encryption_key_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "CreatorRequestId", &out->creator_request_id);
  Get(in, "NumberOfRecoveryPoints", &out->number_of_recovery_points);
  Get(in, "Locked", &out->locked);
  Get(in, "MinRetentionDays", &out->min_retention_days);
  Get(in, "MaxRetentionDays", &out->max_retention_days);
  Get(in, "LockDate", &out->lock_date);
}

Json ToJson(const ListBackupVaultsInput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListBackupVaultsInput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListBackupVaultsOutput& v) {
  Json j = Json::object();
  PutAlways(j, "BackupVaultList", v.backup_vault_list);
  Put(j, "NextToken", v.next_token);
  return j;
}
void FromJson(const JsonIn& in, ListBackupVaultsOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultList", &out->backup_vault_list);
  Get(in, "NextToken", &out->next_token);
}

Json ToJson(const DeleteBackupVaultInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupVaultInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

// ---- plans ------------------------------------------------------------------

Json ToJson(const CreateBackupPlanInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlan", v.backup_plan);
  Put(j, "BackupPlanTags", v.backup_plan_tags);
  Put(j, "CreatorRequestId", v.creator_request_id);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupPlanInput* out) {
  RequireObject(in);
  Get(in, "BackupPlan", &out->backup_plan, kRequired);
  Get(in, "BackupPlanTags", &out->backup_plan_tags);
  Get(in, "CreatorRequestId", &out->creator_request_id);
}

Json ToJson(const CreateBackupPlanOutput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "VersionId", v.version_id);
  Put(j, "AdvancedBackupSettings", v.advanced_backup_settings);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupPlanOutput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "VersionId", &out->version_id);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
}

Json ToJson(const GetBackupPlanInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "VersionId", v.version_id);
  return j;
}
void FromJson(const JsonIn& in, GetBackupPlanInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "VersionId", &out->version_id);
}

Json ToJson(const GetBackupPlanOutput& v) {
  Json j = Json::object();
  Put(j, "BackupPlan", v.backup_plan);
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  Put(j, "VersionId", v.version_id);
  Put(j, "CreatorRequestId", v.creator_request_id);
  PutTime(j, "CreationDate", v.creation_date);
  PutTime(j, "DeletionDate", v.deletion_date);
  PutTime(j, "LastExecutionDate", v.last_execution_date);
  Put(j, "AdvancedBackupSettings", v.advanced_backup_settings);
  return j;
}
void FromJson(const JsonIn& in, GetBackupPlanOutput* out) {
  RequireObject(in);
  Get(in, "BackupPlan", &out->backup_plan);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "VersionId", &out->version_id);
  Get(in, "CreatorRequestId", &out->creator_request_id);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "DeletionDate", &out->deletion_date);
  Get(in, "LastExecutionDate", &out->last_execution_date);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
}

Json ToJson(const ListBackupPlansInput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  Put(j, "IncludeDeleted", v.include_deleted);
  return j;
}
void FromJson(const JsonIn& in, ListBackupPlansInput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
  Get(in, "IncludeDeleted", &out->include_deleted);
}

Json ToJson(const ListBackupPlansOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "BackupPlansList", v.backup_plans_list);
  return j;
}
void FromJson(const JsonIn& in, ListBackupPlansOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "BackupPlansList", &out->backup_plans_list);
}

Json ToJson(const UpdateBackupPlanInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlan", v.backup_plan);
  return j;
}
void FromJson(const JsonIn& in, UpdateBackupPlanInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "BackupPlan", &out->backup_plan, kRequired);
}

Json ToJson(const UpdateBackupPlanOutput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "VersionId", v.version_id);
  Put(j, "AdvancedBackupSettings", v.advanced_backup_settings);
  return j;
}
void FromJson(const JsonIn& in, UpdateBackupPlanOutput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "VersionId", &out->version_id);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
}

Json ToJson(const DeleteBackupPlanInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupPlanInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
}

Json ToJson(const DeleteBackupPlanOutput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  PutTime(j, "DeletionDate", v.deletion_date);
  Put(j, "VersionId", v.version_id);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupPlanOutput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "DeletionDate", &out->deletion_date);
  Get(in, "VersionId", &out->version_id);
}

Json ToJson(const ListBackupPlanVersionsInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListBackupPlanVersionsInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListBackupPlanVersionsOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "BackupPlanVersionsList", v.backup_plan_versions_list);
  return j;
}
void FromJson(const JsonIn& in, ListBackupPlanVersionsOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "BackupPlanVersionsList", &out->backup_plan_versions_list);
}

// ---- selections -------------------------------------------------------------

Json ToJson(const CreateBackupSelectionInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupSelection", v.backup_selection);
  Put(j, "CreatorRequestId", v.creator_request_id);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupSelectionInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "BackupSelection", &out->backup_selection, kRequired);
  Get(in, "CreatorRequestId", &out->creator_request_id);
}

Json ToJson(const CreateBackupSelectionOutput& v) {
  Json j = Json::object();
  Put(j, "SelectionId", v.selection_id);
  Put(j, "BackupPlanId", v.backup_plan_id);
  PutTime(j, "CreationDate", v.creation_date);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupSelectionOutput* out) {
  RequireObject(in);
  Get(in, "SelectionId", &out->selection_id);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "CreationDate", &out->creation_date);
}

Json ToJson(const GetBackupSelectionInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "SelectionId", v.selection_id);
  return j;
}
void FromJson(const JsonIn& in, GetBackupSelectionInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "SelectionId", &out->selection_id, kRequired);
}

Json ToJson(const GetBackupSelectionOutput& v) {
  Json j = Json::object();
  Put(j, "BackupSelection", v.backup_selection);
  Put(j, "SelectionId", v.selection_id);
  Put(j, "BackupPlanId", v.backup_plan_id);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "CreatorRequestId", v.creator_request_id);
  return j;
}
void FromJson(const JsonIn& in, GetBackupSelectionOutput* out) {
  RequireObject(in);
  Get(in, "BackupSelection", &out->backup_selection);
  Get(in, "SelectionId", &out->selection_id);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "CreatorRequestId", &out->creator_request_id);
}

Json ToJson(const ListBackupSelectionsInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListBackupSelectionsInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListBackupSelectionsOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "BackupSelectionsList", v.backup_selections_list);
  return j;
}
void FromJson(const JsonIn& in, ListBackupSelectionsOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "BackupSelectionsList", &out->backup_selections_list);
}

Json ToJson(const DeleteBackupSelectionInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "SelectionId", v.selection_id);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupSelectionInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "SelectionId", &out->selection_id, kRequired);
}

// ---- notifications, access policy, lock -------------------------------------

Json ToJson(const PutBackupVaultNotificationsInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "SNSTopicArn", v.sns_topic_arn);
  PutAlways(j, "BackupVaultEvents", v.backup_vault_events);
  return j;
}
void FromJson(const JsonIn& in, PutBackupVaultNotificationsInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "SNSTopicArn", &out->sns_topic_arn, kRequired);
  Get(in, "BackupVaultEvents", &out->backup_vault_events, kRequired);
}

Json ToJson(const GetBackupVaultNotificationsInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, GetBackupVaultNotificationsInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const GetBackupVaultNotificationsOutput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  Put(j, "SNSTopicArn", v.sns_topic_arn);
  PutAlways(j, "BackupVaultEvents", v.backup_vault_events);
  return j;
}
void FromJson(const JsonIn& in, GetBackupVaultNotificationsOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "SNSTopicArn", &out->sns_topic_arn);
  Get(in, "BackupVaultEvents", &out->backup_vault_events);
}

Json ToJson(const DeleteBackupVaultNotificationsInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupVaultNotificationsInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const PutBackupVaultAccessPolicyInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "Policy", v.policy);
  return j;
}
void FromJson(const JsonIn& in, PutBackupVaultAccessPolicyInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "Policy", &out->policy);
}

Json ToJson(const GetBackupVaultAccessPolicyInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, GetBackupVaultAccessPolicyInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const GetBackupVaultAccessPolicyOutput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  Put(j, "Policy", v.policy);
  return j;
}
void FromJson(const JsonIn& in, GetBackupVaultAccessPolicyOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "Policy", &out->policy);
}

Json ToJson(const DeleteBackupVaultAccessPolicyInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupVaultAccessPolicyInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const PutBackupVaultLockConfigurationInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "MinRetentionDays", v.min_retention_days);
  Put(j, "MaxRetentionDays", v.max_retention_days);
  Put(j, "ChangeableForDays", v.changeable_for_days);
  return j;
}
void FromJson(const JsonIn& in, PutBackupVaultLockConfigurationInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "MinRetentionDays", &out->min_retention_days);
  Get(in, "MaxRetentionDays", &out->max_retention_days);
  Get(in, "ChangeableForDays", &out->changeable_for_days);
}

Json ToJson(const DeleteBackupVaultLockConfigurationInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupVaultLockConfigurationInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

// ---- tags -------------------------------------------------------------------

Json ToJson(const TagResourceInput& v) {
  Json j = Json::object();
  Put(j, "ResourceArn", v.resource_arn);
  PutAlways(j, "Tags", v.tags);
  return j;
}
void FromJson(const JsonIn& in, TagResourceInput* out) {
  RequireObject(in);
  Get(in, "ResourceArn", &out->resource_arn, kRequired);
  Get(in, "Tags", &out->tags, kRequired);
}

Json ToJson(const UntagResourceInput& v) {
  Json j = Json::object();
  Put(j, "ResourceArn", v.resource_arn);
  PutAlways(j, "TagKeyList", v.tag_key_list);
  return j;
}
void FromJson(const JsonIn& in, UntagResourceInput* out) {
  RequireObject(in);
  Get(in, "ResourceArn", &out->resource_arn, kRequired);
  Get(in, "TagKeyList", &out->tag_key_list, kRequired);
}

Json ToJson(const ListTagsInput& v) {
  Json j = Json::object();
  Put(j, "ResourceArn", v.resource_arn);
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListTagsInput* out) {
  RequireObject(in);
  Get(in, "ResourceArn", &out->resource_arn, kRequired);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListTagsOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "Tags", v.tags);
  return j;
}
void FromJson(const JsonIn& in, ListTagsOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "Tags", &out->tags);
}

// ---- recovery points --------------------------------------------------------

Json ToJson(const ListRecoveryPointsByBackupVaultInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListRecoveryPointsByBackupVaultInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListRecoveryPointsByBackupVaultOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "RecoveryPoints", v.recovery_points);
  return j;
}
void FromJson(const JsonIn& in, ListRecoveryPointsByBackupVaultOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "RecoveryPoints", &out->recovery_points);
}

}  // namespace backupctl
