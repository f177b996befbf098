#include "daemon/daemon_metrics.h"

#include "desired/model.h"
#include "providers/api_error.h"

namespace backupctl {

namespace {

const Kind kAllKinds[] = {
    Kind::kVault,      Kind::kVaultLock, Kind::kVaultAccessPolicy, Kind::kVaultNotifications,
    Kind::kBackupPlan, Kind::kSelection, Kind::kRegionSettings,    Kind::kGlobalSettings};

}  // namespace

void DefineDaemonMetrics(MetricsRegistry* metrics, const std::string& version) {
  metrics->DefineCounter(kMetricCycles, "Reconciliation cycles by result.");
  for (const char* result : {"success", "partial", "failed", "load_error"}) {
    metrics->Add(kMetricCycles, {{"result", result}}, 0);
  }
  metrics->DefineHistogram(kMetricCycleDuration, "Wall time of one reconciliation cycle.",
                           {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300});
  metrics->DefineGauge(kMetricDrifted,
                       "Resources whose live state differed from the tree at the last cycle.");
  for (Kind kind : kAllKinds) metrics->Set(kMetricDrifted, {{"kind", KindName(kind)}}, 0);
  metrics->DefineCounter(kMetricActions, "Applied actions by type, kind and result.");
  metrics->DefineCounter(kMetricApiRequests, "AWS Backup HTTP attempts by operation and status.");
  metrics->DefineCounter(kMetricApiThrottles, "AWS Backup attempts answered with throttling.");
  metrics->Add(kMetricApiThrottles, {}, 0);
  metrics->DefineGauge(kMetricLastSuccess,
                       "Unix time of the last cycle that ended in success (0: none yet).");
  metrics->Set(kMetricLastSuccess, {}, 0);
  metrics->DefineCounter(kMetricLoadErrors, "Cycles whose desired tree failed to load.");
  metrics->Add(kMetricLoadErrors, {}, 0);
  metrics->DefineGauge(kMetricBuildInfo, "Build information; the value is always 1.");
  metrics->Set(kMetricBuildInfo, {{"version", version}}, 1);
}

void DefineCoordinationMetrics(MetricsRegistry* metrics) {
  metrics->DefineGauge(kMetricTargetsOwned, "Targets this replica holds now.");
  metrics->Set(kMetricTargetsOwned, {}, 0);
  metrics->DefineGauge(kMetricTargetOwned, "1 for each target this replica holds now, else 0.");
  metrics->DefineCounter(kMetricLeaseRenewals, "etcd lease keep-alives by result.");
  for (const char* result : {"ok", "failed"})
    metrics->Add(kMetricLeaseRenewals, {{"result", result}}, 0);
  metrics->DefineCounter(kMetricHandovers, "Targets acquired or released by this replica.");
  for (const char* direction : {"acquired", "released"}) {
    metrics->Add(kMetricHandovers, {{"direction", direction}}, 0);
  }
  metrics->DefineGauge(kMetricSession, "1 while this replica holds a valid etcd session.");
  metrics->Set(kMetricSession, {}, 0);
}

ApiMetricsObserver::ApiMetricsObserver(MetricsRegistry* metrics, std::function<void()> on_call)
    : metrics_(metrics), on_call_(std::move(on_call)) {}

void ApiMetricsObserver::OnApiCall(const ApiCallRecord& record) {
  // Status 0 means no HTTP response arrived (connection refused, timeout).
  metrics_->Add(kMetricApiRequests,
                {{"operation", record.operation}, {"status", std::to_string(record.http_status)}});
  bool failed = !record.error_code.empty() || record.http_status >= 400;
  if (failed &&
      ErrorKindFromCode(record.error_code, record.http_status) == ErrorKind::kThrottling) {
    metrics_->Add(kMetricApiThrottles, {});
  }
  if (on_call_) on_call_();
}

}  // namespace backupctl
