// Backup and copy jobs: StartBackupJob, DescribeBackupJob, ListBackupJobs,
// ListCopyJobs and the three List*JobSummaries. Every one first catches the
// account up with its clock (account_schedule.cc): scheduled runs that are
// due start, jobs that ended leave their recovery points and copy jobs.
//
// StartBackupJob validates as AWS does (the vault must exist, the role and
// resource must be ARNs, windows >= 60 minutes, a lifecycle's retention
// >= 90 days past cold storage) and answers a repeated IdempotencyToken with
// the job it started (InvalidRequestException when the token was used for
// another vault or resource). The job fails, after its start, when its role
// lacks permissions (SetRolePermissions) or the resource is unknown.

#include "providers/local/account.h"
#include "providers/local/account_scopes.h"
#include "providers/local/arn.h"
#include "providers/local/job_view.h"
#include "providers/local/local_errors.h"
#include "providers/local/pagination.h"

namespace backupctl {
namespace {

constexpr int64_t kMaxWindowMinutes = 52560000;  // 100 years

std::optional<ApiError> CheckWindow(const char* name, const std::optional<int64_t>& minutes) {
  if (minutes && (*minutes < 60 || *minutes > kMaxWindowMinutes)) {
    return InvalidParameterError(std::string(name) + " must be between 60 and " +
                                 std::to_string(kMaxWindowMinutes) + " minutes");
  }
  return std::nullopt;
}

std::optional<ApiError> CheckStart(const StartBackupJobInput& in) {
  if (in.backup_vault_name.empty()) return MissingParameterError("BackupVaultName is required");
  if (in.resource_arn.empty()) return MissingParameterError("ResourceArn is required");
  if (in.iam_role_arn.empty()) return MissingParameterError("IamRoleArn is required");
  if (!ParseArn(in.resource_arn)) {
    return InvalidParameterError("Invalid ARN: " + in.resource_arn);
  }
  auto role = ParseArn(in.iam_role_arn);
  if (!role || role->service != "iam" || role->resource.rfind("role/", 0) != 0) {
    return InvalidParameterError("IamRoleArn " + in.iam_role_arn + " is not an IAM role ARN");
  }
  if (auto e = CheckWindow("StartWindowMinutes", in.start_window_minutes)) return e;
  if (auto e = CheckWindow("CompleteWindowMinutes", in.complete_window_minutes)) return e;
  if (in.lifecycle) {
    const Lifecycle& l = *in.lifecycle;
    if (l.delete_after_days && *l.delete_after_days < 1) {
      return InvalidParameterError("Lifecycle.DeleteAfterDays must be at least 1");
    }
    if (l.delete_after_days && l.move_to_cold_storage_after_days &&
        *l.delete_after_days < *l.move_to_cold_storage_after_days + 90) {
      return InvalidParameterError(
          "Lifecycle.DeleteAfterDays must be at least 90 days after MoveToColdStorageAfterDays");
    }
  }
  if (in.index && *in.index != "ENABLED" && *in.index != "DISABLED") {
    return InvalidParameterError("Index must be ENABLED or DISABLED");
  }
  if (in.idempotency_token && in.idempotency_token->size() > 1024) {
    return InvalidParameterError("IdempotencyToken is longer than 1024 characters");
  }
  return std::nullopt;
}

template <typename T>
bool InRange(const std::optional<T>& value, const std::optional<Timestamp>& after,
             const std::optional<Timestamp>& before) {
  if (!after && !before) return true;
  if (!value) return false;
  return (!after || *value >= *after) && (!before || *value <= *before);
}

// The filters ListBackupJobs and ListCopyJobs share: one account (ours, or "*"), no parent jobs,
// the resource, the state, the message category (of ended jobs), the creation and completion
// ranges.
bool MatchesJobFilters(const ListJobsFilters& in, const JobRecord& job, double now,
                       const std::string& account_id) {
  if (in.by_account_id && *in.by_account_id != account_id && *in.by_account_id != "*") {
    return false;
  }
  if (in.by_parent_job_id) return false;
  if (in.by_resource_arn && job.resource_arn != *in.by_resource_arn) return false;
  if (in.by_resource_type && job.resource_type != *in.by_resource_type) return false;
  if (in.by_state && JobStateAt(job, now) != *in.by_state) return false;
  if (in.by_message_category &&
      (!JobEndedAt(job, now) || job.message_category != *in.by_message_category)) {
    return false;
  }
  std::optional<Timestamp> created = job.creation_date;
  std::optional<Timestamp> completed;
  if (JobEndedAt(job, now)) completed = job.end_date;
  return InRange(created, in.by_created_after, in.by_created_before) &&
         InRange(completed, in.by_complete_after, in.by_complete_before);
}

std::optional<ApiError> CheckState(const std::optional<std::string>& state,
                                   const std::vector<std::string>& valid) {
  if (state && std::find(valid.begin(), valid.end(), *state) == valid.end()) {
    return InvalidParameterError("state " + *state + " is not a valid job state");
  }
  return std::nullopt;
}

}  // namespace

Outcome<StartBackupJobOutput> LocalAccount::StartBackupJob(const StartBackupJobInput& in) {
  CatchUpJobs();
  WriteScope w(*this);
  if (w.error()) return *w.error();
  if (auto e = Denied("StartBackupJob", {in.backup_vault_name, in.resource_arn},
                      VaultArn(in.backup_vault_name))) {
    return *e;
  }
  if (auto e = CheckStart(in)) return *e;
  auto vault = FindVault(in.backup_vault_name);
  if (!vault.ok()) return vault.error();
  if (in.idempotency_token) {
    for (const auto& [id, job] : state_.backup_jobs) {
      if (job.idempotency_token != in.idempotency_token) continue;
      if (job.vault_name != in.backup_vault_name || job.resource_arn != in.resource_arn) {
        return InvalidRequestError("IdempotencyToken " + *in.idempotency_token +
                                   " was used for another backup job request");
      }
      return StartBackupJobOutput{job.id, job.recovery_point_arn, job.creation_date, false};
    }
  }
  const VaultRecord& v = *vault.value();
  if (in.lifecycle && in.lifecycle->delete_after_days && v.lock && v.lock->min_retention_days &&
      *in.lifecycle->delete_after_days < *v.lock->min_retention_days) {
    return InvalidParameterError("Lifecycle.DeleteAfterDays is below the minimum retention of " +
                                 v.name + "'s vault lock");
  }
  JobRecord job = NewJobLocked(in.backup_vault_name, in.resource_arn, in.iam_role_arn, NowLocked());
  job.idempotency_token = in.idempotency_token;
  job.lifecycle = in.lifecycle;
  job.recovery_point_tags = in.recovery_point_tags;
  StartBackupJobOutput out{job.id, job.recovery_point_arn, job.creation_date, false};
  state_.backup_jobs.emplace(job.id, std::move(job));
  if (auto e = w.Commit()) return *e;
  return out;
}

Outcome<DescribeBackupJobOutput> LocalAccount::DescribeBackupJob(const DescribeBackupJobInput& in) {
  CatchUpJobs();
  ReadScope r(*this);
  if (r.error()) return *r.error();
  if (auto e = Denied("DescribeBackupJob", {in.backup_job_id}, in.backup_job_id)) return *e;
  if (in.backup_job_id.empty()) return MissingParameterError("BackupJobId is required");
  auto it = state_.backup_jobs.find(in.backup_job_id);
  if (it == state_.backup_jobs.end()) {
    return NotFoundError("Backup job " + in.backup_job_id + " does not exist");
  }
  DescribeBackupJobOutput out;
  static_cast<BackupJob&>(out) = BackupJobAt(it->second, NowLocked(), options_.account_id);
  out.number_of_child_jobs = 0;
  return out;
}

Outcome<ListBackupJobsOutput> LocalAccount::ListBackupJobs(const ListBackupJobsInput& in) {
  CatchUpJobs();
  ReadScope r(*this);
  if (r.error()) return *r.error();
  if (auto e = Denied("ListBackupJobs", {}, "")) return *e;
  if (auto e = CheckState(in.by_state, kBackupJobStates)) return *e;
  const std::string scope = "ListBackupJobs";
  auto page = StartPage(state_.token_secret, scope, in.next_token, in.max_results);
  if (!page.ok()) return page.error();
  const double now = NowLocked();
  ListBackupJobsOutput out;
  auto keep = [&](const JobRecord& job) {
    if (in.by_backup_vault_name && job.vault_name != *in.by_backup_vault_name) return false;
    return MatchesJobFilters(in, job, now, options_.account_id);
  };
  auto last = WalkPage(state_.backup_jobs, page.value(), keep,
                       [&](const std::string&, const JobRecord& job) {
                         out.backup_jobs.push_back(BackupJobAt(job, now, options_.account_id));
                       });
  if (last) out.next_token = MakePageToken(state_.token_secret, scope, *last);
  return out;
}

Outcome<ListCopyJobsOutput> LocalAccount::ListCopyJobs(const ListCopyJobsInput& in) {
  CatchUpJobs();
  ReadScope r(*this);
  if (r.error()) return *r.error();
  if (auto e = Denied("ListCopyJobs", {}, "")) return *e;
  if (auto e = CheckState(in.by_state, kCopyJobStates)) return *e;
  const std::string scope = "ListCopyJobs";
  auto page = StartPage(state_.token_secret, scope, in.next_token, in.max_results);
  if (!page.ok()) return page.error();
  const double now = NowLocked();
  ListCopyJobsOutput out;
  auto keep = [&](const JobRecord& job) {
    if (in.by_destination_vault_arn && job.destination_vault_arn != *in.by_destination_vault_arn) {
      return false;
    }
    if (in.by_source_recovery_point_arn &&
        job.recovery_point_arn != *in.by_source_recovery_point_arn) {
      return false;
    }
    return MatchesJobFilters(in, job, now, options_.account_id);
  };
  auto last =
      WalkPage(state_.copy_jobs, page.value(), keep, [&](const std::string&, const JobRecord& job) {
        out.copy_jobs.push_back(CopyJobAt(job, now, options_.account_id));
      });
  if (last) out.next_token = MakePageToken(state_.token_secret, scope, *last);
  return out;
}

// The summaries page like the other lists, over the rows SummarizeJobs sorts;
// MaxResults is 1..500 here (the model's documented range).
#define BACKUPCTL_LIST_SUMMARIES(Operation, Jobs, States, Member, HasCategory)                     \
  Outcome<Operation##Output> LocalAccount::Operation(const Operation##Input& in) {                 \
    CatchUpJobs();                                                                                 \
    ReadScope r(*this);                                                                            \
    if (r.error()) return *r.error();                                                              \
    if (auto e = Denied(#Operation, {}, "")) return *e;                                            \
    if (in.max_results && (*in.max_results < 1 || *in.max_results > 500)) {                        \
      return InvalidParameterError("MaxResults must be between 1 and 500");                        \
    }                                                                                              \
    static const std::map<std::string, JobRecord> kNone;                                           \
    SummaryQuery query{in.account_id,         in.state,                                            \
                       in.resource_type,      HasCategory ? in.message_category : std::nullopt,    \
                       in.aggregation_period, &(States)};                                          \
    auto rows = SummarizeJobs(Jobs, query, NowLocked(), options_.account_id, options_.region);     \
    if (!rows.ok()) return rows.error();                                                           \
    const std::string scope = #Operation "\n" + in.aggregation_period.value_or("ONE_DAY") + "\n" + \
                              in.state.value_or("") + "\n" + in.resource_type.value_or("") +       \
                              "\n" + in.message_category.value_or("");                             \
    auto page = StartPage(state_.token_secret, scope, in.next_token, in.max_results);              \
    if (!page.ok()) return page.error();                                                           \
    Operation##Output out;                                                                         \
    out.aggregation_period = in.aggregation_period.value_or("ONE_DAY");                            \
    auto last = WalkPage(                                                                          \
        rows.value(), page.value(), [](const JobSummary&) { return true; },                        \
        [&](const std::string&, const JobSummary& row) { out.Member.push_back(row); });            \
    if (last) out.next_token = MakePageToken(state_.token_secret, scope, *last);                   \
    return out;                                                                                    \
  }

BACKUPCTL_LIST_SUMMARIES(ListBackupJobSummaries, state_.backup_jobs, kBackupJobStates,
                         backup_job_summaries, true)
BACKUPCTL_LIST_SUMMARIES(ListCopyJobSummaries, state_.copy_jobs, kCopyJobStates, copy_job_summaries,
                         true)
// The emulator runs no restores: the counts are those of no jobs.
BACKUPCTL_LIST_SUMMARIES(ListRestoreJobSummaries, kNone, kRestoreJobStates, restore_job_summaries,
                         false)
#undef BACKUPCTL_LIST_SUMMARIES

}  // namespace backupctl
