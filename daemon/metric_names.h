// The name of every metric family the daemon exports on /metrics, in one
// place. docs/daemon.md describes each with its labels; the files named
// beside each group define and update them.

#ifndef BACKUPCTL_DAEMON_METRIC_NAMES_H_
#define BACKUPCTL_DAEMON_METRIC_NAMES_H_

namespace backupctl {

// Each cycle of the reconciler, and the API calls it makes (daemon_metrics.h).
inline constexpr char kMetricCycles[] = "backupctl_cycles_total";
inline constexpr char kMetricCycleDuration[] = "backupctl_cycle_duration_seconds";
inline constexpr char kMetricDrifted[] = "backupctl_drifted_resources";
inline constexpr char kMetricActions[] = "backupctl_actions_total";
inline constexpr char kMetricApiRequests[] = "backupctl_api_requests_total";
inline constexpr char kMetricApiThrottles[] = "backupctl_api_throttles_total";
inline constexpr char kMetricLastSuccess[] = "backupctl_last_success_timestamp_seconds";
inline constexpr char kMetricLoadErrors[] = "backupctl_desired_load_errors_total";
inline constexpr char kMetricBuildInfo[] = "backupctl_build_info";

// Trees with targets: one series per target (tree_set.h).
inline constexpr char kMetricTargetCycleSuccess[] = "backupctl_target_cycle_success";
inline constexpr char kMetricTargetDrifted[] = "backupctl_target_drifted_resources";

// Job health, polled on its own interval (health_poller.h).
inline constexpr char kMetricBackupJobs[] = "backupctl_backup_jobs";
inline constexpr char kMetricCopyJobs[] = "backupctl_copy_jobs";
inline constexpr char kMetricRestoreJobs[] = "backupctl_restore_jobs";
inline constexpr char kMetricRuleLastSuccess[] =
    "backupctl_plan_rule_last_success_timestamp_seconds";
inline constexpr char kMetricRuleStale[] = "backupctl_plan_rule_stale";
inline constexpr char kMetricHealthErrors[] = "backupctl_health_check_errors_total";

// High availability (--coordination etcd) only.
inline constexpr char kMetricTargetsOwned[] = "backupctl_targets_owned";
inline constexpr char kMetricTargetOwned[] = "backupctl_target_owned";  // {target}: 1 or 0
inline constexpr char kMetricLeaseRenewals[] = "backupctl_lease_renewals_total";
inline constexpr char kMetricHandovers[] = "backupctl_target_handovers_total";
inline constexpr char kMetricSession[] = "backupctl_coordination_session";

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_METRIC_NAMES_H_
