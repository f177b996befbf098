// JSON codecs of the job shapes: StartBackupJob, DescribeBackupJob,
// ListBackupJobs, ListCopyJobs and the three List*JobSummaries, one
// description each (json_io.h).

#include "providers/wire/json_io.h"
#include "providers/wire/json_shapes.h"

namespace backupctl {
namespace {

using json_io::kAlways;
using json_io::kRequired;

}  // namespace

// clang-format off
// ---- member shapes ----------------------------------------------------------

BACKUPCTL_JSON_CODEC(RecoveryPointCreator,
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(backup_plan_arn),
    BACKUPCTL_MEMBER(backup_plan_name),
    BACKUPCTL_MEMBER(backup_plan_version),
    BACKUPCTL_MEMBER(backup_rule_id),
    BACKUPCTL_MEMBER(backup_rule_name),
    BACKUPCTL_MEMBER(backup_rule_cron),
    BACKUPCTL_MEMBER(backup_rule_timezone))

// BackupJob's members, which DescribeBackupJobOutput (a BackupJob) shares.
#define BACKUPCTL_BACKUP_JOB_FIELDS \
    BACKUPCTL_MEMBER(account_id), \
    BACKUPCTL_MEMBER(backup_job_id), \
    BACKUPCTL_MEMBER(backup_vault_name), \
    BACKUPCTL_MEMBER(backup_vault_arn), \
    BACKUPCTL_MEMBER(vault_type), \
    BACKUPCTL_MEMBER(recovery_point_arn), \
    BACKUPCTL_MEMBER(recovery_point_lifecycle), \
    BACKUPCTL_MEMBER(resource_arn), \
    BACKUPCTL_MEMBER(creation_date), \
    BACKUPCTL_MEMBER(completion_date), \
    BACKUPCTL_MEMBER(state), \
    BACKUPCTL_MEMBER(status_message), \
    BACKUPCTL_MEMBER(percent_done), \
    BACKUPCTL_MEMBER(backup_size_in_bytes), \
    BACKUPCTL_MEMBER(iam_role_arn), \
    BACKUPCTL_MEMBER(created_by), \
    BACKUPCTL_MEMBER(expected_completion_date), \
    BACKUPCTL_MEMBER(start_by), \
    BACKUPCTL_MEMBER(resource_type), \
    BACKUPCTL_MEMBER(bytes_transferred), \
    BACKUPCTL_MEMBER(backup_type), \
    BACKUPCTL_MEMBER(is_parent), \
    BACKUPCTL_MEMBER(resource_name), \
    BACKUPCTL_MEMBER(initiation_date), \
    BACKUPCTL_MEMBER(message_category)

BACKUPCTL_JSON_CODEC(BackupJob, BACKUPCTL_BACKUP_JOB_FIELDS)

BACKUPCTL_JSON_CODEC(CopyJob,
    BACKUPCTL_MEMBER(account_id),
    BACKUPCTL_MEMBER(copy_job_id),
    BACKUPCTL_MEMBER(source_backup_vault_arn),
    BACKUPCTL_MEMBER(source_recovery_point_arn),
    BACKUPCTL_MEMBER(destination_backup_vault_arn),
    BACKUPCTL_MEMBER(destination_vault_type),
    BACKUPCTL_MEMBER(destination_recovery_point_arn),
    BACKUPCTL_MEMBER(destination_recovery_point_lifecycle),
    BACKUPCTL_MEMBER(resource_arn),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(completion_date),
    BACKUPCTL_MEMBER(state),
    BACKUPCTL_MEMBER(status_message),
    BACKUPCTL_MEMBER(backup_size_in_bytes),
    BACKUPCTL_MEMBER(iam_role_arn),
    BACKUPCTL_MEMBER(created_by),
    BACKUPCTL_MEMBER(created_by_backup_job_id),
    BACKUPCTL_MEMBER(resource_type),
    BACKUPCTL_MEMBER(parent_job_id),
    BACKUPCTL_MEMBER(is_parent),
    BACKUPCTL_MEMBER(resource_name),
    BACKUPCTL_MEMBER(message_category))

BACKUPCTL_JSON_CODEC(JobSummary,
    BACKUPCTL_MEMBER(region),
    BACKUPCTL_MEMBER(account_id),
    BACKUPCTL_MEMBER(state),
    BACKUPCTL_MEMBER(resource_type),
    BACKUPCTL_MEMBER(message_category),
    BACKUPCTL_MEMBER(count),
    BACKUPCTL_MEMBER(start_time),
    BACKUPCTL_MEMBER(end_time))

// ---- StartBackupJob, DescribeBackupJob --------------------------------------

BACKUPCTL_JSON_CODEC(StartBackupJobInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired),
    BACKUPCTL_MEMBER(logically_air_gapped_backup_vault_arn),
    BACKUPCTL_MEMBER(resource_arn, kRequired),
    BACKUPCTL_MEMBER(iam_role_arn, kRequired),
    BACKUPCTL_MEMBER(idempotency_token),
    BACKUPCTL_MEMBER(start_window_minutes),
    BACKUPCTL_MEMBER(complete_window_minutes),
    BACKUPCTL_MEMBER(lifecycle),
    BACKUPCTL_MEMBER(recovery_point_tags),
    BACKUPCTL_MEMBER(backup_options),
    BACKUPCTL_MEMBER(index))

BACKUPCTL_JSON_CODEC(StartBackupJobOutput,
    BACKUPCTL_MEMBER(backup_job_id),
    BACKUPCTL_MEMBER(recovery_point_arn),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(is_parent))

BACKUPCTL_JSON_CODEC(DescribeBackupJobInput,
    BACKUPCTL_MEMBER(backup_job_id, kRequired))

BACKUPCTL_JSON_CODEC(DescribeBackupJobOutput,
    BACKUPCTL_BACKUP_JOB_FIELDS,
    BACKUPCTL_MEMBER(number_of_child_jobs))

// ---- ListBackupJobs, ListCopyJobs -------------------------------------------

// ListJobsFilters' members, which both job lists share.
#define BACKUPCTL_LIST_JOBS_FIELDS \
    BACKUPCTL_MEMBER(next_token), \
    BACKUPCTL_MEMBER(max_results), \
    BACKUPCTL_MEMBER(by_resource_arn), \
    BACKUPCTL_MEMBER(by_state), \
    BACKUPCTL_MEMBER(by_created_before), \
    BACKUPCTL_MEMBER(by_created_after), \
    BACKUPCTL_MEMBER(by_resource_type), \
    BACKUPCTL_MEMBER(by_account_id), \
    BACKUPCTL_MEMBER(by_complete_after), \
    BACKUPCTL_MEMBER(by_complete_before), \
    BACKUPCTL_MEMBER(by_parent_job_id), \
    BACKUPCTL_MEMBER(by_message_category)

BACKUPCTL_JSON_CODEC(ListBackupJobsInput,
    BACKUPCTL_LIST_JOBS_FIELDS,
    BACKUPCTL_MEMBER(by_backup_vault_name))

BACKUPCTL_JSON_CODEC(ListBackupJobsOutput,
    BACKUPCTL_MEMBER(backup_jobs, kAlways),
    BACKUPCTL_MEMBER(next_token))

BACKUPCTL_JSON_CODEC(ListCopyJobsInput,
    BACKUPCTL_LIST_JOBS_FIELDS,
    BACKUPCTL_MEMBER(by_destination_vault_arn),
    BACKUPCTL_MEMBER(by_source_recovery_point_arn))

BACKUPCTL_JSON_CODEC(ListCopyJobsOutput,
    BACKUPCTL_MEMBER(copy_jobs, kAlways),
    BACKUPCTL_MEMBER(next_token))

// ---- List*JobSummaries ------------------------------------------------------

// The three summaries' inputs share ListJobSummariesInput; restore job
// summaries have no MessageCategory.
#define BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS \
    BACKUPCTL_MEMBER(account_id), \
    BACKUPCTL_MEMBER(state), \
    BACKUPCTL_MEMBER(resource_type), \
    BACKUPCTL_MEMBER(aggregation_period), \
    BACKUPCTL_MEMBER(max_results), \
    BACKUPCTL_MEMBER(next_token)

BACKUPCTL_JSON_CODEC(ListBackupJobSummariesInput,
    BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS,
    BACKUPCTL_MEMBER(message_category))

BACKUPCTL_JSON_CODEC(ListCopyJobSummariesInput,
    BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS,
    BACKUPCTL_MEMBER(message_category))

BACKUPCTL_JSON_CODEC(ListRestoreJobSummariesInput, BACKUPCTL_JOB_SUMMARIES_INPUT_FIELDS)

// The three summaries' answers differ only in their list's name.
#define BACKUPCTL_JOB_SUMMARIES_OUTPUT_CODEC(Type, ListName, list) \
  BACKUPCTL_JSON_CODEC(Type, \
      Field(ListName, &S::list, kAlways), \
      BACKUPCTL_MEMBER(aggregation_period), \
      BACKUPCTL_MEMBER(next_token))

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
