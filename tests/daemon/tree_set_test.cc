#include "daemon/tree_set.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "daemon/daemon_metrics.h"
#include "providers/local/account.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

TEST(TargetNamesFor, OneTreeIsTheDefaultTargetSeveralAreNamedByTheirLastDirectory) {
  std::string error;
  EXPECT_EQ(*TargetNamesFor({"."}, &error), std::vector<std::string>{"default"});
  EXPECT_EQ(*TargetNamesFor({"trees/prod/", "/srv/trees/dev"}, &error),
            (std::vector<std::string>{"prod", "dev"}));
  EXPECT_FALSE(TargetNamesFor({"a/prod", "b/prod"}, &error));
  EXPECT_NE(error.find("\"prod\""), std::string::npos) << error;
  EXPECT_FALSE(TargetNamesFor({"prod", "."}, &error));
}

// Three trees, each its own account: a broken tree does not stop the others.
class TreeSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("backupctl-ts-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    for (const char* name : {"alpha", "beta", "gamma"}) {
      fs::create_directories(root_ / name);
      fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "minimal", root_ / name,
               fs::copy_options::recursive);
      accounts_[name] = std::make_shared<LocalAccount>(AccountOptions{});
    }
    DefineDaemonMetrics(&metrics_, "test");
  }
  void TearDown() override { fs::remove_all(root_); }

  std::unique_ptr<TreeSet> Make() {
    std::vector<TreeSet::Tree> trees;
    for (const auto& [name, account] : accounts_) {
      TreeReconcilerOptions options;
      options.dir = (root_ / name).string();
      options.target = name;
      options.reconcile.apply.consistency_retry_seconds = 1;
      auto a = account;
      trees.push_back(
          {name, std::make_unique<TreeReconciler>(options, [a](const DesiredState&, std::string*) {
             return std::optional<TargetApi>(TargetApi{a, nullptr, "local"});
           })});
    }
    return std::make_unique<TreeSet>(std::move(trees), &metrics_);
  }
  CycleOutcome Cycle(TreeSet& set) {
    CycleRequest request;
    request.cycle_id = "t-" + std::to_string(++cycle_);
    request.reason = "test";
    request.stopping = &stopping_;
    return set.Reconcile(request);
  }
  size_t Vaults(const std::string& name) {
    auto out = accounts_[name]->ListBackupVaults({});
    return out.ok() ? out.value().backup_vault_list.size() : 0;
  }

  fs::path root_;
  std::map<std::string, std::shared_ptr<LocalAccount>> accounts_;
  MetricsRegistry metrics_;
  std::atomic<bool> stopping_{false};
  int cycle_ = 0;
};

TEST_F(TreeSetTest, EveryTreeConvergesAndEachActionNamesItsTarget) {
  auto set = Make();
  CycleOutcome first = Cycle(*set);
  ASSERT_EQ(first.result, CycleResult::kSuccess) << first.error << first.load_error;
  EXPECT_EQ(first.actions.size(), 9u);  // vault, plan, selection per tree
  std::map<std::string, int> per_target;
  for (const ActionRecord& a : first.actions) ++per_target[a.target];
  EXPECT_EQ(per_target, (std::map<std::string, int>{{"alpha", 3}, {"beta", 3}, {"gamma", 3}}));
  EXPECT_EQ(first.drifted["BackupVault"], 3);
  for (const char* name : {"alpha", "beta", "gamma"}) {
    EXPECT_EQ(Vaults(name), 1u) << name;
    EXPECT_EQ(metrics_.Value(kMetricTargetCycleSuccess, {{"target", name}}), 1) << name;
  }
  CycleOutcome second = Cycle(*set);
  EXPECT_EQ(second.result, CycleResult::kSuccess);
  EXPECT_TRUE(second.actions.empty());
}

TEST_F(TreeSetTest, ABrokenTreeIsNamedAndTheOthersStillConverge) {
  std::ofstream(root_ / "beta" / "backup.yaml")
      << "apiVersion: backupctl/v1\nkind: BackupPlan\nmetadata: [unclosed\n";
  auto set = Make();
  CycleOutcome outcome = Cycle(*set);
  EXPECT_EQ(outcome.result, CycleResult::kLoadError);
  EXPECT_EQ(outcome.load_error.rfind("target beta: ", 0), 0u) << outcome.load_error;
  EXPECT_NE(outcome.load_error.find("backup.yaml:"), std::string::npos) << outcome.load_error;
  EXPECT_EQ(Vaults("alpha"), 1u);
  EXPECT_EQ(Vaults("beta"), 0u);
  EXPECT_EQ(Vaults("gamma"), 1u);
  EXPECT_EQ(metrics_.Value(kMetricTargetCycleSuccess, {{"target", "beta"}}), 0);
  EXPECT_EQ(metrics_.Value(kMetricTargetCycleSuccess, {{"target", "gamma"}}), 1);
}

// With a gate, a replica reconciles only the trees it owns and drops the
// success series of the others.
TEST_F(TreeSetTest, AGateLimitsTheCycleToTheTreesThisReplicaOwns) {
  TargetGate gate;
  gate.owns = [](const std::string& t) { return t == "gamma"; };
  gate.begin_write = [](const std::string&, std::string*) {
    return std::shared_ptr<void>(std::make_shared<int>(0));
  };
  std::vector<TreeSet::Tree> trees;
  for (const auto& [name, account] : accounts_) {
    TreeReconcilerOptions options;
    options.dir = (root_ / name).string();
    options.target = name;
    options.gate = gate;
    auto a = account;
    trees.push_back(
        {name, std::make_unique<TreeReconciler>(options, [a](const DesiredState&, std::string*) {
           return std::optional<TargetApi>(TargetApi{a, nullptr, "local"});
         })});
  }
  metrics_.DefineGauge(kMetricTargetCycleSuccess, "");
  metrics_.Set(kMetricTargetCycleSuccess, {{"target", "alpha"}}, 1);  // from when it owned alpha
  TreeSet set(std::move(trees), &metrics_);
  CycleOutcome outcome = Cycle(set);
  EXPECT_EQ(outcome.result, CycleResult::kSuccess) << outcome.error;
  EXPECT_EQ(Vaults("alpha"), 0u);
  EXPECT_EQ(Vaults("gamma"), 1u);
  EXPECT_EQ(metrics_.Render().find("target=\"alpha\""), std::string::npos) << metrics_.Render();
}

}  // namespace
}  // namespace backupctl
