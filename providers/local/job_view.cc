#include "providers/local/job_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "providers/local/local_errors.h"

namespace backupctl {

const std::vector<std::string> kBackupJobStates = {"CREATED",  "PENDING", "RUNNING",
                                                   "ABORTING", "ABORTED", "COMPLETED",
                                                   "FAILED",   "EXPIRED", "PARTIAL"};
const std::vector<std::string> kCopyJobStates = {"CREATED", "RUNNING", "COMPLETED", "FAILED",
                                                 "PARTIAL"};
const std::vector<std::string> kRestoreJobStates = {"CREATED", "PENDING",   "RUNNING",
                                                    "ABORTED", "COMPLETED", "FAILED"};

namespace {

constexpr double kDay = 86400;

std::string Percent(const JobRecord& job, double now) {
  double fraction = 0;
  if (now >= job.end_date) {
    fraction = job.final_state == "COMPLETED" ? 1 : 0;
  } else if (now > job.start_date && job.end_date > job.start_date) {
    fraction = (now - job.start_date) / (job.end_date - job.start_date);
  }
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.1f", std::clamp(fraction, 0.0, 1.0) * 100);
  return buf;
}

// The summaries' filter rule: ANY or none keeps values apart, AGGREGATE_ALL
// merges them, anything else keeps only that value.
bool Keep(const std::optional<std::string>& filter, const std::string& value) {
  return !filter || *filter == "ANY" || *filter == "AGGREGATE_ALL" || *filter == value;
}
std::string Label(const std::optional<std::string>& filter, const std::string& value) {
  return filter && *filter == "AGGREGATE_ALL" ? "AGGREGATE_ALL" : value;
}

// The members a BackupJob and a CopyJob share, as the record stands at `now`.
template <typename Job>
Job SharedJobMembersAt(const JobRecord& job, double now, const std::string& account_id) {
  Job out;
  const bool ended = JobEndedAt(job, now);
  out.account_id = account_id;
  out.resource_arn = job.resource_arn;
  out.creation_date = job.creation_date;
  if (ended) out.completion_date = job.end_date;
  out.state = JobStateAt(job, now);
  if (out.state == "FAILED") out.status_message = job.status_message;
  out.iam_role_arn = job.iam_role_arn;
  out.created_by = job.created_by;
  out.resource_type = job.resource_type;
  out.is_parent = false;
  if (ended) out.message_category = job.message_category;
  return out;
}

}  // namespace

std::string JobStateAt(const JobRecord& job, double now) {
  if (now < job.start_date) return "CREATED";
  if (now < job.end_date) return "RUNNING";
  return job.final_state;
}

bool JobEndedAt(const JobRecord& job, double now) { return now >= job.end_date; }

BackupJob BackupJobAt(const JobRecord& job, double now, const std::string& account_id) {
  BackupJob out = SharedJobMembersAt<BackupJob>(job, now, account_id);
  const std::string state = *out.state;
  out.backup_job_id = job.id;
  out.backup_vault_name = job.vault_name;
  out.backup_vault_arn = job.vault_arn;
  out.vault_type = "BACKUP_VAULT";
  if (state != "FAILED") out.recovery_point_arn = job.recovery_point_arn;
  out.recovery_point_lifecycle = job.lifecycle;
  out.percent_done = Percent(job, now);
  if (state == "COMPLETED") out.backup_size_in_bytes = job.backup_size_in_bytes;
  out.expected_completion_date = job.end_date;
  out.start_by = job.creation_date + 8 * 3600;
  if (state == "RUNNING" || state == "COMPLETED") {
    out.bytes_transferred =
        static_cast<int64_t>(job.backup_size_in_bytes * std::stod(*out.percent_done) / 100);
  }
  out.backup_type = "FULL";
  out.initiation_date = job.creation_date;
  return out;
}

CopyJob CopyJobAt(const JobRecord& job, double now, const std::string& account_id) {
  CopyJob out = SharedJobMembersAt<CopyJob>(job, now, account_id);
  out.copy_job_id = job.id;
  out.source_backup_vault_arn = job.vault_arn;
  out.source_recovery_point_arn = job.recovery_point_arn;
  out.destination_backup_vault_arn = job.destination_vault_arn;
  out.destination_vault_type = "BACKUP_VAULT";
  if (out.state == "COMPLETED" && !job.destination_recovery_point_arn.empty()) {
    out.destination_recovery_point_arn = job.destination_recovery_point_arn;
  }
  out.destination_recovery_point_lifecycle = job.lifecycle;
  out.backup_size_in_bytes = job.backup_size_in_bytes;
  out.created_by_backup_job_id = job.created_by_backup_job_id;
  return out;
}

Outcome<std::map<std::string, JobSummary>> SummarizeJobs(
    const std::map<std::string, JobRecord>& jobs, const SummaryQuery& query, double now,
    const std::string& account_id, const std::string& region) {
  const std::string period = query.period.value_or("ONE_DAY");
  int windows = 0;
  double width = 0;
  if (period == "ONE_DAY") {
    windows = 14;
    width = kDay;
  } else if (period == "SEVEN_DAYS") {
    windows = 1;
    width = 7 * kDay;
  } else if (period == "FOURTEEN_DAYS") {
    windows = 1;
    width = 14 * kDay;
  } else {
    return InvalidParameterError("AggregationPeriod must be ONE_DAY, SEVEN_DAYS or FOURTEEN_DAYS");
  }
  if (query.state && *query.state != "ANY" && *query.state != "AGGREGATE_ALL" &&
      std::find(query.valid_states->begin(), query.valid_states->end(), *query.state) ==
          query.valid_states->end()) {
    return InvalidParameterError("State " + *query.state + " is not a valid job state");
  }
  std::map<std::string, JobSummary> rows;
  // Another account's counts (or ANY/AGGREGATE_ALL across an organization)
  // are this account's: the emulator holds one.
  if (query.account_id && *query.account_id != account_id && *query.account_id != "ANY" &&
      *query.account_id != "AGGREGATE_ALL") {
    return rows;
  }
  for (const auto& [id, job] : jobs) {
    const double age = now - job.creation_date;
    if (age < 0 || age >= windows * width) continue;
    const int window = static_cast<int>(std::floor(age / width));
    const std::string state = JobStateAt(job, now);
    const std::string category = JobEndedAt(job, now) ? job.message_category : "";
    if (!Keep(query.state, state) || !Keep(query.resource_type, job.resource_type) ||
        !Keep(query.message_category, category)) {
      continue;
    }
    JobSummary row;
    row.region = region;
    row.account_id = Label(query.account_id, account_id);
    row.state = Label(query.state, state);
    row.resource_type = Label(query.resource_type, job.resource_type);
    if (!category.empty() ||
        (query.message_category && *query.message_category == "AGGREGATE_ALL")) {
      row.message_category = Label(query.message_category, category);
    }
    row.end_time = now - window * width;
    row.start_time = *row.end_time - width;
    char key[32];
    std::snprintf(key, sizeof(key), "%02d", windows - 1 - window);  // oldest window first
    const std::string k = std::string(key) + "\n" + *row.state + "\n" + *row.resource_type + "\n" +
                          row.message_category.value_or("");
    auto [it, inserted] = rows.emplace(k, row);
    ++it->second.count;
  }
  return rows;
}

}  // namespace backupctl
