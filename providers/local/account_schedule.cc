// The account's clock at work: scheduled backups, job lifecycles, and the
// admin inputs they depend on (resource inventory, roles without
// permissions, job timing).
//
// CatchUpJobs runs before every job operation and after AdvanceClock. For
// each live plan it starts, at every firing of each rule's schedule (cron in
// the rule's time zone, timing/cron.h) between the scheduler's clock and
// now, one backup job per inventory resource the plan's selections match;
// such a job's dates are those of its scheduled time, so catching up late
// gives the same jobs as catching up at once. It then settles every job that
// ended: a completed backup adds its recovery point to its vault and starts
// one copy job per copy action of its rule; a completed copy into a vault of
// this account adds the recovery point there. Jobs older than 30 days are
// forgotten, as AWS lists jobs for 30 days. At most kMaxJobsPerCatchUp
// scheduled jobs start per call; the rest of a longer jump is skipped (and
// logged), as a real account would not have run them either.
//
// Selection matching follows AWS: (Resources ∪ ListOfTags) ∩ Conditions −
// NotResources; "*" in an ARN matches any run of characters; tag keys may be
// written "aws:ResourceTag/Key".

#include <spdlog/spdlog.h>

#include <cmath>
#include <map>
#include <mutex>

#include "base/strings.h"
#include "providers/local/account.h"
#include "providers/local/account_scopes.h"
#include "providers/local/arn.h"
#include "providers/local/job_view.h"
#include "providers/local/local_errors.h"
#include "providers/local/validation.h"
#include "timing/cron.h"

namespace backupctl {
namespace {

constexpr double kJobRetentionSeconds = 30 * 86400.0;
constexpr int kMaxJobsPerCatchUp = 10000;
constexpr int kMaxRunsPerRule = 1000;

std::string TagKey(const std::string& key) {
  static const std::string kPrefix = "aws:ResourceTag/";
  return key.rfind(kPrefix, 0) == 0 ? key.substr(kPrefix.size()) : key;
}

const std::string* FindTag(const Tags& tags, const std::string& key) {
  auto it = tags.find(TagKey(key));
  return it == tags.end() ? nullptr : &it->second;
}

bool Selects(const BackupSelection& s, const ResourceRecord& r) {
  bool chosen = false;
  for (const std::string& pattern : s.resources) chosen = chosen || GlobMatch(pattern, r.arn);
  for (const Condition& c : s.list_of_tags) {
    const std::string* v = FindTag(r.tags, c.condition_key);
    chosen = chosen || (v != nullptr && GlobMatch(c.condition_value, *v));
  }
  if (!chosen) return false;
  for (const std::string& pattern : s.not_resources) {
    if (GlobMatch(pattern, r.arn)) return false;
  }
  if (!s.conditions) return true;
  for (const ConditionParameter& c : s.conditions->string_equals) {
    const std::string* v = FindTag(r.tags, c.condition_key);
    if (v == nullptr || *v != c.condition_value) return false;
  }
  for (const ConditionParameter& c : s.conditions->string_not_equals) {
    const std::string* v = FindTag(r.tags, c.condition_key);
    if (v != nullptr && *v == c.condition_value) return false;
  }
  for (const ConditionParameter& c : s.conditions->string_like) {
    const std::string* v = FindTag(r.tags, c.condition_key);
    if (v == nullptr || !GlobMatch(c.condition_value, *v)) return false;
  }
  for (const ConditionParameter& c : s.conditions->string_not_like) {
    const std::string* v = FindTag(r.tags, c.condition_key);
    if (v != nullptr && GlobMatch(c.condition_value, *v)) return false;
  }
  return true;
}

// AWS's resource type of an ARN nobody seeded.
std::string ResourceTypeOf(const std::string& arn) {
  auto parsed = ParseArn(arn);
  if (!parsed) return "";
  const std::string& svc = parsed->service;
  if (svc == "ec2") return parsed->resource.rfind("volume/", 0) == 0 ? "EBS" : "EC2";
  if (svc == "rds") return "RDS";
  if (svc == "dynamodb") return "DynamoDB";
  if (svc == "elasticfilesystem") return "EFS";
  if (svc == "s3") return "S3";
  if (svc == "fsx") return "FSx";
  if (svc == "storagegateway") return "Storage Gateway";
  return svc;
}

// Zones are read once per process; an unknown one is UTC, with a warning.
TimeZone CachedZone(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, TimeZone> zones;
  std::lock_guard<std::mutex> lock(mu);
  auto it = zones.find(name);
  if (it != zones.end()) return it->second;
  std::string error;
  auto zone = TimeZone::Load(name, &error);
  if (!zone) spdlog::warn("emulator scheduler: {}; evaluating its schedules in UTC", error);
  if (zones.size() < 1000) zones.emplace(name, zone.value_or(TimeZone::Utc()));
  return zone.value_or(TimeZone::Utc());
}

// The rule's firings in (from, until], oldest first, at most kMaxRunsPerRule.
std::vector<double> Firings(const BackupRule& rule, double from, double until) {
  std::vector<double> out;
  if (!rule.schedule_expression) return out;
  std::string error;
  auto schedule = ParseSchedule(*rule.schedule_expression, &error);
  if (!schedule) return out;
  const TimeZone zone = CachedZone(rule.schedule_expression_timezone.value_or("UTC"));
  double t = from;
  while (out.size() < static_cast<size_t>(kMaxRunsPerRule)) {
    auto next = NextRun(*schedule, zone, t);
    if (!next || *next > until) break;
    out.push_back(*next);
    t = *next;
  }
  return out;
}

// The recovery point a completed job leaves in a vault, under `arn`.
RecoveryPointRecord CompletedRecoveryPoint(const JobRecord& job, const std::string& arn) {
  RecoveryPointRecord rp;
  rp.recovery_point_arn = arn;
  rp.resource_arn = job.resource_arn;
  rp.resource_type = job.resource_type;
  rp.status = "COMPLETED";
  rp.creation_date = job.end_date;
  return rp;
}

// What follows an ARN's last ':' (a recovery point's id, the key of its vault's map).
std::string ArnTail(const std::string& arn) { return arn.substr(arn.rfind(':') + 1); }

}  // namespace

JobRecord LocalAccount::NewJobLocked(const std::string& vault_name, const std::string& resource_arn,
                                     const std::string& iam_role_arn, double creation_date) {
  JobRecord job;
  job.id = NewUuid();
  job.vault_name = vault_name;
  job.vault_arn = VaultArn(vault_name);
  job.resource_arn = resource_arn;
  job.iam_role_arn = iam_role_arn;
  job.creation_date = creation_date;
  job.start_date = creation_date + state_.job_timing.created_seconds;
  job.end_date = job.start_date + state_.job_timing.running_seconds;
  job.recovery_point_arn = RecoveryPointArn(options_.region, options_.account_id, NewUuid());
  job.backup_size_in_bytes = static_cast<int64_t>(1 + rng_() % 1024) << 20;
  auto resource = state_.resources.find(resource_arn);
  job.resource_type = resource == state_.resources.end() ? ResourceTypeOf(resource_arn)
                                                         : resource->second.resource_type;
  job.final_state = "COMPLETED";
  job.message_category = "SUCCESS";
  if (state_.roles_lacking_permissions.count(iam_role_arn) > 0) {
    job.final_state = "FAILED";
    job.message_category = "ACCESS_DENIED";
    job.status_message =
        "IAM Role " + iam_role_arn + " does not have sufficient permissions to execute the backup";
  } else if (resource == state_.resources.end()) {
    job.final_state = "FAILED";
    job.message_category = "INVALID_PARAMETERS";
    job.status_message = "Resource " + resource_arn + " was not found";
  }
  return job;
}

bool LocalAccount::JobsDueLocked(double now) const {
  for (const auto& [id, job] : state_.backup_jobs) {
    if (!job.settled && JobEndedAt(job, now)) return true;
  }
  for (const auto& [id, job] : state_.copy_jobs) {
    if (!job.settled && JobEndedAt(job, now)) return true;
  }
  if (state_.resources.empty() || now <= state_.scheduler_clock) return false;
  for (const auto& [plan_id, plan] : state_.plans) {
    if (plan.deleted() || state_.selections.count(plan_id) == 0) continue;
    const double from = std::max(state_.scheduler_clock, plan.current().creation_date);
    for (const BackupRule& rule : plan.current().plan.rules) {
      if (!Firings(rule, from, now).empty()) return true;
    }
  }
  return false;
}

void LocalAccount::CatchUpJobs() {
  if (options_.read_only) return;
  {
    ReadScope r(*this);
    if (r.error() || !JobsDueLocked(NowLocked())) return;
  }
  WriteScope w(*this, /*count_write=*/false);
  if (w.error()) return;
  RunDueJobsLocked(NowLocked());
  if (auto e = w.Commit()) spdlog::error("local account: jobs: {}", e->message);
}

void LocalAccount::RunDueJobsLocked(double now) {
  if (state_.scheduler_clock == 0) state_.scheduler_clock = now;
  StartScheduledRunsLocked(now);
  for (auto& [id, job] : state_.backup_jobs) {
    if (!job.settled && JobEndedAt(job, now)) SettleBackupJobLocked(job);
  }
  for (auto& [id, job] : state_.copy_jobs) {
    if (!job.settled && JobEndedAt(job, now)) SettleCopyJobLocked(job);
  }
  PruneOldJobsLocked(now);
}

void LocalAccount::StartScheduledRunsLocked(double until) {
  const double from_clock = state_.scheduler_clock;
  state_.scheduler_clock = std::max(state_.scheduler_clock, until);
  if (state_.resources.empty()) return;
  int started = 0;
  for (const auto& [plan_id, plan] : state_.plans) {
    auto selections = state_.selections.find(plan_id);
    if (plan.deleted() || selections == state_.selections.end()) continue;
    const PlanVersionRecord& version = plan.current();
    const double from = std::max(from_clock, version.creation_date);
    for (const BackupRule& rule : version.plan.rules) {
      for (double at : Firings(rule, from, until)) {
        for (const auto& [selection_id, selection] : selections->second) {
          for (const auto& [arn, resource] : state_.resources) {
            if (!Selects(selection.selection, resource)) continue;
            if (started == kMaxJobsPerCatchUp) {
              spdlog::warn(
                  "emulator scheduler: more than {} scheduled jobs in one catch-up; "
                  "the rest of the jump is skipped",
                  kMaxJobsPerCatchUp);
              return;
            }
            JobRecord job = NewJobLocked(rule.target_backup_vault_name, arn,
                                         selection.selection.iam_role_arn, at);
            if (state_.vaults.count(rule.target_backup_vault_name) == 0) {
              job.final_state = "FAILED";
              job.message_category = "INVALID_PARAMETERS";
              job.status_message =
                  "Backup vault " + rule.target_backup_vault_name + " does not exist";
            }
            RecoveryPointCreator by;
            by.backup_plan_id = plan_id;
            by.backup_plan_arn = plan.arn;
            by.backup_plan_name = version.plan.backup_plan_name;
            by.backup_plan_version = version.version_id;
            by.backup_rule_id = rule.rule_id;
            by.backup_rule_name = rule.rule_name;
            by.backup_rule_cron = rule.schedule_expression;
            by.backup_rule_timezone = rule.schedule_expression_timezone;
            job.created_by = by;
            job.lifecycle = rule.lifecycle;
            job.recovery_point_tags = rule.recovery_point_tags;
            job.copy_actions = rule.copy_actions;
            state_.backup_jobs.emplace(job.id, std::move(job));
            ++started;
          }
        }
      }
    }
  }
}

void LocalAccount::SettleBackupJobLocked(JobRecord& job) {
  job.settled = true;
  if (job.final_state != "COMPLETED") return;
  auto vault = state_.vaults.find(job.vault_name);
  if (vault == state_.vaults.end()) return;  // deleted since; the recovery point has nowhere to be
  RecoveryPointRecord rp = CompletedRecoveryPoint(job, job.recovery_point_arn);
  rp.tags = job.recovery_point_tags;
  vault->second.recovery_points[ArnTail(job.recovery_point_arn)] = std::move(rp);
  for (const CopyAction& action : job.copy_actions) {
    JobRecord copy;
    copy.id = NewUuid();
    copy.is_copy = true;
    copy.vault_name = job.vault_name;
    copy.vault_arn = job.vault_arn;
    copy.destination_vault_arn = action.destination_backup_vault_arn;
    copy.resource_arn = job.resource_arn;
    copy.resource_type = job.resource_type;
    copy.iam_role_arn = job.iam_role_arn;
    copy.creation_date = job.end_date;
    copy.start_date = copy.creation_date + state_.job_timing.created_seconds;
    copy.end_date = copy.start_date + state_.job_timing.running_seconds;
    copy.recovery_point_arn = job.recovery_point_arn;
    copy.created_by_backup_job_id = job.id;
    copy.created_by = job.created_by;
    copy.lifecycle = action.lifecycle;
    copy.backup_size_in_bytes = job.backup_size_in_bytes;
    copy.final_state = "COMPLETED";
    copy.message_category = "SUCCESS";
    auto dest = ParseArn(action.destination_backup_vault_arn);
    const bool here =
        dest && dest->account == options_.account_id && dest->region == options_.region;
    if (here) {
      const std::string name = dest->resource.substr(dest->resource.find(':') + 1);
      if (state_.vaults.count(name) == 0) {
        copy.final_state = "FAILED";
        copy.message_category = "INVALID_PARAMETERS";
        copy.status_message = "Destination backup vault " + name + " does not exist";
      } else {
        copy.destination_recovery_point_arn =
            RecoveryPointArn(options_.region, options_.account_id, NewUuid());
      }
    }
    // Another account or Region is not emulated here: the copy completes
    // without a recovery point this account can list.
    state_.copy_jobs.emplace(copy.id, std::move(copy));
  }
}

void LocalAccount::SettleCopyJobLocked(JobRecord& job) {
  job.settled = true;
  if (job.final_state != "COMPLETED" || job.destination_recovery_point_arn.empty()) return;
  auto dest = ParseArn(job.destination_vault_arn);
  if (!dest) return;
  auto vault = state_.vaults.find(dest->resource.substr(dest->resource.find(':') + 1));
  if (vault == state_.vaults.end()) return;
  vault->second.recovery_points[ArnTail(job.destination_recovery_point_arn)] =
      CompletedRecoveryPoint(job, job.destination_recovery_point_arn);
}

void LocalAccount::PruneOldJobsLocked(double now) {
  for (auto* jobs : {&state_.backup_jobs, &state_.copy_jobs}) {
    for (auto it = jobs->begin(); it != jobs->end();) {
      if (it->second.settled && now - it->second.creation_date > kJobRetentionSeconds) {
        it = jobs->erase(it);
      } else {
        ++it;
      }
    }
  }
}

// ---- admin --------------------------------------------------------------------------

EmptyOutcome LocalAccount::SeedResource(const ResourceRecord& resource) {
  if (!ParseArn(resource.arn))
    return InvalidParameterError("SeedResource: invalid ARN " + resource.arn);
  if (resource.resource_type.empty() || resource.resource_type.size() > 50) {
    return InvalidParameterError("SeedResource: resource type must be 1..50 characters");
  }
  if (auto e = CheckTags(resource.tags)) return *e;
  CatchUpJobs();  // runs due before the resource existed do not include it
  WriteScope w(*this, /*count_write=*/false);
  if (w.error()) return *w.error();
  if (state_.resources.size() >= 100000 && state_.resources.count(resource.arn) == 0) {
    return LimitExceededError("SeedResource: the inventory holds 100000 resources");
  }
  if (state_.scheduler_clock == 0) state_.scheduler_clock = NowLocked();
  state_.resources[resource.arn] = resource;
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

EmptyOutcome LocalAccount::SetRolePermissions(const std::string& role_arn, bool has_permissions) {
  auto role = ParseArn(role_arn);
  if (!role || role->service != "iam") {
    return InvalidParameterError("SetRolePermissions: " + role_arn + " is not an IAM role ARN");
  }
  CatchUpJobs();  // jobs that started before the change keep their outcome
  WriteScope w(*this, /*count_write=*/false);
  if (w.error()) return *w.error();
  if (has_permissions) {
    state_.roles_lacking_permissions.erase(role_arn);
  } else {
    state_.roles_lacking_permissions.insert(role_arn);
  }
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

EmptyOutcome LocalAccount::SetJobTiming(const JobTiming& timing) {
  auto ok = [](double s) { return std::isfinite(s) && s >= 0 && s <= 86400; };
  if (!ok(timing.created_seconds) || !ok(timing.running_seconds)) {
    return InvalidParameterError("SetJobTiming: each duration must be 0..86400 seconds");
  }
  WriteScope w(*this, /*count_write=*/false);
  if (w.error()) return *w.error();
  state_.job_timing = timing;
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

}  // namespace backupctl
