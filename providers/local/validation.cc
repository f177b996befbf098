#include "providers/local/validation.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "base/vault_events.h"
#include "providers/local/arn.h"
#include "providers/local/local_errors.h"

namespace backupctl {
namespace {

bool AllOf(const std::string& s, const std::string& extra) {
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string::npos;
  });
}

bool IsDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

std::vector<std::string> SplitSpaces(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// Every comma-separated number in a cron field (ranges and steps too) is <= max.
bool CronFieldInRange(const std::string& field, int max) {
  std::string number;
  for (size_t i = 0; i <= field.size(); ++i) {
    if (i < field.size() && std::isdigit(static_cast<unsigned char>(field[i]))) {
      number += field[i];
      continue;
    }
    if (number.size() > 4 || (!number.empty() && std::stoi(number) > max)) return false;
    number.clear();
  }
  return true;
}

bool IsCron(const std::string& body) {
  std::vector<std::string> fields = SplitSpaces(body);
  if (fields.size() != 6) return false;
  for (const std::string& f : fields) {
    if (!AllOf(f, "*?,-/#")) return false;
  }
  // Day-of-month and day-of-week: exactly one of them is '?'.
  if ((fields[2] == "?") == (fields[4] == "?")) return false;
  return CronFieldInRange(fields[0], 59) && CronFieldInRange(fields[1], 23) &&
         CronFieldInRange(fields[2], 31) && CronFieldInRange(fields[5], 2199);
}

bool IsRate(const std::string& body) {
  std::vector<std::string> words = SplitSpaces(body);
  if (words.size() != 2 || !IsDigits(words[0]) || words[0].size() > 9) return false;
  long value = std::stol(words[0]);
  const std::string& unit = words[1];
  bool one = value == 1;
  long minutes = 0;
  if (unit == (one ? "minute" : "minutes")) {
    minutes = value;
  } else if (unit == (one ? "hour" : "hours")) {
    minutes = value * 60;
  } else if (unit == (one ? "day" : "days")) {
    minutes = value * 1440;
  } else {
    return false;
  }
  return minutes >= 60;  // AWS Backup runs at most hourly
}

std::string RuleError(const std::string& rule, const std::string& what) {
  return "Error in rule " + rule + " : " + what;
}

std::optional<ApiError> CheckLifecycle(const std::string& rule, const Lifecycle& lifecycle) {
  const auto& cold = lifecycle.move_to_cold_storage_after_days;
  const auto& del = lifecycle.delete_after_days;
  if ((cold && (*cold < 1 || *cold > 36500)) || (del && (*del < 1 || *del > 36500))) {
    return InvalidParameterError(
        RuleError(rule, "Invalid lifecycle. Lifecycle days must be between 1 and 36500"));
  }
  if (cold && del && *del < *cold + 90) {
    return InvalidParameterError(
        RuleError(rule,
                  "Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from "
                  "MoveToColdStorageAfterDays"));
  }
  return std::nullopt;
}

bool IsTimezone(const std::string& tz) {
  return !tz.empty() && tz.size() <= 64 && std::isalpha(static_cast<unsigned char>(tz[0])) &&
         AllOf(tz, "_+-/");
}

std::optional<ApiError> CheckWindows(const BackupRule& rule) {
  const std::string& name = rule.rule_name;
  const auto& start = rule.start_window_minutes;
  const auto& completion = rule.completion_window_minutes;
  if (start && (*start < 60 || *start > 52560000)) {
    return InvalidParameterError(
        RuleError(name, "StartWindowMinutes must be between 60 and 52560000 minutes"));
  }
  if (completion && (*completion < 1 || *completion > 52560000)) {
    return InvalidParameterError(
        RuleError(name, "CompletionWindowMinutes must be between 1 and 52560000 minutes"));
  }
  if (start && completion && *completion <= *start) {
    return InvalidParameterError(
        RuleError(name, "CompletionWindowMinutes must be greater than StartWindowMinutes"));
  }
  return std::nullopt;
}

bool IsVaultArn(const std::string& text) {
  auto arn = ParseArn(text);
  return arn && arn->service == "backup" && arn->resource.rfind("backup-vault:", 0) == 0 &&
         IsDigits(arn->account) && !arn->region.empty();
}

std::optional<ApiError> CheckCopyAction(const std::string& rule, const CopyAction& copy) {
  if (copy.destination_backup_vault_arn.empty()) {
    return MissingParameterError(RuleError(rule, "DestinationBackupVaultArn is required"));
  }
  if (!IsVaultArn(copy.destination_backup_vault_arn)) {
    return InvalidParameterError(RuleError(
        rule, "Invalid destination backup vault ARN " + copy.destination_backup_vault_arn));
  }
  if (copy.lifecycle) return CheckLifecycle(rule, *copy.lifecycle);
  return std::nullopt;
}

bool OneOf(const std::optional<std::string>& value, std::initializer_list<const char*> allowed) {
  if (!value) return true;
  for (const char* a : allowed) {
    if (*value == a) return true;
  }
  return false;
}

// TargetLogicallyAirGappedBackupVaultArn, IndexActions and ScanActions: the enums of the model.
std::optional<ApiError> CheckRuleActions(const BackupRule& rule) {
  const std::string& name = rule.rule_name;
  const auto& air_gapped = rule.target_logically_air_gapped_backup_vault_arn;
  if (air_gapped && !IsVaultArn(*air_gapped)) {
    return InvalidParameterError(
        RuleError(name, "Invalid TargetLogicallyAirGappedBackupVaultArn " + *air_gapped));
  }
  if (rule.index_actions.size() > 1) {
    return InvalidParameterError(RuleError(name, "A rule accepts at most one IndexActions entry"));
  }
  for (const IndexAction& index : rule.index_actions) {
    for (const std::string& type : index.resource_types) {
      if (!OneOf(type, {"EBS", "S3"})) {
        return InvalidParameterError(
            RuleError(name, "Invalid IndexActions resource type " + type + ": EBS or S3"));
      }
    }
  }
  for (const ScanAction& scan : rule.scan_actions) {
    if (!OneOf(scan.malware_scanner, {"GUARDDUTY"}) ||
        !OneOf(scan.scan_mode, {"FULL_SCAN", "INCREMENTAL_SCAN"})) {
      return InvalidParameterError(RuleError(name, "Invalid ScanActions entry"));
    }
  }
  return std::nullopt;
}

std::optional<ApiError> CheckRule(const BackupRule& rule,
                                  const std::function<bool(const std::string&)>& vault_exists) {
  const std::string& name = rule.rule_name;
  if (name.empty()) return MissingParameterError("RuleName is required in every rule");
  if (!IsBackupObjectName(name)) {
    return InvalidParameterError("Invalid rule name " + name +
                                 ": must contain 1 to 50 alphanumeric or '-_.' characters");
  }
  const std::string& vault = rule.target_backup_vault_name;
  if (vault.empty())
    return MissingParameterError(RuleError(name, "TargetBackupVaultName is required"));
  if (!IsBackupVaultName(vault) && vault.rfind("aws/", 0) != 0) {
    return InvalidParameterError(RuleError(name, "Backup vault name " + vault + " is not valid"));
  }
  if (!vault_exists(vault)) {
    return InvalidParameterError(
        RuleError(name, "Backup vault with name " + vault + " does not exist"));
  }
  if (rule.schedule_expression && !IsScheduleExpression(*rule.schedule_expression)) {
    return InvalidParameterError(
        RuleError(name, "Invalid schedule expression " + *rule.schedule_expression));
  }
  if (rule.schedule_expression_timezone && !IsTimezone(*rule.schedule_expression_timezone)) {
    return InvalidParameterError(RuleError(
        name, "Invalid schedule expression timezone " + *rule.schedule_expression_timezone));
  }
  if (auto e = CheckWindows(rule)) return e;
  if (rule.lifecycle) {
    if (auto e = CheckLifecycle(name, *rule.lifecycle)) return e;
  }
  for (const CopyAction& copy : rule.copy_actions) {
    if (auto e = CheckCopyAction(name, copy)) return e;
  }
  if (auto e = CheckRuleActions(rule)) return e;
  return CheckTags(rule.recovery_point_tags);
}

bool IsArnOrWildcard(const std::string& s) { return s == "*" || ParseArn(s).has_value(); }

std::optional<ApiError> CheckResourceList(const std::vector<std::string>& list,
                                          const char* member) {
  if (list.size() > 500) {
    return InvalidParameterError(std::string(member) + " can contain at most 500 ARNs");
  }
  for (const std::string& r : list) {
    if (!IsArnOrWildcard(r)) {
      return InvalidParameterError(std::string("Invalid ARN in ") + member + ": " + r);
    }
  }
  return std::nullopt;
}

std::optional<ApiError> CheckConditions(const Conditions& c) {
  for (const auto* list :
       {&c.string_equals, &c.string_not_equals, &c.string_like, &c.string_not_like}) {
    for (const ConditionParameter& p : *list) {
      if (p.condition_key.empty()) {
        return InvalidParameterError("Invalid backup selection. ConditionKey must not be empty");
      }
    }
  }
  return std::nullopt;
}

}  // namespace

bool IsBackupVaultName(const std::string& name) {
  return name.size() >= 2 && name.size() <= 50 && AllOf(name, "-_");
}

bool IsBackupObjectName(const std::string& name) {
  return !name.empty() && name.size() <= 50 && AllOf(name, "-_.");
}

bool IsScheduleExpression(const std::string& text) {
  auto inside = [&](const std::string& prefix) -> std::optional<std::string> {
    if (text.size() < prefix.size() + 2 || text.rfind(prefix + "(", 0) != 0 || text.back() != ')') {
      return std::nullopt;
    }
    return text.substr(prefix.size() + 1, text.size() - prefix.size() - 2);
  };
  if (auto body = inside("cron")) return IsCron(*body);
  if (auto body = inside("rate")) return IsRate(*body);
  return false;
}

std::optional<ApiError> CheckCreatorRequestId(const std::optional<std::string>& id) {
  if (!id) return std::nullopt;
  if (id->empty() || id->size() > 50 || !AllOf(*id, "-_.")) {
    return InvalidParameterError(
        "Invalid CreatorRequestId: must contain 1 to 50 alphanumeric or '-_.' characters");
  }
  return std::nullopt;
}

std::optional<ApiError> CheckTagKeys(const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    if (key.empty() || key.size() > 128) {
      return InvalidParameterError("Tag keys must be 1 to 128 characters long");
    }
    if (EqualsIgnoreCase(key.substr(0, 4), "aws:")) {
      return InvalidParameterError("Tag keys starting with 'aws:' are reserved for AWS use: " +
                                   key);
    }
  }
  return std::nullopt;
}

std::optional<ApiError> CheckTags(const Tags& tags) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : tags) {
    if (value.size() > 256) {
      return InvalidParameterError("Tag value of " + key + " is longer than 256 characters");
    }
    keys.push_back(key);
  }
  return CheckTagKeys(keys);
}

std::optional<ApiError> CheckPlanDocument(
    const BackupPlan& plan, const std::function<bool(const std::string&)>& vault_exists) {
  if (plan.backup_plan_name.empty()) return MissingParameterError("BackupPlanName is required");
  if (!IsBackupObjectName(plan.backup_plan_name)) {
    return InvalidParameterError("Invalid backup plan name " + plan.backup_plan_name +
                                 ": must contain 1 to 50 alphanumeric or '-_.' characters");
  }
  if (plan.rules.empty()) return MissingParameterError("A backup plan needs at least one rule");
  std::set<std::string> names;
  for (const BackupRule& rule : plan.rules) {
    if (auto e = CheckRule(rule, vault_exists)) return e;
    if (!names.insert(rule.rule_name).second) {
      return InvalidParameterError("Rule names must be unique within a backup plan: " +
                                   rule.rule_name);
    }
  }
  for (const AdvancedBackupSetting& s : plan.advanced_backup_settings) {
    if (s.resource_type.empty()) {
      return InvalidParameterError("AdvancedBackupSettings: ResourceType is required");
    }
  }
  for (const ScanSetting& s : plan.scan_settings) {
    if (!OneOf(s.malware_scanner, {"GUARDDUTY"})) {
      return InvalidParameterError("ScanSettings: MalwareScanner must be GUARDDUTY");
    }
  }
  return std::nullopt;
}

std::optional<ApiError> CheckSelection(const BackupSelection& s) {
  if (s.selection_name.empty()) return MissingParameterError("SelectionName is required");
  if (!IsBackupObjectName(s.selection_name)) {
    return InvalidParameterError("Invalid backup selection name " + s.selection_name +
                                 ": must contain 1 to 50 alphanumeric or '-_.' characters");
  }
  if (s.iam_role_arn.empty()) return MissingParameterError("IamRoleArn is required");
  auto role = ParseArn(s.iam_role_arn);
  if (!role || role->service != "iam" || !role->region.empty() || role->account.size() != 12 ||
      !IsDigits(role->account) || role->resource.rfind("role/", 0) != 0 ||
      role->resource.size() <= 5) {
    return InvalidParameterError("Invalid IAM role ARN " + s.iam_role_arn);
  }
  if (auto e = CheckResourceList(s.resources, "Resources")) return e;
  if (auto e = CheckResourceList(s.not_resources, "NotResources")) return e;
  for (const Condition& c : s.list_of_tags) {
    if (c.condition_type != "STRINGEQUALS") {
      return InvalidParameterError("Invalid ConditionType " + c.condition_type +
                                   ": only STRINGEQUALS is supported");
    }
    if (c.condition_key.empty()) return MissingParameterError("ConditionKey is required");
  }
  if (s.conditions) {
    if (auto e = CheckConditions(*s.conditions)) return e;
  }
  if (s.resources.empty() && s.list_of_tags.empty()) {
    return InvalidParameterError(
        "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.");
  }
  return std::nullopt;
}

std::optional<ApiError> CheckNotifications(const std::string& sns_topic_arn,
                                           const std::vector<std::string>& events) {
  if (sns_topic_arn.empty()) return MissingParameterError("SNSTopicArn is required");
  auto arn = ParseArn(sns_topic_arn);
  if (!arn || arn->service != "sns" || arn->region.empty() || arn->account.size() != 12 ||
      !IsDigits(arn->account) || arn->resource.size() > 256 || !AllOf(arn->resource, "-_.")) {
    return InvalidParameterError("Invalid SNS topic ARN " + sns_topic_arn);
  }
  if (events.empty()) return MissingParameterError("BackupVaultEvents is required");
  for (const std::string& event : events) {
    if (!IsVaultEventEnumValue(event)) {  // deprecated ones too, as AWS
      return InvalidParameterError(
          "Invalid event " + event +
          ". Please select from the following list of notifications BACKUP_JOB_STARTED, "
          "BACKUP_JOB_COMPLETED, RESTORE_JOB_STARTED, RESTORE_JOB_COMPLETED, COPY_JOB_STARTED, "
          "COPY_JOB_SUCCESSFUL, COPY_JOB_FAILED, RECOVERY_POINT_MODIFIED, S3_BACKUP_OBJECT_FAILED, "
          "S3_RESTORE_OBJECT_FAILED");
    }
  }
  return std::nullopt;
}

std::optional<ApiError> CheckPolicy(const std::optional<std::string>& policy) {
  if (!policy || policy->empty()) return MissingParameterError("Policy is required");
  nlohmann::json doc = nlohmann::json::parse(*policy, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidParameterError("Invalid policy: the policy is not a JSON object");
  }
  auto statement = doc.find("Statement");
  if (statement == doc.end() || !(statement->is_array() || statement->is_object()) ||
      statement->empty()) {
    return InvalidParameterError("Invalid policy: a policy needs a Statement");
  }
  auto version = doc.find("Version");
  if (version != doc.end() &&
      !(version->is_string() && (*version == "2012-10-17" || *version == "2008-10-17"))) {
    return InvalidParameterError("Invalid policy: unknown Version");
  }
  return std::nullopt;
}

std::optional<ApiError> CheckLockDays(const std::optional<int64_t>& min_days,
                                      const std::optional<int64_t>& max_days,
                                      const std::optional<int64_t>& changeable_days) {
  if (min_days && (*min_days < 1 || *min_days > 36500)) {
    return InvalidParameterError("MinRetentionDays must be between 1 and 36500 days");
  }
  if (max_days && (*max_days < 1 || *max_days > 36500)) {
    return InvalidParameterError("MaxRetentionDays must be between 1 and 36500 days");
  }
  if (min_days && max_days && *min_days > *max_days) {
    return InvalidParameterError("MinRetentionDays cannot be greater than MaxRetentionDays");
  }
  if (changeable_days && (*changeable_days < 3 || *changeable_days > 36500)) {
    return InvalidParameterError("ChangeableForDays must be between 3 and 36500 days");
  }
  return std::nullopt;
}

}  // namespace backupctl
