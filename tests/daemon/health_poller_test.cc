#include "daemon/health_poller.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "daemon/daemon_metrics.h"
#include "providers/local/account.h"
#include "tests/support/wait_until.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using backupctl::testing::WaitUntil;
using std::chrono::milliseconds;

// examples/minimal applied to a local account; the poller reads its jobs.
class HealthPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("backupctl-hp-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "minimal", dir_,
             fs::copy_options::recursive);
    DefineDaemonMetrics(&metrics_, "test");
    DefineHealthMetrics(&metrics_);
    TreeReconcilerOptions options;
    options.dir = dir_.string();
    TreeReconciler reconciler(options, Factory());
    std::atomic<bool> stopping{false};
    CycleRequest request;
    request.cycle_id = "setup";
    request.reason = "test";
    request.stopping = &stopping;
    ASSERT_EQ(reconciler.Reconcile(request).result, CycleResult::kSuccess);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ApiFactory Factory() {
    return [this](const DesiredState&, std::string*) -> std::optional<TargetApi> {
      return TargetApi{account_, nullptr, "local (test)"};
    };
  }
  bool Exports() {
    return metrics_.Render().find(std::string(kMetricRuleStale) + "{") != std::string::npos;
  }

  fs::path dir_;
  std::shared_ptr<LocalAccount> account_ = std::make_shared<LocalAccount>(AccountOptions{});
  MetricsRegistry metrics_;
};

TEST_F(HealthPollerTest, OwnerExportsRuleSeries) {
  HealthPoller poller(dir_.string(), milliseconds(100), Factory(), &metrics_);
  EXPECT_TRUE(poller.PollOnce());
  EXPECT_TRUE(Exports()) << metrics_.Render();
}

// A replica that does not own the target exports no job series, and drops the
// ones it exported while it did, so an alert fires once, not once per replica.
TEST_F(HealthPollerTest, ReplicaThatDoesNotOwnTheTargetExportsNothing) {
  std::atomic<bool> owns{false};
  std::atomic<int> asked{0};
  HealthPoller poller(dir_.string(), milliseconds(100), Factory(), &metrics_);
  poller.OnlyWhen([&] {
    ++asked;
    return owns.load();
  });
  poller.Start();
  ASSERT_TRUE(WaitUntil([&] { return asked >= 3; }, std::chrono::seconds(20)));
  EXPECT_FALSE(Exports()) << metrics_.Render();

  owns = true;
  ASSERT_TRUE(WaitUntil([&] { return Exports(); }, std::chrono::seconds(20)));

  owns = false;
  EXPECT_TRUE(WaitUntil([&] { return !Exports(); }, std::chrono::seconds(20))) << metrics_.Render();
  poller.Stop();
}

}  // namespace
}  // namespace backupctl
