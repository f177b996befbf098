// What an emulated job looks like at an instant (internal to providers/local).
// A JobRecord fixes its whole timeline when it is created; these turn it into
// the BackupJob and CopyJob shapes the List/Describe operations return, and
// group jobs into the counts the List*JobSummaries operations return.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_JOB_VIEW_H_
#define BACKUPCTL_PROVIDERS_LOCAL_JOB_VIEW_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "providers/api_error.h"
#include "providers/local/account_state.h"

namespace backupctl {

// CREATED before start_date, RUNNING before end_date, then final_state.
std::string JobStateAt(const JobRecord& job, double now);
bool JobEndedAt(const JobRecord& job, double now);

BackupJob BackupJobAt(const JobRecord& job, double now, const std::string& account_id);
CopyJob CopyJobAt(const JobRecord& job, double now, const std::string& account_id);

// The summaries of `jobs` (visible state at `now`, bucketed by creation date)
// for one List*JobSummaries request. ONE_DAY (the default): one row per
// state, resource type and message category for each of the 14 days before
// `now` (rolling 24-hour windows ending at `now`); SEVEN_DAYS and
// FOURTEEN_DAYS: one window. A filter of ANY (or none) keeps every value
// apart, AGGREGATE_ALL adds them up under that name. Keys sort the rows for
// paging. InvalidParameterValueException for an unknown period or state.
struct SummaryQuery {
  std::optional<std::string> account_id, state, resource_type, message_category, period;
  const std::vector<std::string>* valid_states;
};
Outcome<std::map<std::string, JobSummary>> SummarizeJobs(
    const std::map<std::string, JobRecord>& jobs, const SummaryQuery& query, double now,
    const std::string& account_id, const std::string& region);

extern const std::vector<std::string> kBackupJobStates;   // BackupJobState
extern const std::vector<std::string> kCopyJobStates;     // CopyJobState
extern const std::vector<std::string> kRestoreJobStates;  // RestoreJobState

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_JOB_VIEW_H_
