// The documents inside AWS Backup's requests and responses: a backup plan
// (rules, lifecycles, copy actions, advanced settings) and a backup
// selection (resources, conditions), plus Tags and Timestamp. Members as
// in service-2.json, in snake_case; see backup_types.h for the conventions.

#ifndef BACKUPCTL_PROVIDERS_BACKUP_DOCUMENTS_H_
#define BACKUPCTL_PROVIDERS_BACKUP_DOCUMENTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/condition_lists.h"

namespace backupctl {

using Tags = std::map<std::string, std::string>;
using Timestamp = double;  // epoch seconds, may carry milliseconds

// ---- plan document shapes -------------------------------------------------

struct Lifecycle {
  std::optional<int64_t> move_to_cold_storage_after_days;
  std::optional<int64_t> delete_after_days;
  std::optional<bool> opt_in_to_archive_for_supported_resources;
  std::optional<std::string> delete_after_event;  // output only
};

struct CopyAction {
  std::string destination_backup_vault_arn;
  std::optional<Lifecycle> lifecycle;
};

struct IndexAction {
  std::vector<std::string> resource_types;  // "EBS", "S3"
};

struct ScanAction {
  std::optional<std::string> malware_scanner;  // "GUARDDUTY"
  std::optional<std::string> scan_mode;        // "FULL_SCAN", "INCREMENTAL_SCAN"
};

struct ScanSetting {
  std::optional<std::string> malware_scanner;
  std::vector<std::string> resource_types;
  std::optional<std::string> scanner_role_arn;
};

// BackupRuleInput on requests, BackupRule on responses (which adds rule_id).
struct BackupRule {
  std::string rule_name;
  std::string target_backup_vault_name;
  std::optional<std::string> schedule_expression;
  std::optional<std::string> schedule_expression_timezone;
  std::optional<int64_t> start_window_minutes;
  std::optional<int64_t> completion_window_minutes;
  std::optional<Lifecycle> lifecycle;
  Tags recovery_point_tags;
  std::optional<std::string> rule_id;
  std::vector<CopyAction> copy_actions;
  std::optional<bool> enable_continuous_backup;
  std::optional<std::string> target_logically_air_gapped_backup_vault_arn;
  std::vector<IndexAction> index_actions;
  std::vector<ScanAction> scan_actions;
};
using BackupRuleInput = BackupRule;

struct AdvancedBackupSetting {
  std::string resource_type;
  std::map<std::string, std::string> backup_options;
};

// BackupPlanInput on requests, BackupPlan on responses.
struct BackupPlan {
  std::string backup_plan_name;
  std::vector<BackupRule> rules;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
  std::vector<ScanSetting> scan_settings;
};
using BackupPlanInput = BackupPlan;

// ---- selection shapes -----------------------------------------------------

struct Condition {
  std::string condition_type = "STRINGEQUALS";
  std::string condition_key;
  std::string condition_value;
};

struct ConditionParameter {
  std::string condition_key;
  std::string condition_value;
};

using Conditions = ConditionLists<ConditionParameter>;

struct BackupSelection {
  std::string selection_name;
  std::string iam_role_arn;
  std::vector<std::string> resources;
  std::vector<Condition> list_of_tags;
  std::vector<std::string> not_resources;
  std::optional<Conditions> conditions;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_BACKUP_DOCUMENTS_H_
