#include "providers/local/state_jobs.h"

#include <stdexcept>

#include "providers/wire/json_shapes.h"

namespace backupctl {
namespace {

using json = nlohmann::json;

template <typename T>
json Shape(const T& v) {
  return ToJson(v);
}

template <typename T>
void ReadShape(const json& j, T* out) {
  FromJson(JsonIn{j, "", ReadMode::kResponse}, out);
}

json Encode(const JobRecord& j) {
  json out = {{"id", j.id},
              {"is_copy", j.is_copy},
              {"vault_name", j.vault_name},
              {"vault_arn", j.vault_arn},
              {"destination_vault_arn", j.destination_vault_arn},
              {"resource_arn", j.resource_arn},
              {"resource_type", j.resource_type},
              {"iam_role_arn", j.iam_role_arn},
              {"creation_date", j.creation_date},
              {"start_date", j.start_date},
              {"end_date", j.end_date},
              {"final_state", j.final_state},
              {"status_message", j.status_message},
              {"message_category", j.message_category},
              {"recovery_point_arn", j.recovery_point_arn},
              {"destination_recovery_point_arn", j.destination_recovery_point_arn},
              {"created_by_backup_job_id", j.created_by_backup_job_id},
              {"recovery_point_tags", j.recovery_point_tags},
              {"backup_size_in_bytes", j.backup_size_in_bytes},
              {"settled", j.settled},
              {"copy_actions", json::array()}};
  if (j.idempotency_token) out["idempotency_token"] = *j.idempotency_token;
  if (j.lifecycle) out["lifecycle"] = Shape(*j.lifecycle);
  if (j.created_by) out["created_by"] = Shape(*j.created_by);
  for (const CopyAction& a : j.copy_actions) out["copy_actions"].push_back(Shape(a));
  return out;
}

JobRecord Decode(const json& in) {
  JobRecord j;
  j.id = in.at("id").get<std::string>();
  j.is_copy = in.at("is_copy").get<bool>();
  j.vault_name = in.at("vault_name").get<std::string>();
  j.vault_arn = in.at("vault_arn").get<std::string>();
  j.destination_vault_arn = in.at("destination_vault_arn").get<std::string>();
  j.resource_arn = in.at("resource_arn").get<std::string>();
  j.resource_type = in.at("resource_type").get<std::string>();
  j.iam_role_arn = in.at("iam_role_arn").get<std::string>();
  j.creation_date = in.at("creation_date").get<double>();
  j.start_date = in.at("start_date").get<double>();
  j.end_date = in.at("end_date").get<double>();
  j.final_state = in.at("final_state").get<std::string>();
  j.status_message = in.at("status_message").get<std::string>();
  j.message_category = in.at("message_category").get<std::string>();
  j.recovery_point_arn = in.at("recovery_point_arn").get<std::string>();
  j.destination_recovery_point_arn = in.at("destination_recovery_point_arn").get<std::string>();
  j.created_by_backup_job_id = in.at("created_by_backup_job_id").get<std::string>();
  j.recovery_point_tags = in.at("recovery_point_tags").get<Tags>();
  j.backup_size_in_bytes = in.at("backup_size_in_bytes").get<int64_t>();
  j.settled = in.at("settled").get<bool>();
  if (in.contains("idempotency_token")) {
    j.idempotency_token = in.at("idempotency_token").get<std::string>();
  }
  if (in.contains("lifecycle")) ReadShape(in.at("lifecycle"), &j.lifecycle.emplace());
  if (in.contains("created_by")) ReadShape(in.at("created_by"), &j.created_by.emplace());
  for (const json& a : in.at("copy_actions")) ReadShape(a, &j.copy_actions.emplace_back());
  if (j.id.empty()) throw std::runtime_error("a job has an empty id");
  return j;
}

}  // namespace

json EncodeJobsState(const AccountState& state) {
  json out = {{"resources", json::array()},
              {"backup_jobs", json::array()},
              {"copy_jobs", json::array()},
              {"roles_lacking_permissions", state.roles_lacking_permissions},
              {"created_seconds", state.job_timing.created_seconds},
              {"running_seconds", state.job_timing.running_seconds},
              {"scheduler_clock", state.scheduler_clock}};
  for (const auto& [arn, r] : state.resources) {
    out["resources"].push_back({{"arn", r.arn}, {"resource_type", r.resource_type}, {"tags", r.tags}});
  }
  for (const auto& [id, job] : state.backup_jobs) out["backup_jobs"].push_back(Encode(job));
  for (const auto& [id, job] : state.copy_jobs) out["copy_jobs"].push_back(Encode(job));
  return out;
}

void DecodeJobsState(const json& in, AccountState* state) {
  for (const json& r : in.at("resources")) {
    ResourceRecord record{r.at("arn").get<std::string>(), r.at("resource_type").get<std::string>(),
                          r.at("tags").get<Tags>()};
    state->resources[record.arn] = std::move(record);
  }
  for (const json& j : in.at("backup_jobs")) {
    JobRecord job = Decode(j);
    state->backup_jobs[job.id] = std::move(job);
  }
  for (const json& j : in.at("copy_jobs")) {
    JobRecord job = Decode(j);
    state->copy_jobs[job.id] = std::move(job);
  }
  state->roles_lacking_permissions = in.at("roles_lacking_permissions").get<std::set<std::string>>();
  state->job_timing.created_seconds = in.at("created_seconds").get<double>();
  state->job_timing.running_seconds = in.at("running_seconds").get<double>();
  state->scheduler_clock = in.at("scheduler_clock").get<double>();
}

}  // namespace backupctl
