// The reconciliation service: a loop that runs one level-triggered cycle at a
// time (controller-runtime style) and turns each cycle's outcome into
// metrics, JSON log lines and health/readiness.
//
// The loop knows nothing about trees or AWS: a Reconciler (cycle.h) does one
// whole cycle (load the tree, read live, plan, apply or only report) and
// returns a CycleOutcome. Between cycles the loop waits the interval (± jitter), or a
// backoff after a failed or partial cycle (backoff_initial doubling, capped at
// the interval). Trigger() starts a cycle at once (SIGHUP, tree change,
// webhook); triggers that arrive during a cycle coalesce into one more cycle.
// Shutdown() sets CycleRequest::stopping so the reconciler starts no new
// action, and waits a bounded grace for the in-flight one.
//
// Health: the loop thread is running and its heartbeat is fresher than
// stale_after (it beats every second while idle and whenever the reconciler
// calls CycleRequest::heartbeat). Readiness: a cycle has completed (success
// or partial) since start and the last load of the tree was good; its detail
// names the targets whose last cycle was not a success, with why.
// Every wait and every duration goes through ServiceOptions::clock.

#ifndef BACKUPCTL_DAEMON_SERVICE_H_
#define BACKUPCTL_DAEMON_SERVICE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "daemon/clock.h"
#include "daemon/cycle.h"
#include "daemon/metrics.h"
#include "daemon/status_server.h"

namespace backupctl {

struct ServiceOptions {
  std::chrono::milliseconds interval{std::chrono::minutes(5)};
  double jitter = 0.1;  // fraction of the interval, drawn uniformly in [-jitter, +jitter]
  std::chrono::milliseconds backoff_initial{std::chrono::seconds(5)};
  std::chrono::milliseconds stale_after{std::chrono::minutes(5)};
  bool observe = false;
  uint64_t seed = 0;       // jitter randomness; 0 picks a random seed
  Clock* clock = nullptr;  // null: SteadyClock(); must outlive the Service
};

// How long to wait after a cycle. `consecutive_failures` counts failed or
// partial cycles in a row (0 after any other result); `unit` is in [0, 1).
std::chrono::milliseconds NextDelay(const ServiceOptions& options, int consecutive_failures,
                                    double unit);

// "500ms", "30s", "5m", "1h", or a sum like "1m30s". nullopt on anything else.
std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text);
// "10%" or a fraction "0.1", within [0, 1]. nullopt on anything else.
std::optional<double> ParseFraction(const std::string& text);

class Service {
 public:
  Service(ServiceOptions options, Reconciler reconciler, MetricsRegistry* metrics);
  ~Service();  // stops the loop and waits for it, however long the cycle takes
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  void Start();  // the first cycle begins at once
  void Trigger(const std::string& reason);
  // Stops the loop; true when it exited within `grace`. When false, a cycle is
  // still running (it saw `stopping`); the caller may exit the process anyway.
  bool Shutdown(std::chrono::milliseconds grace);

  Probe Health() const;
  Probe Readiness() const;
  uint64_t CyclesCompleted() const;

 private:
  void Loop();
  // Waits for the next cycle; returns its reason, or nullopt when stopping.
  std::optional<std::string> WaitForNextCycle(std::chrono::milliseconds delay, bool retry);
  void RunCycle(const std::string& reason);
  CycleOutcome CallReconciler(const CycleRequest& request);
  void Record(const CycleOutcome& outcome, double seconds);
  void LogOutcome(const CycleRequest& request, const CycleOutcome& outcome, double seconds);
  void Beat();
  std::string NextCycleId();

  const ServiceOptions options_;
  const Reconciler reconciler_;
  MetricsRegistry* const metrics_;
  Clock* const clock_;
  std::mt19937_64 rng_;
  const std::string id_prefix_;
  uint64_t next_seq_ = 1;
  std::set<std::string> drift_kinds_;  // every kind ever reported, reset to 0 when gone
  int consecutive_failures_ = 0;

  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> heartbeat_ns_{0};  // clock_'s time since its epoch
  std::thread thread_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable exited_;
  bool running_ = false;
  bool stop_ = false;
  std::optional<std::string> trigger_;  // the reason of a pending trigger
  uint64_t cycles_ = 0;
  bool completed_ = false;  // a success or partial cycle since start
  std::string last_result_;
  std::string load_error_;  // of the last cycle; empty when the last load was good
  std::string last_error_;
  std::map<std::string, std::string> failed_targets_;  // of the last cycle: target -> why
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_SERVICE_H_
