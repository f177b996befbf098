// Backup health: are the backups the tree declares actually happening?
//
// CheckHealth reads, for a desired tree, what the account's jobs say:
//  - account-wide job counts by state over the last 1, 7 and 14 days for
//    backup, copy and restore jobs (List*JobSummaries: the newest ONE_DAY
//    window, SEVEN_DAYS, FOURTEEN_DAYS), and the last day's counts by state
//    and resource type (for metrics);
//  - per declared vault (and vault a rule targets): its backup jobs since the
//    lookback (ListBackupJobs by vault, every page), giving counts by state
//    over 1/7/14 days, its latest failures (FAILED, ABORTED, EXPIRED,
//    PARTIAL since `failures_since`) with their status messages, and per plan
//    rule the last completed backup (jobs whose CreatedBy names the plan and
//    the rule's id or name);
//  - per declared plan rule, its schedule (cron in its time zone, timing/) and
//    whether it is stale: two or more scheduled runs, each older than the
//    grace (an hour), passed since its last success, counting only runs after
//    the live plan version was created. A rule without a schedule, or whose
//    plan is not in the account, is never stale (state "unscheduled",
//    "missing").
// Reads only; a failed read is recorded in `problems` and the parts that
// depend on it are left unknown (never reported healthy).

#ifndef BACKUPCTL_RECONCILE_HEALTH_H_
#define BACKUPCTL_RECONCILE_HEALTH_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "desired/model.h"
#include "providers/backup_api.h"

namespace backupctl {

inline constexpr int kHealthFormatVersion = 1;
inline constexpr int kHealthWindowsDays[] = {1, 7, 14};

using StateCounts = std::map<std::string, int64_t>;  // state -> jobs
using WindowCounts = std::map<int, StateCounts>;     // days (1, 7, 14) -> counts

struct FailedJob {
  std::string job_id;
  std::string vault;
  std::string resource_arn;
  std::string resource_type;
  std::string state;
  std::string message;
  std::string plan;  // declared plan name, "" for an on-demand or unknown job
  std::string rule;
  double creation_date = 0;
};

struct RuleHealth {
  std::string plan;
  std::string rule;
  std::string vault;
  std::string schedule;  // "" when none
  std::string timezone;
  std::string status;  // healthy | stale | new | unscheduled | missing | unknown
  std::optional<double> last_success;
  std::optional<double> last_scheduled_run;
  int missed_runs = 0;  // scheduled runs since the last success
};

struct PlanHealth {
  std::string name;
  std::string id;  // "" when the account has no such plan
  WindowCounts counts;
  std::vector<RuleHealth> rules;
};

struct VaultHealth {
  std::string name;
  bool exists = true;
  WindowCounts counts;
  std::vector<FailedJob> failures;  // newest first, at most max_failures
};

struct HealthReport {
  double now = 0;
  std::string target;
  double failures_since = 0;
  // "backup" | "copy" | "restore" -> windows -> states (account-wide summaries)
  std::map<std::string, WindowCounts> summaries;
  // kind -> (state, resource type) -> jobs in the last day
  std::map<std::string, std::map<std::pair<std::string, std::string>, int64_t>> last_day;
  std::vector<PlanHealth> plans;
  std::vector<VaultHealth> vaults;
  std::vector<std::string> problems;  // reads that failed

  int StaleRules() const;
  int Failures() const;
};

struct HealthOptions {
  double now = 0;               // 0: the wall clock
  double failures_since = 0;    // 0: now - 1 day
  int max_failures = 5;         // per vault
  double grace_seconds = 3600;  // a run younger than this may still be going
  int page_size = 1000;
};

HealthReport CheckHealth(BackupApi& api, const DesiredState& desired, const HealthOptions& options);

std::string RenderHealthText(const HealthReport& report, bool color);
nlohmann::json HealthToJson(const HealthReport& report);
std::string RenderHealthMarkdown(const HealthReport& report);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_HEALTH_H_
