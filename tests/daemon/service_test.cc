#include "daemon/service.h"

#include <gtest/gtest.h>

#include <deque>
#include <future>
#include <stdexcept>

#include "daemon/daemon_metrics.h"
#include "tests/support/manual_clock.h"
#include "tests/support/wait_until.h"

namespace backupctl {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;
using testing::ManualClock;

// A reconciler that replays scripted outcomes (the last one repeats) and can
// hold a cycle open until released.
class FakeReconciler {
 public:
  void Script(std::deque<CycleOutcome> outcomes) {
    std::lock_guard<std::mutex> lock(mu_);
    script_ = std::move(outcomes);
  }
  void Hold() {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = true;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      held_ = false;
    }
    cv_.notify_all();
  }
  // Cycles held open return as soon as shutdown begins (like apply, which
  // starts no new action once `stopping` is set), unless ignore_stop.
  void set_ignore_stop(bool ignore) { ignore_stop_ = ignore; }

  CycleOutcome operator()(const CycleRequest& request) {
    std::unique_lock<std::mutex> lock(mu_);
    reasons_.push_back(request.reason);
    ids_.push_back(request.cycle_id);
    entered_ = true;
    cv_.notify_all();
    while (held_ && (ignore_stop_ || !request.stopping->load())) cv_.wait_for(lock, 10ms);
    saw_stopping_ = request.stopping->load();
    if (script_.empty()) return CycleOutcome{};
    CycleOutcome next = script_.front();
    if (script_.size() > 1) script_.pop_front();
    if (next.result == CycleResult::kFailed && next.error == "throw") {
      throw std::runtime_error("boom");
    }
    return next;
  }

  bool WaitEntered(milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return entered_; });
  }
  std::vector<std::string> reasons() {
    std::lock_guard<std::mutex> lock(mu_);
    return reasons_;
  }
  std::vector<std::string> ids() {
    std::lock_guard<std::mutex> lock(mu_);
    return ids_;
  }
  bool saw_stopping() {
    std::lock_guard<std::mutex> lock(mu_);
    return saw_stopping_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<CycleOutcome> script_;
  std::vector<std::string> reasons_;
  std::vector<std::string> ids_;
  bool held_ = false;
  bool entered_ = false;
  bool saw_stopping_ = false;
  std::atomic<bool> ignore_stop_{false};
};

CycleOutcome Outcome(CycleResult result, std::string load_error = "", std::string error = "") {
  CycleOutcome o;
  o.result = result;
  o.load_error = std::move(load_error);
  o.error = std::move(error);
  o.live_read = result != CycleResult::kFailed;
  return o;
}

class ServiceTest : public ::testing::Test {
 protected:
  ServiceTest() { DefineDaemonMetrics(&metrics_, "test"); }

  std::unique_ptr<Service> Make() { return Make(QuietOptions()); }
  std::unique_ptr<Service> Make(ServiceOptions options) {
    return std::make_unique<Service>(
        options, [this](const CycleRequest& r) { return fake_(r); }, &metrics_);
  }
  // Time passes only when a test advances clock_.
  ServiceOptions QuietOptions() {
    ServiceOptions o;
    o.interval = std::chrono::hours(1);  // only the first cycle and triggers run
    o.backoff_initial = 20ms;
    o.seed = 7;
    o.clock = &clock_;
    return o;
  }
  static bool WaitCycles(const Service& s, uint64_t n) {
    return testing::WaitUntil([&] { return s.CyclesCompleted() >= n; }, 10s);
  }
  // Advances the clock once the loop waits on it; then waits until it has
  // done all that the new time allows and waits again (or runs a held cycle).
  void AdvanceIdle(Clock::Duration d) {
    ASSERT_TRUE(clock_.AwaitWaiters(1)) << "the loop is not waiting on the clock";
    clock_.Advance(d);
  }

  ManualClock clock_;  // outlives every Service made here
  MetricsRegistry metrics_;
  FakeReconciler fake_;
};

TEST(NextDelayTest, BackoffDoublesFromInitialUpToTheInterval) {
  ServiceOptions o;
  o.interval = 60s;
  o.backoff_initial = 5s;
  std::vector<int64_t> got;
  for (int failures = 1; failures <= 7; ++failures)
    got.push_back(NextDelay(o, failures, 0.9).count());
  EXPECT_EQ(got, (std::vector<int64_t>{5000, 10000, 20000, 40000, 60000, 60000, 60000}));
  EXPECT_EQ(NextDelay(o, 1000, 0.5).count(), 60000);  // no overflow after a long outage
}

TEST(NextDelayTest, JitterSpreadsTheIntervalSymmetrically) {
  ServiceOptions o;
  o.interval = 100s;
  o.jitter = 0.1;
  EXPECT_EQ(NextDelay(o, 0, 0.0).count(), 90000);
  EXPECT_EQ(NextDelay(o, 0, 0.5).count(), 100000);
  EXPECT_EQ(NextDelay(o, 0, 0.75).count(), 105000);
  o.jitter = 0;
  EXPECT_EQ(NextDelay(o, 0, 0.99).count(), 100000);
}

TEST_F(ServiceTest, ReadinessFollowsCyclesAndTheLastLoad) {
  fake_.Script({Outcome(CycleResult::kSuccess),
                Outcome(CycleResult::kLoadError, "plans.yaml:3:5: error: unknown field 'rulez'"),
                Outcome(CycleResult::kSuccess)});
  fake_.Hold();
  auto service = Make();
  Probe before = service->Readiness();
  EXPECT_FALSE(before.ok);
  EXPECT_NE(before.detail.find("no cycle has completed yet"), std::string::npos);
  service->Start();
  ASSERT_TRUE(fake_.WaitEntered(5s));
  EXPECT_FALSE(service->Readiness().ok);
  fake_.Release();
  ASSERT_TRUE(WaitCycles(*service, 1));
  EXPECT_TRUE(service->Readiness().ok) << service->Readiness().detail;

  service->Trigger("tree-change");
  ASSERT_TRUE(WaitCycles(*service, 2));
  Probe broken = service->Readiness();
  EXPECT_FALSE(broken.ok);
  EXPECT_NE(broken.detail.find("last load failed: plans.yaml:3:5: error: unknown field 'rulez'"),
            std::string::npos)
      << broken.detail;
  EXPECT_EQ(metrics_.Value(kMetricLoadErrors, {}), 1);
  EXPECT_EQ(metrics_.Value(kMetricCycles, {{"result", "load_error"}}), 1);

  service->Trigger("tree-change");
  ASSERT_TRUE(WaitCycles(*service, 3));
  EXPECT_TRUE(service->Readiness().ok);
  EXPECT_EQ(metrics_.Value(kMetricCycles, {{"result", "success"}}), 2);
}

TEST_F(ServiceTest, ReadinessNamesTheTargetsThatFailedAndWhy) {
  CycleOutcome partial = Outcome(CycleResult::kPartial, "", "target data-use1: AccessDenied");
  partial.targets = {{"central", CycleResult::kSuccess, true, 0, ""},
                     {"data-use1", CycleResult::kFailed, false, 0, "AccessDenied"}};
  CycleOutcome healed = Outcome(CycleResult::kSuccess);
  healed.targets = {{"central", CycleResult::kSuccess, true, 0, ""},
                    {"data-use1", CycleResult::kSuccess, true, 0, ""}};
  fake_.Script({partial, healed});
  auto service = Make();
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  Probe probe = service->Readiness();
  EXPECT_TRUE(probe.ok) << probe.detail;  // the other targets are served
  EXPECT_NE(probe.detail.find("\"failed_targets\":{\"data-use1\":\"failed: AccessDenied\"}"),
            std::string::npos)
      << probe.detail;
  EXPECT_EQ(probe.detail.find("central"), std::string::npos) << probe.detail;

  service->Trigger("interval");
  ASSERT_TRUE(WaitCycles(*service, 2));
  EXPECT_EQ(service->Readiness().detail.find("failed_targets"), std::string::npos);
}

TEST_F(ServiceTest, NotReadyUntilACycleGetsThrough) {
  fake_.Script({Outcome(CycleResult::kFailed, "", "ListBackupVaults: connection refused")});
  auto service = Make();
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  Probe probe = service->Readiness();
  EXPECT_FALSE(probe.ok);
  EXPECT_NE(probe.detail.find("connection refused"), std::string::npos) << probe.detail;
}

TEST_F(ServiceTest, TriggerStartsACycleAtOnceWithItsReason) {
  auto service = Make();
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  auto t0 = clock_.Now();
  service->Trigger("sighup");
  ASSERT_TRUE(WaitCycles(*service, 2));  // the clock stood still: no wait for the interval
  EXPECT_EQ(clock_.Now(), t0);
  EXPECT_EQ(fake_.reasons(), (std::vector<std::string>{"startup", "sighup"}));
  auto ids = fake_.ids();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_NE(ids[0], ids[1]);
}

TEST_F(ServiceTest, TriggersDuringACycleCoalesceIntoOne) {
  fake_.Hold();
  auto service = Make();
  service->Start();
  ASSERT_TRUE(fake_.WaitEntered(5s));
  service->Trigger("tree-change");
  service->Trigger("tree-change");
  service->Trigger("webhook");
  fake_.Release();
  ASSERT_TRUE(WaitCycles(*service, 2));
  // Waiting on the clock again means no trigger is left pending.
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  EXPECT_EQ(service->CyclesCompleted(), 2u);
  EXPECT_EQ(fake_.reasons(), (std::vector<std::string>{"startup", "tree-change"}));
}

TEST_F(ServiceTest, FailuresRetryWithBackoffThenReturnToTheInterval) {
  fake_.Script({Outcome(CycleResult::kFailed, "", "throttled"), Outcome(CycleResult::kPartial),
                Outcome(CycleResult::kSuccess)});
  auto service = Make();  // backoff 20 ms, 40 ms; interval 1 h ± 10%
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  AdvanceIdle(19ms);
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  EXPECT_EQ(service->CyclesCompleted(), 1u) << "retried before the backoff";
  clock_.Advance(1ms);
  ASSERT_TRUE(WaitCycles(*service, 2));
  AdvanceIdle(39ms);  // the backoff doubled
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  EXPECT_EQ(service->CyclesCompleted(), 2u) << "retried before the doubled backoff";
  clock_.Advance(1ms);
  ASSERT_TRUE(WaitCycles(*service, 3));
  // Success: back to the interval, at least 54 minutes (1 h - 10%) away.
  AdvanceIdle(53min);
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  EXPECT_EQ(service->CyclesCompleted(), 3u);
  EXPECT_EQ(fake_.reasons(), (std::vector<std::string>{"startup", "retry", "retry"}));
}

TEST_F(ServiceTest, TheNextCycleStartsOneIntervalLaterWithinTheJitter) {
  ServiceOptions o = QuietOptions();
  o.interval = 10min;
  o.jitter = 0.1;
  auto service = Make(o);
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  AdvanceIdle(9min - 1ms);
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  EXPECT_EQ(service->CyclesCompleted(), 1u) << "a cycle before the interval minus the jitter";
  Clock::Duration waited = 9min - 1ms;
  while (service->CyclesCompleted() < 2 && waited < 12min) {
    AdvanceIdle(1s);
    waited += 1s;
    ASSERT_TRUE(clock_.AwaitWaiters(1));
  }
  EXPECT_EQ(service->CyclesCompleted(), 2u);
  EXPECT_LE(waited, 11min + 1s);
  EXPECT_EQ(fake_.reasons(), (std::vector<std::string>{"startup", "interval"}));
}

TEST_F(ServiceTest, TheIdleLoopBeatsEverySecond) {
  ServiceOptions o = QuietOptions();
  o.stale_after = 1500ms;
  auto service = Make(o);
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  for (int second = 0; second < 5; ++second) {
    ASSERT_TRUE(clock_.AwaitWaiters(1));
    EXPECT_LE(*clock_.NextDeadline() - clock_.Now(), 1s);
    clock_.Advance(1s);
  }
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  EXPECT_TRUE(service->Health().ok) << service->Health().detail;
  EXPECT_EQ(service->CyclesCompleted(), 1u);
}

TEST_F(ServiceTest, ShutdownLetsTheInFlightCycleFinishWithinGrace) {
  fake_.Hold();  // returns once it sees `stopping`, as apply does between actions
  auto service = Make();
  service->Start();
  ASSERT_TRUE(fake_.WaitEntered(5s));
  auto t0 = clock_.Now();
  EXPECT_TRUE(service->Shutdown(5s));  // returns with the clock standing still
  EXPECT_EQ(clock_.Now(), t0);
  EXPECT_TRUE(fake_.saw_stopping());
  EXPECT_FALSE(service->Health().ok);
}

TEST_F(ServiceTest, ShutdownGivesUpAfterGraceWhenTheCycleHangs) {
  fake_.Hold();
  fake_.set_ignore_stop(true);
  auto service = Make();
  service->Start();
  ASSERT_TRUE(fake_.WaitEntered(5s));
  auto shutdown = std::async(std::launch::async, [&] { return service->Shutdown(150ms); });
  AdvanceIdle(149ms);  // the loop is in the cycle: only Shutdown waits on the clock
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  EXPECT_EQ(shutdown.wait_for(0s), std::future_status::timeout) << "gave up before the grace";
  clock_.Advance(1ms);
  EXPECT_FALSE(shutdown.get());
  fake_.Release();  // the destructor joins once the cycle ends
}

TEST_F(ServiceTest, HealthNeedsARunningLoopWithAFreshHeartbeat) {
  ServiceOptions o = QuietOptions();
  o.stale_after = 150ms;
  fake_.Hold();
  fake_.set_ignore_stop(true);
  auto service = Make(o);
  EXPECT_FALSE(service->Health().ok);  // not started
  service->Start();
  ASSERT_TRUE(fake_.WaitEntered(5s));
  clock_.Advance(100ms);
  EXPECT_TRUE(service->Health().ok);
  clock_.Advance(100ms);  // a cycle stuck without progress
  Probe stale = service->Health();
  EXPECT_FALSE(stale.ok);
  EXPECT_NE(stale.detail.find("stale"), std::string::npos) << stale.detail;
  fake_.Release();
  ASSERT_TRUE(WaitCycles(*service, 1));
  EXPECT_TRUE(service->Health().ok);
  service->Shutdown(5s);
}

TEST_F(ServiceTest, OutcomesBecomeMetrics) {
  CycleOutcome first = Outcome(CycleResult::kPartial, "", "1 action failed");
  first.drifted = {{"BackupPlan", 2}, {"BackupVaultNotifications", 1}};
  first.actions = {{"update", "BackupPlan", "daily", "done", "", ""},
                   {"create", "BackupVault", "v1", "done", "", ""},
                   {"create", "BackupSelection", "daily/s", "failed", "AccessDenied", ""},
                   {"delete", "BackupVault", "old", "blocked", "has recovery points", ""}};
  CycleOutcome observed = Outcome(CycleResult::kSuccess);
  observed.drifted = {{"BackupVault", 1}};
  observed.actions = {{"update", "BackupVault", "v1", "pending", "", ""}};
  fake_.Script({first, observed});
  ServiceOptions o = QuietOptions();
  o.backoff_initial = std::chrono::hours(1);  // the second cycle runs only when triggered
  auto service = Make(o);
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  EXPECT_EQ(metrics_.Value(kMetricDrifted, {{"kind", "BackupPlan"}}), 2);
  EXPECT_EQ(metrics_.Value(kMetricDrifted, {{"kind", "BackupVaultNotifications"}}), 1);
  EXPECT_EQ(metrics_.Value(kMetricActions,
                           {{"type", "update"}, {"kind", "BackupPlan"}, {"result", "done"}}),
            1);
  EXPECT_EQ(metrics_.Value(kMetricActions,
                           {{"type", "create"}, {"kind", "BackupSelection"}, {"result", "failed"}}),
            1);
  EXPECT_EQ(metrics_.Value(kMetricActions,
                           {{"type", "delete"}, {"kind", "BackupVault"}, {"result", "blocked"}}),
            1);
  EXPECT_EQ(metrics_.Value(kMetricLastSuccess, {}), 0);

  service->Trigger("webhook");
  ASSERT_TRUE(WaitCycles(*service, 2));
  EXPECT_EQ(metrics_.Value(kMetricDrifted, {{"kind", "BackupPlan"}}), 0);  // repaired
  EXPECT_EQ(metrics_.Value(kMetricDrifted, {{"kind", "BackupVault"}}), 1);
  EXPECT_EQ(metrics_.Value(kMetricActions,
                           {{"type", "update"}, {"kind", "BackupVault"}, {"result", "pending"}}),
            0);  // observed drift is not an action taken
  EXPECT_GT(metrics_.Value(kMetricLastSuccess, {}), 1.6e9);
  EXPECT_NE(metrics_.Render().find("backupctl_cycle_duration_seconds_count 2\n"),
            std::string::npos);
}

TEST_F(ServiceTest, AFailedReadLeavesTheDriftGaugesAlone) {
  CycleOutcome drift = Outcome(CycleResult::kSuccess);
  drift.drifted = {{"BackupPlan", 3}};
  fake_.Script({drift, Outcome(CycleResult::kFailed, "", "ListBackupPlans: 503")});
  auto service = Make();
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  service->Trigger("sighup");
  ASSERT_TRUE(WaitCycles(*service, 2));
  EXPECT_EQ(metrics_.Value(kMetricDrifted, {{"kind", "BackupPlan"}}), 3);
}

TEST_F(ServiceTest, AThrowingReconcilerCountsAsAFailedCycle) {
  fake_.Script({Outcome(CycleResult::kFailed, "", "throw")});
  auto service = Make();
  service->Start();
  ASSERT_TRUE(WaitCycles(*service, 1));
  EXPECT_EQ(metrics_.Value(kMetricCycles, {{"result", "failed"}}), 1);
  EXPECT_NE(service->Readiness().detail.find("boom"), std::string::npos);
  EXPECT_TRUE(service->Health().ok);
}

}  // namespace
}  // namespace backupctl

namespace backupctl {
namespace {

TEST(ParseDurationTest, AcceptsUnitsAndSums) {
  EXPECT_EQ(ParseDuration("500ms")->count(), 500);
  EXPECT_EQ(ParseDuration("30s")->count(), 30000);
  EXPECT_EQ(ParseDuration("5m")->count(), 300000);
  EXPECT_EQ(ParseDuration("1h")->count(), 3600000);
  EXPECT_EQ(ParseDuration("1m30s")->count(), 90000);
  EXPECT_EQ(ParseDuration("0s")->count(), 0);
  for (const char* bad : {"", "5", "m", "5x", "-5s", "1.5m", "5m ", " 5m", "10000000000s"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
  }
}

TEST(ParseFractionTest, AcceptsPercentOrFraction) {
  EXPECT_DOUBLE_EQ(*ParseFraction("10%"), 0.1);
  EXPECT_DOUBLE_EQ(*ParseFraction("0%"), 0);
  EXPECT_DOUBLE_EQ(*ParseFraction("0.25"), 0.25);
  EXPECT_DOUBLE_EQ(*ParseFraction("100%"), 1);
  for (const char* bad : {"", "%", "150%", "2", "-1%", "ten", "1e-1", "5%%"}) {
    EXPECT_FALSE(ParseFraction(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace backupctl
