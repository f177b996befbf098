// The three List*JobSummaries operations' shapes: AWS Backup's hourly
// counts of jobs by state, resource type and message category.

#ifndef BACKUPCTL_PROVIDERS_JOB_SUMMARY_TYPES_H_
#define BACKUPCTL_PROVIDERS_JOB_SUMMARY_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "providers/backup_documents.h"

namespace backupctl {

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

#endif  // BACKUPCTL_PROVIDERS_JOB_SUMMARY_TYPES_H_
