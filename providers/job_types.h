// The job operations' shapes: on-demand backups, and backup and copy jobs
// as listed and described. Their counts: job_summary_types.h.

#ifndef BACKUPCTL_PROVIDERS_JOB_TYPES_H_
#define BACKUPCTL_PROVIDERS_JOB_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "providers/backup_documents.h"

namespace backupctl {

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

// The members ListBackupJobs and ListCopyJobs share: the page and the
// filters both apply (the emulator's MatchesJobFilters).
struct ListJobsFilters {
  std::optional<std::string> next_token;
  std::optional<int> max_results;
  std::optional<std::string> by_resource_arn;
  std::optional<std::string> by_state;
  std::optional<Timestamp> by_created_before;
  std::optional<Timestamp> by_created_after;
  std::optional<std::string> by_resource_type;
  std::optional<std::string> by_account_id;
  std::optional<Timestamp> by_complete_after;
  std::optional<Timestamp> by_complete_before;
  std::optional<std::string> by_parent_job_id;
  std::optional<std::string> by_message_category;
};

struct ListBackupJobsInput : ListJobsFilters {
  std::optional<std::string> by_backup_vault_name;
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

struct ListCopyJobsInput : ListJobsFilters {
  std::optional<std::string> by_destination_vault_arn;
  std::optional<std::string> by_source_recovery_point_arn;
};
struct ListCopyJobsOutput {
  std::vector<CopyJob> copy_jobs;
  std::optional<std::string> next_token;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_JOB_TYPES_H_
