// The metric families the daemon exports, and the ApiObserver that feeds the API ones.
//
// DefineDaemonMetrics declares every family (so each appears in /metrics from
// the start, with zero-valued series where the label set is known up front)
// and sets backupctl_build_info. ApiMetricsObserver counts every HTTP attempt
// the AWS client reports by operation and status, and throttles separately.

#ifndef BACKUPCTL_DAEMON_DAEMON_METRICS_H_
#define BACKUPCTL_DAEMON_DAEMON_METRICS_H_

#include <functional>
#include <string>

#include "daemon/metrics.h"
#include "providers/api_observer.h"

namespace backupctl {

inline constexpr char kMetricCycles[] = "backupctl_cycles_total";
inline constexpr char kMetricCycleDuration[] = "backupctl_cycle_duration_seconds";
inline constexpr char kMetricDrifted[] = "backupctl_drifted_resources";
inline constexpr char kMetricActions[] = "backupctl_actions_total";
inline constexpr char kMetricApiRequests[] = "backupctl_api_requests_total";
inline constexpr char kMetricApiThrottles[] = "backupctl_api_throttles_total";
inline constexpr char kMetricLastSuccess[] = "backupctl_last_success_timestamp_seconds";
inline constexpr char kMetricLoadErrors[] = "backupctl_desired_load_errors_total";
inline constexpr char kMetricBuildInfo[] = "backupctl_build_info";

// High availability (--coordination etcd) only.
inline constexpr char kMetricTargetsOwned[] = "backupctl_targets_owned";
inline constexpr char kMetricTargetOwned[] = "backupctl_target_owned";  // {target}: 1 or 0
inline constexpr char kMetricLeaseRenewals[] = "backupctl_lease_renewals_total";
inline constexpr char kMetricHandovers[] = "backupctl_target_handovers_total";
inline constexpr char kMetricSession[] = "backupctl_coordination_session";

void DefineDaemonMetrics(MetricsRegistry* metrics, const std::string& version);
void DefineCoordinationMetrics(MetricsRegistry* metrics);

class ApiMetricsObserver : public ApiObserver {
 public:
  // `on_call` (optional) runs after each record: the daemon uses it as a heartbeat.
  explicit ApiMetricsObserver(MetricsRegistry* metrics, std::function<void()> on_call = {});
  void OnApiCall(const ApiCallRecord& record) override;

 private:
  MetricsRegistry* metrics_;
  std::function<void()> on_call_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_DAEMON_METRICS_H_
