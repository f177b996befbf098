// The daemon's job metrics: on an interval of their own (slower than the
// reconcile loop; the summaries AWS serves change hourly at most), load the
// tree, run CheckHealth (reconcile/health.h) against its target and export:
//   backupctl_backup_jobs{state,resource_type}   jobs of the last day (summaries)
//   backupctl_copy_jobs{state,resource_type}     likewise
//   backupctl_restore_jobs{state,resource_type}  likewise
//   backupctl_plan_rule_last_success_timestamp_seconds{plan,rule}  (absent: never)
//   backupctl_plan_rule_stale{plan,rule}         1 when the rule missed two runs
//   backupctl_health_check_errors_total          polls that could not read
// A series that disappears from one poll to the next is set to 0 (jobs
// gauges) or dropped to 0 (stale), never left at an old value.
// With coordinated replicas, only the one that owns the target polls (OnlyWhen):
// the others export none of these series, so an alert fires once, not per replica.
// A tree with targets is polled target by target (PollTargetsWith), each
// series labelled with its target (TREE/NAME when the poller already names a tree).

#ifndef BACKUPCTL_DAEMON_HEALTH_POLLER_H_
#define BACKUPCTL_DAEMON_HEALTH_POLLER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "daemon/metric_names.h"
#include "daemon/metrics.h"
#include "daemon/tree_reconciler.h"
#include "reconcile/health.h"

namespace backupctl {

void DefineHealthMetrics(MetricsRegistry* metrics);

class HealthPoller {
 public:
  HealthPoller(std::string dir, std::chrono::milliseconds interval, ApiFactory make_api,
               MetricsRegistry* metrics);
  ~HealthPoller();
  // Polls only while `active` says so; while it does not, this replica exports
  // no job series. Call before Start.
  void OnlyWhen(std::function<bool()> active);
  // Adds these labels to every series (a daemon of several trees: the target).
  void LabelWith(Labels extra) { extra_ = std::move(extra); }
  // How to open a tree with targets (read-only is enough). Call before Start.
  void PollTargetsWith(TargetsApiFactory make_targets) { make_targets_ = std::move(make_targets); }
  void Start();  // the first poll runs at once
  void Stop();
  bool PollOnce();  // one poll, on the caller's thread; false when it could not read

 private:
  void Loop();
  void DropExported();
  // Exports one target's report, every series also labelled `base`, into
  // `now`; false when the report had problems.
  bool Export(const HealthReport& report, const Labels& base,
              std::set<std::pair<std::string, Labels>>* now);

  const std::string dir_;
  const std::chrono::milliseconds interval_;
  ApiFactory make_api_;
  TargetsApiFactory make_targets_;
  MetricsRegistry* metrics_;
  std::function<bool()> active_;
  Labels extra_;
  std::set<std::pair<std::string, Labels>> exported_;  // series set by the last poll
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_HEALTH_POLLER_H_
