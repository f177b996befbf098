#include "providers/local/state_jobs.h"

#include <stdexcept>
#include <vector>

#include "providers/wire/json_io.h"
#include "providers/wire/json_shapes.h"

namespace backupctl {

// Members named as the wire's BackupJob and CopyJob name them where they have
// one (CompletionDate is when the job ends, whatever its final state).

namespace {

using json_io::Field;
using json_io::kRequired;

}  // namespace

// clang-format off
BACKUPCTL_JSON_CODEC(ResourceRecord,
    Field("ResourceArn", &S::arn, kRequired),
    BACKUPCTL_MEMBER(resource_type, kRequired),
    BACKUPCTL_MEMBER(tags))

BACKUPCTL_JSON_CODEC(JobRecord,
    Field("JobId", &S::id, kRequired),
    BACKUPCTL_MEMBER(is_copy, kRequired),
    Field("BackupVaultName", &S::vault_name),
    Field("BackupVaultArn", &S::vault_arn),
    Field("DestinationBackupVaultArn", &S::destination_vault_arn),
    BACKUPCTL_MEMBER(resource_arn),
    BACKUPCTL_MEMBER(resource_type),
    BACKUPCTL_MEMBER(iam_role_arn),
    BACKUPCTL_MEMBER(idempotency_token),
    BACKUPCTL_MEMBER(creation_date, kRequired),
    BACKUPCTL_MEMBER(start_date, kRequired),
    Field("CompletionDate", &S::end_date, kRequired),
    BACKUPCTL_MEMBER(final_state, kRequired),
    BACKUPCTL_MEMBER(status_message),
    BACKUPCTL_MEMBER(message_category),
    BACKUPCTL_MEMBER(recovery_point_arn),
    BACKUPCTL_MEMBER(destination_recovery_point_arn),
    BACKUPCTL_MEMBER(created_by_backup_job_id),
    BACKUPCTL_MEMBER(lifecycle),
    BACKUPCTL_MEMBER(recovery_point_tags),
    BACKUPCTL_MEMBER(created_by),
    BACKUPCTL_MEMBER(copy_actions),
    BACKUPCTL_MEMBER(backup_size_in_bytes),
    BACKUPCTL_MEMBER(settled))

BACKUPCTL_JSON_CODEC(JobTiming,
    BACKUPCTL_MEMBER(created_seconds),
    BACKUPCTL_MEMBER(running_seconds))
// clang-format on

nlohmann::json EncodeJobsState(const AccountState& state) {
  nlohmann::json out = nlohmann::json::object();
  json_io::Put(out, "Resources", state.resources);     // by ARN
  json_io::Put(out, "BackupJobs", state.backup_jobs);  // by job id
  json_io::Put(out, "CopyJobs", state.copy_jobs);      // by job id
  json_io::Put(out, "RolesLackingPermissions",
               std::vector<std::string>(state.roles_lacking_permissions.begin(),
                                        state.roles_lacking_permissions.end()));
  json_io::Put(out, "JobTiming", state.job_timing, json_io::kAlways);
  json_io::Put(out, "SchedulerClock", state.scheduler_clock);
  return out;
}

void DecodeJobsState(const nlohmann::json& jobs, AccountState* state) {
  JsonIn in{jobs, "Jobs", ReadMode::kRequest};
  json_io::RequireObject(in);
  json_io::Get(in, "Resources", &state->resources);
  json_io::Get(in, "BackupJobs", &state->backup_jobs);
  json_io::Get(in, "CopyJobs", &state->copy_jobs);
  std::vector<std::string> roles;
  json_io::Get(in, "RolesLackingPermissions", &roles);
  state->roles_lacking_permissions = {roles.begin(), roles.end()};
  json_io::Get(in, "JobTiming", &state->job_timing);
  json_io::Get(in, "SchedulerClock", &state->scheduler_clock);
  for (const auto& jobs_by_id : {&state->backup_jobs, &state->copy_jobs}) {
    for (const auto& [id, job] : *jobs_by_id) {
      if (id.empty() || id != job.id) throw std::runtime_error("a job is not keyed by its JobId");
    }
  }
  for (const auto& [arn, resource] : state->resources) {
    if (arn != resource.arn) throw std::runtime_error("a resource is not keyed by its ARN");
  }
}

}  // namespace backupctl
