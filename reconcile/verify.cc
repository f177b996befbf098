#include "reconcile/verify.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <thread>

#include "base/sha256.h"
#include "base/strings.h"

namespace backupctl {
namespace {

ApiError Bad(const std::string& message) {
  return MakeError(ErrorKind::kInvalidParameter, "InvalidVerifyRequest", message);
}

std::string UtcDay(double now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

bool IsTerminalJobState(const std::string& state) {
  return state == "COMPLETED" || state == "FAILED" || state == "ABORTED" || state == "EXPIRED" ||
         state == "PARTIAL";
}

Outcome<VerifyTarget> PlanVerify(const DesiredState& desired, const VerifyRequest& request,
                                 double now) {
  const Selection* found = nullptr;
  int matches = 0;
  for (const Selection& s : desired.selections) {
    if (s.name == request.selection || s.plan + "/" + s.name == request.selection) {
      found = &s;
      ++matches;
    }
  }
  if (found == nullptr) return Bad("the tree declares no selection " + request.selection);
  if (matches > 1) {
    return Bad("more than one plan has a selection " + request.selection + "; name it PLAN/" +
               request.selection);
  }
  const BackupPlanSpec* plan = nullptr;
  for (const BackupPlanSpec& p : desired.plans) {
    if (p.name == found->plan) plan = &p;
  }
  if (plan == nullptr || plan->rules.empty()) {
    return Bad("selection " + found->name + "'s plan " + found->plan + " declares no rule");
  }
  const Rule* rule = &plan->rules.front();
  if (request.rule) {
    rule = nullptr;
    for (const Rule& r : plan->rules) {
      if (r.name == *request.rule) rule = &r;
    }
    if (rule == nullptr) return Bad("plan " + plan->name + " has no rule " + *request.rule);
  }
  VerifyTarget t;
  t.plan = plan->name;
  t.rule = rule->name;
  t.selection = found->name;
  t.iam_role_arn = found->iam_role_arn;
  t.vault = rule->target_vault;
  int64_t lock_minimum = 1;
  for (const Vault& v : desired.vaults) {
    if (v.name == t.vault && v.lock && v.lock->min_retention_days) {
      lock_minimum = std::max<int64_t>(1, *v.lock->min_retention_days);
    }
  }
  t.delete_after_days = request.delete_after_days.value_or(lock_minimum);
  if (t.delete_after_days < lock_minimum) {
    return Bad("--delete-after-days " + std::to_string(t.delete_after_days) + " is below vault " +
               t.vault + "'s lock minimum of " + std::to_string(lock_minimum) +
               " days; AWS would fail the job");
  }
  if (request.resource) {
    bool covered = false;
    for (const std::string& pattern : found->resources)
      covered = covered || GlobMatch(pattern, *request.resource);
    if (!covered && found->resources.empty() && !found->list_of_tags.empty()) {
      covered = true;  // chosen by tags, which only the account knows: trust the caller
    }
    for (const std::string& pattern : found->not_resources) {
      if (GlobMatch(pattern, *request.resource)) covered = false;
    }
    if (!covered) {
      return Bad("selection " + found->name + " does not cover " + *request.resource);
    }
    t.resource_arn = *request.resource;
  } else {
    for (const std::string& r : found->resources) {
      if (r.find('*') == std::string::npos) {
        t.resource_arn = r;
        break;
      }
    }
    if (t.resource_arn.empty()) {
      return Bad("selection " + found->name +
                 " names no resource without a wildcard; pass --resource ARN");
    }
  }
  t.idempotency_token = Sha256Hex(desired.project.stack + "|" + t.plan + "|" + t.selection + "|" +
                                  t.resource_arn + "|" + UtcDay(now))
                            .substr(0, 32);
  return t;
}

Outcome<VerifyResult> RunVerify(BackupApi& api, const VerifyTarget& target,
                                const VerifyRequest& request,
                                const std::function<void(const BackupJob&)>& progress) {
  StartBackupJobInput start;
  start.backup_vault_name = target.vault;
  start.resource_arn = target.resource_arn;
  start.iam_role_arn = target.iam_role_arn;
  start.idempotency_token = target.idempotency_token;
  Lifecycle lifecycle;
  lifecycle.delete_after_days = target.delete_after_days;
  start.lifecycle = lifecycle;
  start.recovery_point_tags = {{"backupctl:verify", target.plan + "/" + target.selection}};
  auto started = api.StartBackupJob(start);
  if (!started.ok()) return started.error();
  VerifyResult result;
  result.job_id = started.value().backup_job_id.value_or("");
  if (result.job_id.empty()) {
    return MakeError(ErrorKind::kOther, "NoJobId", "StartBackupJob returned no BackupJobId");
  }
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(request.timeout_seconds * 1000));
  std::string last_seen;
  for (;;) {
    DescribeBackupJobInput describe;
    describe.backup_job_id = result.job_id;
    auto job = api.DescribeBackupJob(describe);
    if (!job.ok()) return job.error();
    const std::string state = job.value().state.value_or("UNKNOWN");
    const std::string seen = state + " " + job.value().percent_done.value_or("");
    if (seen != last_seen) {
      progress(job.value());
      last_seen = seen;
    }
    if (IsTerminalJobState(state)) {
      result.state = state;
      result.recovery_point_arn = job.value().recovery_point_arn.value_or("");
      result.message = job.value().status_message.value_or("");
      return result;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      result.state = "TIMEOUT";
      result.message = "the job was still " + state + " when the wait ran out";
      return result;
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<int64_t>(request.poll_seconds * 1000)));
  }
}

}  // namespace backupctl
