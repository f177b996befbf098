// The AWS Backup request and response shapes backupctl uses, named as in
// the AWS Backup service model, service-2.json (members in snake_case; a copy
// is in tests/data/aws-backup-model).
//
// Optional scalars are std::optional so "absent" and "zero" stay distinct on
// the wire. Lists and maps are plain containers: empty means absent when
// serialising a request; a response's empty list decodes to empty.
// Timestamps are epoch seconds (the rest-json wire form).

#ifndef BACKUPCTL_PROVIDERS_BACKUP_TYPES_H_
#define BACKUPCTL_PROVIDERS_BACKUP_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

struct Conditions {
  std::vector<ConditionParameter> string_equals;
  std::vector<ConditionParameter> string_not_equals;
  std::vector<ConditionParameter> string_like;
  std::vector<ConditionParameter> string_not_like;
};

struct BackupSelection {
  std::string selection_name;
  std::string iam_role_arn;
  std::vector<std::string> resources;
  std::vector<Condition> list_of_tags;
  std::vector<std::string> not_resources;
  std::optional<Conditions> conditions;
};

// ---- vaults ---------------------------------------------------------------

struct CreateBackupVaultInput {
  std::string backup_vault_name;
  Tags backup_vault_tags;
  std::optional<std::string> encryption_key_arn;
  std::optional<std::string> creator_request_id;
};
struct CreateBackupVaultOutput {
  std::string backup_vault_name;
  std::string backup_vault_arn;
  Timestamp creation_date = 0;
};

struct DescribeBackupVaultInput {
  std::string backup_vault_name;
};
struct DescribeBackupVaultOutput {
  std::string backup_vault_name;
  std::string backup_vault_arn;
  std::optional<std::string> vault_type;
  std::optional<std::string> vault_state;
  std::optional<std::string> encryption_key_arn;
  Timestamp creation_date = 0;
  std::optional<std::string> creator_request_id;
  int64_t number_of_recovery_points = 0;
  bool locked = false;
  std::optional<int64_t> min_retention_days;
  std::optional<int64_t> max_retention_days;
  std::optional<Timestamp> lock_date;
};

// Same members as DescribeBackupVaultOutput (the model's BackupVaultListMember).
using BackupVaultListMember = DescribeBackupVaultOutput;

struct ListBackupVaultsInput {
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};
struct ListBackupVaultsOutput {
  std::vector<BackupVaultListMember> backup_vault_list;
  std::optional<std::string> next_token;
};

struct DeleteBackupVaultInput {
  std::string backup_vault_name;
};

// ---- plans ----------------------------------------------------------------

struct CreateBackupPlanInput {
  BackupPlanInput backup_plan;
  Tags backup_plan_tags;
  std::optional<std::string> creator_request_id;
};
struct CreateBackupPlanOutput {
  std::string backup_plan_id;
  std::string backup_plan_arn;
  Timestamp creation_date = 0;
  std::string version_id;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
};

struct GetBackupPlanInput {
  std::string backup_plan_id;
  std::optional<std::string> version_id;
};
struct GetBackupPlanOutput {
  BackupPlan backup_plan;
  std::string backup_plan_id;
  std::string backup_plan_arn;
  std::string version_id;
  std::optional<std::string> creator_request_id;
  Timestamp creation_date = 0;
  std::optional<Timestamp> deletion_date;
  std::optional<Timestamp> last_execution_date;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
};

struct BackupPlansListMember {
  std::string backup_plan_arn;
  std::string backup_plan_id;
  Timestamp creation_date = 0;
  std::optional<Timestamp> deletion_date;
  std::string version_id;
  std::string backup_plan_name;
  std::optional<std::string> creator_request_id;
  std::optional<Timestamp> last_execution_date;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
};

struct ListBackupPlansInput {
  std::optional<std::string> next_token;
  std::optional<int> max_results;
  std::optional<bool> include_deleted;
};
struct ListBackupPlansOutput {
  std::optional<std::string> next_token;
  std::vector<BackupPlansListMember> backup_plans_list;
};

struct UpdateBackupPlanInput {
  std::string backup_plan_id;
  BackupPlanInput backup_plan;
};
struct UpdateBackupPlanOutput {
  std::string backup_plan_id;
  std::string backup_plan_arn;
  Timestamp creation_date = 0;
  std::string version_id;
  std::vector<AdvancedBackupSetting> advanced_backup_settings;
};

struct DeleteBackupPlanInput {
  std::string backup_plan_id;
};
struct DeleteBackupPlanOutput {
  std::string backup_plan_id;
  std::string backup_plan_arn;
  Timestamp deletion_date = 0;
  std::string version_id;
};

struct ListBackupPlanVersionsInput {
  std::string backup_plan_id;
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};
struct ListBackupPlanVersionsOutput {
  std::optional<std::string> next_token;
  std::vector<BackupPlansListMember> backup_plan_versions_list;
};

// ---- selections -----------------------------------------------------------

struct CreateBackupSelectionInput {
  std::string backup_plan_id;
  BackupSelection backup_selection;
  std::optional<std::string> creator_request_id;
};
struct CreateBackupSelectionOutput {
  std::string selection_id;
  std::string backup_plan_id;
  Timestamp creation_date = 0;
};

struct GetBackupSelectionInput {
  std::string backup_plan_id;
  std::string selection_id;
};
struct GetBackupSelectionOutput {
  BackupSelection backup_selection;
  std::string selection_id;
  std::string backup_plan_id;
  Timestamp creation_date = 0;
  std::optional<std::string> creator_request_id;
};

struct BackupSelectionsListMember {
  std::string selection_id;
  std::string selection_name;
  std::string backup_plan_id;
  Timestamp creation_date = 0;
  std::optional<std::string> creator_request_id;
  std::string iam_role_arn;
};

struct ListBackupSelectionsInput {
  std::string backup_plan_id;
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};
struct ListBackupSelectionsOutput {
  std::optional<std::string> next_token;
  std::vector<BackupSelectionsListMember> backup_selections_list;
};

struct DeleteBackupSelectionInput {
  std::string backup_plan_id;
  std::string selection_id;
};

// ---- notifications, access policy, lock -----------------------------------

struct PutBackupVaultNotificationsInput {
  std::string backup_vault_name;
  std::string sns_topic_arn;
  std::vector<std::string> backup_vault_events;
};

struct GetBackupVaultNotificationsInput {
  std::string backup_vault_name;
};
struct GetBackupVaultNotificationsOutput {
  std::string backup_vault_name;
  std::string backup_vault_arn;
  std::string sns_topic_arn;
  std::vector<std::string> backup_vault_events;
};

struct DeleteBackupVaultNotificationsInput {
  std::string backup_vault_name;
};

struct PutBackupVaultAccessPolicyInput {
  std::string backup_vault_name;
  std::optional<std::string> policy;  // the IAM policy document, as a JSON string
};

struct GetBackupVaultAccessPolicyInput {
  std::string backup_vault_name;
};
struct GetBackupVaultAccessPolicyOutput {
  std::string backup_vault_name;
  std::string backup_vault_arn;
  std::string policy;
};

struct DeleteBackupVaultAccessPolicyInput {
  std::string backup_vault_name;
};

struct PutBackupVaultLockConfigurationInput {
  std::string backup_vault_name;
  std::optional<int64_t> min_retention_days;
  std::optional<int64_t> max_retention_days;
  std::optional<int64_t> changeable_for_days;
};

struct DeleteBackupVaultLockConfigurationInput {
  std::string backup_vault_name;
};

// ---- tags -----------------------------------------------------------------

struct TagResourceInput {
  std::string resource_arn;
  Tags tags;
};

struct UntagResourceInput {
  std::string resource_arn;
  std::vector<std::string> tag_key_list;
};

struct ListTagsInput {
  std::string resource_arn;
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};
struct ListTagsOutput {
  std::optional<std::string> next_token;
  Tags tags;
};

// ---- recovery points ------------------------------------------------------

struct ListRecoveryPointsByBackupVaultInput {
  std::string backup_vault_name;
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};

struct RecoveryPointByBackupVault {
  std::string recovery_point_arn;
  std::string backup_vault_name;
  std::string backup_vault_arn;
  std::string resource_arn;
  std::string resource_type;
  std::string status;
  Timestamp creation_date = 0;
};

struct ListRecoveryPointsByBackupVaultOutput {
  std::optional<std::string> next_token;
  std::vector<RecoveryPointByBackupVault> recovery_points;
};

// ---- jobs -------------------------------------------------------------------

// Which plan and rule made a recovery point or started a job (absent for
// on-demand jobs).
struct RecoveryPointCreator {
  std::optional<std::string> backup_plan_id;
  std::optional<std::string> backup_plan_arn;
  std::optional<std::string> backup_plan_name;
  std::optional<std::string> backup_plan_version;
  std::optional<std::string> backup_rule_id;
  std::optional<std::string> backup_rule_name;
  std::optional<std::string> backup_rule_cron;
  std::optional<std::string> backup_rule_timezone;
};

struct StartBackupJobInput {
  std::string backup_vault_name;
  std::optional<std::string> logically_air_gapped_backup_vault_arn;
  std::string resource_arn;
  std::string iam_role_arn;
  std::optional<std::string> idempotency_token;
  std::optional<int64_t> start_window_minutes;
  std::optional<int64_t> complete_window_minutes;
  std::optional<Lifecycle> lifecycle;
  Tags recovery_point_tags;
  std::map<std::string, std::string> backup_options;
  std::optional<std::string> index;  // "ENABLED", "DISABLED"
};
struct StartBackupJobOutput {
  std::optional<std::string> backup_job_id;
  std::optional<std::string> recovery_point_arn;
  std::optional<Timestamp> creation_date;
  std::optional<bool> is_parent;
};

// BackupJob in lists; DescribeBackupJobOutput carries the same members and a
// few more (the model's two shapes differ only by those).
struct BackupJob {
  std::optional<std::string> account_id;
  std::string backup_job_id;
  std::optional<std::string> backup_vault_name;
  std::optional<std::string> backup_vault_arn;
  std::optional<std::string> vault_type;
  std::optional<std::string> recovery_point_arn;
  std::optional<Lifecycle> recovery_point_lifecycle;
  std::optional<std::string> resource_arn;
  std::optional<Timestamp> creation_date;
  std::optional<Timestamp> completion_date;
  std::optional<std::string> state;  // BackupJobState
  std::optional<std::string> status_message;
  std::optional<std::string> percent_done;
  std::optional<int64_t> backup_size_in_bytes;
  std::optional<std::string> iam_role_arn;
  std::optional<RecoveryPointCreator> created_by;
  std::optional<Timestamp> expected_completion_date;
  std::optional<Timestamp> start_by;
  std::optional<std::string> resource_type;
  std::optional<int64_t> bytes_transferred;
  std::optional<std::string> backup_type;
  std::optional<bool> is_parent;
  std::optional<std::string> resource_name;
  std::optional<Timestamp> initiation_date;
  std::optional<std::string> message_category;
};

struct DescribeBackupJobInput {
  std::string backup_job_id;
};
struct DescribeBackupJobOutput : BackupJob {
  std::optional<int64_t> number_of_child_jobs;
};

struct ListBackupJobsInput {
  std::optional<std::string> next_token;
  std::optional<int> max_results;
  std::optional<std::string> by_resource_arn;
  std::optional<std::string> by_state;
  std::optional<std::string> by_backup_vault_name;
  std::optional<Timestamp> by_created_before;
  std::optional<Timestamp> by_created_after;
  std::optional<std::string> by_resource_type;
  std::optional<std::string> by_account_id;
  std::optional<Timestamp> by_complete_after;
  std::optional<Timestamp> by_complete_before;
  std::optional<std::string> by_parent_job_id;
  std::optional<std::string> by_message_category;
};
struct ListBackupJobsOutput {
  std::vector<BackupJob> backup_jobs;
  std::optional<std::string> next_token;
};

struct CopyJob {
  std::optional<std::string> account_id;
  std::string copy_job_id;
  std::optional<std::string> source_backup_vault_arn;
  std::optional<std::string> source_recovery_point_arn;
  std::optional<std::string> destination_backup_vault_arn;
  std::optional<std::string> destination_vault_type;
  std::optional<std::string> destination_recovery_point_arn;
  std::optional<Lifecycle> destination_recovery_point_lifecycle;
  std::optional<std::string> resource_arn;
  std::optional<Timestamp> creation_date;
  std::optional<Timestamp> completion_date;
  std::optional<std::string> state;  // CopyJobState
  std::optional<std::string> status_message;
  std::optional<int64_t> backup_size_in_bytes;
  std::optional<std::string> iam_role_arn;
  std::optional<RecoveryPointCreator> created_by;
  std::optional<std::string> created_by_backup_job_id;
  std::optional<std::string> resource_type;
  std::optional<std::string> parent_job_id;
  std::optional<bool> is_parent;
  std::optional<std::string> resource_name;
  std::optional<std::string> message_category;
};

struct ListCopyJobsInput {
  std::optional<std::string> next_token;
  std::optional<int> max_results;
  std::optional<std::string> by_resource_arn;
  std::optional<std::string> by_state;
  std::optional<Timestamp> by_created_before;
  std::optional<Timestamp> by_created_after;
  std::optional<std::string> by_resource_type;
  std::optional<std::string> by_destination_vault_arn;
  std::optional<std::string> by_account_id;
  std::optional<Timestamp> by_complete_before;
  std::optional<Timestamp> by_complete_after;
  std::optional<std::string> by_parent_job_id;
  std::optional<std::string> by_message_category;
  std::optional<std::string> by_source_recovery_point_arn;
};
struct ListCopyJobsOutput {
  std::vector<CopyJob> copy_jobs;
  std::optional<std::string> next_token;
};

// ---- job summaries (the audit counts) ------------------------------------------

// BackupJobSummary, CopyJobSummary and RestoreJobSummary have the same members
// (restore's lack MessageCategory, which it then leaves unset).
struct JobSummary {
  std::optional<std::string> region;
  std::optional<std::string> account_id;
  std::optional<std::string> state;
  std::optional<std::string> resource_type;
  std::optional<std::string> message_category;
  int count = 0;
  std::optional<Timestamp> start_time;
  std::optional<Timestamp> end_time;
};
using BackupJobSummary = JobSummary;

struct ListJobSummariesInput {
  std::optional<std::string> account_id;
  std::optional<std::string> state;
  std::optional<std::string> resource_type;
  std::optional<std::string> message_category;
  std::optional<std::string> aggregation_period;  // ONE_DAY, SEVEN_DAYS, FOURTEEN_DAYS
  std::optional<int> max_results;
  std::optional<std::string> next_token;
};
struct ListBackupJobSummariesInput : ListJobSummariesInput {};
struct ListCopyJobSummariesInput : ListJobSummariesInput {};
struct ListRestoreJobSummariesInput : ListJobSummariesInput {};

struct ListBackupJobSummariesOutput {
  std::vector<JobSummary> backup_job_summaries;
  std::optional<std::string> aggregation_period;
  std::optional<std::string> next_token;
};
struct ListCopyJobSummariesOutput {
  std::vector<JobSummary> copy_job_summaries;
  std::optional<std::string> aggregation_period;
  std::optional<std::string> next_token;
};
struct ListRestoreJobSummariesOutput {
  std::vector<JobSummary> restore_job_summaries;
  std::optional<std::string> aggregation_period;
  std::optional<std::string> next_token;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_BACKUP_TYPES_H_
