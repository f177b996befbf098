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

#include "daemon/metric_names.h"
#include "daemon/metrics.h"
#include "providers/api_observer.h"

namespace backupctl {

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
