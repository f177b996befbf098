// JSON codecs of the job shapes: StartBackupJob, DescribeBackupJob,
// ListBackupJobs, ListCopyJobs and the three List*JobSummaries, one
// description each (json_io.h).

#include "providers/wire/json_io.h"
#include "providers/wire/json_shapes.h"

namespace backupctl {
namespace {

using json_io::Field;
using json_io::kAlways;
using json_io::kRequired;

}  // namespace

// clang-format off
// ---- member shapes ----------------------------------------------------------

BACKUPCTL_JSON_CODEC(RecoveryPointCreator,
    Field("BackupPlanId", &S::backup_plan_id),
    Field("BackupPlanArn", &S::backup_plan_arn),
    Field("BackupPlanName", &S::backup_plan_name),
    Field("BackupPlanVersion", &S::backup_plan_version),
    Field("BackupRuleId", &S::backup_rule_id),
    Field("BackupRuleName", &S::backup_rule_name),
    Field("BackupRuleCron", &S::backup_rule_cron),
    Field("BackupRuleTimezone", &S::backup_rule_timezone))

// BackupJob's members, which DescribeBackupJobOutput (a BackupJob) shares.
#define BACKUPCTL_BACKUP_JOB_FIELDS \
    Field("AccountId", &S::account_id), \
    Field("BackupJobId", &S::backup_job_id), \
    Field("BackupVaultName", &S::backup_vault_name), \
    Field("BackupVaultArn", &S::backup_vault_arn), \
    Field("VaultType", &S::vault_type), \
    Field("RecoveryPointArn", &S::recovery_point_arn), \
    Field("RecoveryPointLifecycle", &S::recovery_point_lifecycle), \
    Field("ResourceArn", &S::resource_arn), \
    Field("CreationDate", &S::creation_date), \
    Field("CompletionDate", &S::completion_date), \
    Field("State", &S::state), \
    Field("StatusMessage", &S::status_message), \
    Field("PercentDone", &S::percent_done), \
    Field("BackupSizeInBytes", &S::backup_size_in_bytes), \
    Field("IamRoleArn", &S::iam_role_arn), \
    Field("CreatedBy", &S::created_by), \
    Field("ExpectedCompletionDate", &S::expected_completion_date), \
    Field("StartBy", &S::start_by), \
    Field("ResourceType", &S::resource_type), \
    Field("BytesTransferred", &S::bytes_transferred), \
    Field("BackupType", &S::backup_type), \
    Field("IsParent", &S::is_parent), \
    Field("ResourceName", &S::resource_name), \
    Field("InitiationDate", &S::initiation_date), \
    Field("MessageCategory", &S::message_category)

BACKUPCTL_JSON_CODEC(BackupJob, BACKUPCTL_BACKUP_JOB_FIELDS)

BACKUPCTL_JSON_CODEC(CopyJob,
    Field("AccountId", &S::account_id),
    Field("CopyJobId", &S::copy_job_id),
    Field("SourceBackupVaultArn", &S::source_backup_vault_arn),
    Field("SourceRecoveryPointArn", &S::source_recovery_point_arn),
    Field("DestinationBackupVaultArn", &S::destination_backup_vault_arn),
    Field("DestinationVaultType", &S::destination_vault_type),
    Field("DestinationRecoveryPointArn", &S::destination_recovery_point_arn),
    Field("DestinationRecoveryPointLifecycle", &S::destination_recovery_point_lifecycle),
    Field("ResourceArn", &S::resource_arn),
    Field("CreationDate", &S::creation_date),
    Field("CompletionDate", &S::completion_date),
    Field("State", &S::state),
    Field("StatusMessage", &S::status_message),
    Field("BackupSizeInBytes", &S::backup_size_in_bytes),
    Field("IamRoleArn", &S::iam_role_arn),
    Field("CreatedBy", &S::created_by),
    Field("CreatedByBackupJobId", &S::created_by_backup_job_id),
    Field("ResourceType", &S::resource_type),
    Field("ParentJobId", &S::parent_job_id),
    Field("IsParent", &S::is_parent),
    Field("ResourceName", &S::resource_name),
    Field("MessageCategory", &S::message_category))

BACKUPCTL_JSON_CODEC(JobSummary,
    Field("Region", &S::region),
    Field("AccountId", &S::account_id),
    Field("State", &S::state),
    Field("ResourceType", &S::resource_type),
    Field("MessageCategory", &S::message_category),
    Field("Count", &S::count),
    Field("StartTime", &S::start_time),
    Field("EndTime", &S::end_time))

// ---- StartBackupJob, DescribeBackupJob --------------------------------------

BACKUPCTL_JSON_CODEC(StartBackupJobInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired),
    Field("LogicallyAirGappedBackupVaultArn", &S::logically_air_gapped_backup_vault_arn),
    Field("ResourceArn", &S::resource_arn, kRequired),
    Field("IamRoleArn", &S::iam_role_arn, kRequired),
    Field("IdempotencyToken", &S::idempotency_token),
    Field("StartWindowMinutes", &S::start_window_minutes),
    Field("CompleteWindowMinutes", &S::complete_window_minutes),
    Field("Lifecycle", &S::lifecycle),
    Field("RecoveryPointTags", &S::recovery_point_tags),
    Field("BackupOptions", &S::backup_options),
    Field("Index", &S::index))

BACKUPCTL_JSON_CODEC(StartBackupJobOutput,
    Field("BackupJobId", &S::backup_job_id),
    Field("RecoveryPointArn", &S::recovery_point_arn),
    Field("CreationDate", &S::creation_date),
    Field("IsParent", &S::is_parent))

BACKUPCTL_JSON_CODEC(DescribeBackupJobInput,
    Field("BackupJobId", &S::backup_job_id, kRequired))

BACKUPCTL_JSON_CODEC(DescribeBackupJobOutput,
    BACKUPCTL_BACKUP_JOB_FIELDS,
    Field("NumberOfChildJobs", &S::number_of_child_jobs))

// ---- ListBackupJobs, ListCopyJobs -------------------------------------------

// ListJobsFilters' members, which both job lists share.
#define BACKUPCTL_LIST_JOBS_FIELDS \
    Field("NextToken", &S::next_token), \
    Field("MaxResults", &S::max_results), \
    Field("ByResourceArn", &S::by_resource_arn), \
    Field("ByState", &S::by_state), \
    Field("ByCreatedBefore", &S::by_created_before), \
    Field("ByCreatedAfter", &S::by_created_after), \
    Field("ByResourceType", &S::by_resource_type), \
    Field("ByAccountId", &S::by_account_id), \
    Field("ByCompleteAfter", &S::by_complete_after), \
    Field("ByCompleteBefore", &S::by_complete_before), \
    Field("ByParentJobId", &S::by_parent_job_id), \
    Field("ByMessageCategory", &S::by_message_category)

BACKUPCTL_JSON_CODEC(ListBackupJobsInput,
    BACKUPCTL_LIST_JOBS_FIELDS,
    Field("ByBackupVaultName", &S::by_backup_vault_name))

BACKUPCTL_JSON_CODEC(ListBackupJobsOutput,
    Field("BackupJobs", &S::backup_jobs, kAlways),
    Field("NextToken", &S::next_token))

BACKUPCTL_JSON_CODEC(ListCopyJobsInput,
    BACKUPCTL_LIST_JOBS_FIELDS,
    Field("ByDestinationVaultArn", &S::by_destination_vault_arn),
    Field("BySourceRecoveryPointArn", &S::by_source_recovery_point_arn))

BACKUPCTL_JSON_CODEC(ListCopyJobsOutput,
    Field("CopyJobs", &S::copy_jobs, kAlways),
    Field("NextToken", &S::next_token))

// ---- List*JobSummaries ------------------------------------------------------

// The three summaries' inputs share ListJobSummariesInput; restore job
// summaries have no MessageCategory.
#define BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS \
    Field("AccountId", &S::account_id), \
    Field("State", &S::state), \
    Field("ResourceType", &S::resource_type), \
    Field("AggregationPeriod", &S::aggregation_period), \
    Field("MaxResults", &S::max_results), \
    Field("NextToken", &S::next_token)

BACKUPCTL_JSON_CODEC(ListBackupJobSummariesInput,
    BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS,
    Field("MessageCategory", &S::message_category))

BACKUPCTL_JSON_CODEC(ListCopyJobSummariesInput,
    BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS,
    Field("MessageCategory", &S::message_category))

BACKUPCTL_JSON_CODEC(ListRestoreJobSummariesInput, BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS)

// The three summaries' answers differ only in their list's name.
#define BACKUPCTL_JOB_SUMMARIES_OUTPUT_CODEC(Type, ListName, list) \
  BACKUPCTL_JSON_CODEC(Type, \
      Field(ListName, &S::list, kAlways), \
      Field("AggregationPeriod", &S::aggregation_period), \
      Field("NextToken", &S::next_token))

BACKUPCTL_JOB_SUMMARIES_OUTPUT_CODEC(ListBackupJobSummariesOutput, "BackupJobSummaries",
                                     backup_job_summaries)
BACKUPCTL_JOB_SUMMARIES_OUTPUT_CODEC(ListCopyJobSummariesOutput, "CopyJobSummaries",
                                     copy_job_summaries)
BACKUPCTL_JOB_SUMMARIES_OUTPUT_CODEC(ListRestoreJobSummariesOutput, "RestoreJobSummaries",
                                     restore_job_summaries)
// clang-format on

#undef BACKUPCTL_BACKUP_JOB_FIELDS
#undef BACKUPCTL_LIST_JOBS_FIELDS
#undef BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS
#undef BACKUPCTL_JOB_SUMMARIES_OUTPUT_CODEC

}  // namespace backupctl
