#include "daemon/tree_reconciler.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "daemon/daemon_metrics.h"
#include "providers/local/account.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

class TreeReconcilerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("backupctl-tr-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "minimal", dir_,
             fs::copy_options::recursive);
    DefineDaemonMetrics(&metrics_, "test");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<TreeReconciler> Make(bool prune) {
    TreeReconcilerOptions options;
    options.dir = dir_.string();
    options.reconcile.plan.prune = prune;
    options.reconcile.apply.consistency_retry_seconds = 1;
    return std::make_unique<TreeReconciler>(
        options, [this](const DesiredState&, std::string*) -> std::optional<TargetApi> {
          ++factory_calls_;
          return TargetApi{account_, &observer_, "local (test)"};
        });
  }
  CycleOutcome Cycle(TreeReconciler& r, bool observe = false) {
    CycleRequest request;
    request.cycle_id = "t-" + std::to_string(++cycle_);
    request.reason = "test";
    request.observe = observe;
    request.stopping = &stopping_;
    return r.Reconcile(request);
  }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  size_t VaultCount() {
    auto out = account_->ListBackupVaults({});
    EXPECT_TRUE(out.ok());
    return out.ok() ? out.value().backup_vault_list.size() : 0;
  }
  std::vector<BackupSelectionsListMember> Selections() {
    auto plans = account_->ListBackupPlans({});
    EXPECT_TRUE(plans.ok());
    if (!plans.ok() || plans.value().backup_plans_list.empty()) return {};
    ListBackupSelectionsInput in;
    in.backup_plan_id = plans.value().backup_plans_list[0].backup_plan_id;
    auto sel = account_->ListBackupSelections(in);
    EXPECT_TRUE(sel.ok());
    return sel.ok() ? sel.value().backup_selections_list
                    : std::vector<BackupSelectionsListMember>{};
  }
  static int Count(const CycleOutcome& o, const std::string& result) {
    int n = 0;
    for (const auto& a : o.actions) n += a.result == result ? 1 : 0;
    return n;
  }

  fs::path dir_;
  std::shared_ptr<LocalAccount> account_ = std::make_shared<LocalAccount>(AccountOptions{});
  MetricsRegistry metrics_;
  ApiMetricsObserver observer_{&metrics_};
  std::atomic<bool> stopping_{false};
  int factory_calls_ = 0;
  int cycle_ = 0;
};

TEST_F(TreeReconcilerTest, ConvergesThenSteadyStateDoesNothing) {
  auto r = Make(false);
  CycleOutcome first = Cycle(*r);
  ASSERT_EQ(first.result, CycleResult::kSuccess) << first.error << first.load_error;
  EXPECT_EQ(Count(first, "done"), 3);  // vault, plan, selection
  EXPECT_EQ(first.drifted["BackupVault"], 1);
  EXPECT_EQ(VaultCount(), 1u);

  CycleOutcome second = Cycle(*r);
  EXPECT_EQ(second.result, CycleResult::kSuccess) << second.error;
  EXPECT_TRUE(second.actions.empty());
  EXPECT_TRUE(second.drifted.empty());
  EXPECT_TRUE(second.live_read);
  EXPECT_GT(r->cached_entries(), 0u);  // plan document and selection kept warm
  EXPECT_EQ(factory_calls_, 1);        // one API for the daemon's life
  // The in-process target's calls still reach /metrics.
  EXPECT_GE(
      metrics_.Value(kMetricApiRequests, {{"operation", "ListBackupVaults"}, {"status", "200"}}),
      2);
}

TEST_F(TreeReconcilerTest, BrokenTreeKeepsTheLastGoodOneAndDeletesNothing) {
  auto r = Make(true);
  ASSERT_EQ(Cycle(*r).result, CycleResult::kSuccess);
  // A bad commit that also "removes" everything: the vault doc is gone, the rest is junk.
  Write("backup.yaml", "apiVersion: backupctl/v1\nkind: BackupPlan\nmetadata: [unclosed\n");
  CycleOutcome broken = Cycle(*r);
  EXPECT_EQ(broken.result, CycleResult::kLoadError);
  EXPECT_NE(broken.load_error.find("backup.yaml:"), std::string::npos) << broken.load_error;
  EXPECT_EQ(Count(broken, "done"), 0);
  EXPECT_EQ(VaultCount(), 1u);
  EXPECT_EQ(Selections().size(), 1u);
  EXPECT_TRUE(broken.live_read);  // the last good tree is still reconciled
}

TEST_F(TreeReconcilerTest, LastGoodTreeStillRepairsDriftWhileTheTreeIsBroken) {
  auto r = Make(false);
  ASSERT_EQ(Cycle(*r).result, CycleResult::kSuccess);
  auto selections = Selections();
  ASSERT_EQ(selections.size(), 1u);
  ASSERT_TRUE(
      account_->DeleteBackupSelection({selections[0].backup_plan_id, selections[0].selection_id})
          .ok());
  Write("extra.yaml", "kind: [");
  CycleOutcome outcome = Cycle(*r);
  EXPECT_EQ(outcome.result, CycleResult::kLoadError);
  EXPECT_EQ(Count(outcome, "done"), 1);
  EXPECT_EQ(Selections().size(), 1u);
}

TEST_F(TreeReconcilerTest, NoGoodTreeYetMeansNothingIsDone) {
  Write("backup.yaml", "kind: [");
  auto r = Make(true);
  CycleOutcome outcome = Cycle(*r);
  EXPECT_EQ(outcome.result, CycleResult::kLoadError);
  EXPECT_FALSE(outcome.live_read);
  EXPECT_EQ(factory_calls_, 0);
  EXPECT_EQ(VaultCount(), 0u);
}

TEST_F(TreeReconcilerTest, AnEmptyTreeNeverPrunes) {
  auto r = Make(true);
  ASSERT_EQ(Cycle(*r).result, CycleResult::kSuccess);
  fs::remove(dir_ / "backup.yaml");  // backupctl.yaml alone: a valid, empty tree
  CycleOutcome outcome = Cycle(*r);
  EXPECT_NE(outcome.result, CycleResult::kLoadError) << outcome.load_error;
  for (const auto& a : outcome.actions) EXPECT_NE(a.type, "delete") << a.name;
  EXPECT_EQ(VaultCount(), 1u);
  EXPECT_EQ(Selections().size(), 1u);
}

TEST_F(TreeReconcilerTest, ObserveReportsDriftAndChangesNothing) {
  auto r = Make(false);
  ASSERT_EQ(Cycle(*r).result, CycleResult::kSuccess);
  auto selections = Selections();
  ASSERT_EQ(selections.size(), 1u);
  ASSERT_TRUE(
      account_->DeleteBackupSelection({selections[0].backup_plan_id, selections[0].selection_id})
          .ok());
  CycleOutcome observed = Cycle(*r, /*observe=*/true);
  EXPECT_EQ(observed.result, CycleResult::kSuccess);
  EXPECT_EQ(observed.drifted["BackupSelection"], 1);
  ASSERT_EQ(observed.actions.size(), 1u);
  EXPECT_EQ(observed.actions[0].result, "pending");
  EXPECT_EQ(observed.actions[0].type, "create");
  EXPECT_TRUE(Selections().empty());

  CycleOutcome repaired = Cycle(*r);
  EXPECT_EQ(Count(repaired, "done"), 1);
  EXPECT_EQ(Selections().size(), 1u);
}

TEST_F(TreeReconcilerTest, ShuttingDownSendsNothing) {
  auto r = Make(false);
  stopping_ = true;
  CycleOutcome outcome = Cycle(*r);
  EXPECT_EQ(outcome.result, CycleResult::kFailed);
  EXPECT_NE(outcome.error.find("ShuttingDown"), std::string::npos) << outcome.error;
  EXPECT_EQ(VaultCount(), 0u);
}

TEST_F(TreeReconcilerTest, TargetFailureIsAFailedCycle) {
  TreeReconcilerOptions options;
  options.dir = dir_.string();
  TreeReconciler r(options, [](const DesiredState&, std::string* error) {
    *error = "no region configured";
    return std::optional<TargetApi>();
  });
  CycleOutcome outcome = Cycle(r);
  EXPECT_EQ(outcome.result, CycleResult::kFailed);
  EXPECT_EQ(outcome.error, "target: no region configured");
}

}  // namespace
}  // namespace backupctl
