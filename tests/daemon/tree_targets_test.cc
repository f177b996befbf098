// TreeReconciler on a tree with targets (daemon/tree_targets.cc), and what
// the daemon makes of it: per-target metrics (TreeSet), readiness naming
// the failed targets (Service) and per-target job series (HealthPoller).

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>

#include "daemon/daemon_metrics.h"
#include "daemon/health_poller.h"
#include "daemon/tree_reconciler.h"
#include "daemon/tree_set.h"
#include "providers/local/account.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTargets = {"central", "shop-euw1", "shop-use1", "data-euw1",
                                           "data-use1"};

// examples/organisation against five in-memory accounts, one per target.
class TreeTargetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("backupctl-tt-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "organisation", root_ / "org",
             fs::copy_options::recursive);
    LoadResult tree = LoadTree((root_ / "org").string());
    ASSERT_TRUE(tree.ok());
    ASSERT_EQ(tree.targets.size(), kTargets.size());
    for (const PlacedTarget& t : tree.targets) {
      AccountOptions o;
      o.account_id = t.spec.account_id;
      o.region = t.spec.region;
      accounts_[t.spec.name] = std::make_shared<LocalAccount>(o);
    }
    DefineDaemonMetrics(&metrics_, "test");
  }
  void TearDown() override { fs::remove_all(root_); }

  TargetsApiFactory Factory() {
    return [this](const LoadResult& tree, std::string*) -> std::optional<TargetApis> {
      ++factory_calls_;
      TargetApis out;
      for (const PlacedTarget& t : tree.targets) {
        bool down = unreachable_.count(t.spec.name) != 0;
        out.targets.push_back(
            {down ? nullptr : accounts_[t.spec.name], nullptr, "local " + t.spec.name});
        out.errors.push_back(down ? "connection refused (test)" : "");
      }
      return out;
    };
  }
  std::unique_ptr<TreeReconciler> Make(const std::string& name = "org") {
    TreeReconcilerOptions options;
    options.dir = (root_ / name).string();
    options.target = name;
    options.reconcile.apply.consistency_retry_seconds = 1;
    return std::make_unique<TreeReconciler>(
        options,
        [](const DesiredState&, std::string* error) {
          *error = "a single-target tree was not expected";
          return std::optional<TargetApi>();
        },
        Factory());
  }
  CycleOutcome Cycle(TreeReconciler& r, bool observe = false) {
    return r.Reconcile(Request(observe));
  }
  CycleRequest Request(bool observe = false) {
    CycleRequest request;
    request.cycle_id = "t-" + std::to_string(++cycle_);
    request.reason = "test";
    request.observe = observe;
    request.stopping = &stopping_;
    return request;
  }
  size_t Vaults(const std::string& target) {
    auto out = accounts_[target]->ListBackupVaults({});
    return out.ok() ? out.value().backup_vault_list.size() : 0;
  }
  size_t Plans(const std::string& target) {
    auto out = accounts_[target]->ListBackupPlans({});
    return out.ok() ? out.value().backup_plans_list.size() : 0;
  }
  static const TargetOutcome* Find(const CycleOutcome& o, const std::string& target) {
    for (const TargetOutcome& t : o.targets) {
      if (t.target == target) return &t;
    }
    return nullptr;
  }

  fs::path root_;
  std::map<std::string, std::shared_ptr<LocalAccount>> accounts_;
  std::set<std::string> unreachable_;
  MetricsRegistry metrics_;
  std::atomic<bool> stopping_{false};
  int factory_calls_ = 0;
  int cycle_ = 0;
};

TEST_F(TreeTargetsTest, EveryTargetConvergesAndEachActionNamesItsTarget) {
  auto r = Make();
  CycleOutcome first = Cycle(*r);
  ASSERT_EQ(first.result, CycleResult::kSuccess) << first.error << first.load_error;
  ASSERT_EQ(first.targets.size(), kTargets.size());
  std::set<std::string> acted;
  for (const ActionRecord& a : first.actions) {
    EXPECT_EQ(a.result, "done") << a.target << " " << a.kind << " " << a.name << ": " << a.message;
    acted.insert(a.target);
  }
  EXPECT_EQ(acted, std::set<std::string>(kTargets.begin(), kTargets.end()));
  EXPECT_EQ(first.actions.size(), 19u);  // as `plan` counts examples/organisation
  for (const TargetOutcome& t : first.targets) {
    EXPECT_EQ(t.result, CycleResult::kSuccess) << t.target << ": " << t.error;
    EXPECT_TRUE(t.live_read);
    EXPECT_GT(t.drifted, 0) << t.target;
  }
  EXPECT_EQ(Vaults("central"), 1u);
  EXPECT_EQ(Plans("central"), 0u);
  EXPECT_EQ(Plans("shop-euw1"), 1u);

  CycleOutcome second = Cycle(*r);
  EXPECT_EQ(second.result, CycleResult::kSuccess) << second.error;
  EXPECT_TRUE(second.actions.empty());
  for (const TargetOutcome& t : second.targets) EXPECT_EQ(t.drifted, 0) << t.target;
  EXPECT_EQ(factory_calls_, 1);  // the targets stay open across cycles
  EXPECT_GT(r->cached_entries(), 0u);
}

TEST_F(TreeTargetsTest, DriftInOneTargetIsRepairedThereAlone) {
  auto r = Make();
  ASSERT_EQ(Cycle(*r).result, CycleResult::kSuccess);
  auto plans = accounts_["data-use1"]->ListBackupPlans({});
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans.value().backup_plans_list.size(), 1u);
  DeleteBackupPlanInput del;
  del.backup_plan_id = plans.value().backup_plans_list[0].backup_plan_id;
  // A plan with selections cannot be deleted: take its selections first.
  ListBackupSelectionsInput list;
  list.backup_plan_id = del.backup_plan_id;
  auto selections = accounts_["data-use1"]->ListBackupSelections(list);
  ASSERT_TRUE(selections.ok());
  for (const auto& s : selections.value().backup_selections_list) {
    ASSERT_TRUE(
        accounts_["data-use1"]->DeleteBackupSelection({s.backup_plan_id, s.selection_id}).ok());
  }
  ASSERT_TRUE(accounts_["data-use1"]->DeleteBackupPlan(del).ok());

  CycleOutcome repaired = Cycle(*r);
  ASSERT_EQ(repaired.result, CycleResult::kSuccess) << repaired.error;
  ASSERT_FALSE(repaired.actions.empty());
  for (const ActionRecord& a : repaired.actions) {
    EXPECT_EQ(a.target, "data-use1") << a.kind << " " << a.name;
    EXPECT_EQ(a.result, "done");
  }
  EXPECT_GT(Find(repaired, "data-use1")->drifted, 0);
  EXPECT_EQ(Find(repaired, "data-euw1")->drifted, 0);
  EXPECT_EQ(Plans("data-use1"), 1u);
}

TEST_F(TreeTargetsTest, ATargetThatCannotBeOpenedDoesNotStopTheOthers) {
  unreachable_ = {"shop-use1"};
  auto r = Make();
  CycleOutcome outcome = Cycle(*r);
  EXPECT_EQ(outcome.result, CycleResult::kPartial);
  const TargetOutcome* down = Find(outcome, "shop-use1");
  ASSERT_NE(down, nullptr);
  EXPECT_EQ(down->result, CycleResult::kFailed);
  EXPECT_FALSE(down->live_read);
  EXPECT_NE(down->error.find("connection refused"), std::string::npos) << down->error;
  EXPECT_NE(outcome.error.find("target shop-use1: connection refused"), std::string::npos)
      << outcome.error;
  for (std::string name : {"central", "shop-euw1", "data-euw1", "data-use1"}) {
    EXPECT_EQ(Find(outcome, name)->result, CycleResult::kSuccess) << name;
  }
  EXPECT_EQ(Vaults("shop-use1"), 0u);
  EXPECT_EQ(Plans("data-use1"), 1u);

  unreachable_.clear();  // it is tried again the next cycle, and catches up
  CycleOutcome healed = Cycle(*r);
  EXPECT_EQ(healed.result, CycleResult::kSuccess) << healed.error;
  EXPECT_EQ(factory_calls_, 2);
  EXPECT_EQ(Vaults("shop-use1"), 2u);  // workload and dr
  EXPECT_EQ(Cycle(*r).result, CycleResult::kSuccess);
  EXPECT_EQ(factory_calls_, 2);
}

TEST_F(TreeTargetsTest, WhenNoTargetCanBeOpenedTheCycleFails) {
  unreachable_ = {kTargets.begin(), kTargets.end()};
  auto r = Make();
  CycleOutcome outcome = Cycle(*r);
  EXPECT_EQ(outcome.result, CycleResult::kFailed);
  EXPECT_FALSE(outcome.live_read);
  EXPECT_EQ(outcome.targets.size(), kTargets.size());
}

TEST_F(TreeTargetsTest, ObservingReportsEveryTargetsDriftAndWritesNothing) {
  auto r = Make();
  CycleOutcome observed = Cycle(*r, /*observe=*/true);
  ASSERT_EQ(observed.result, CycleResult::kSuccess) << observed.error;
  EXPECT_EQ(observed.actions.size(), 19u);
  for (const ActionRecord& a : observed.actions) {
    EXPECT_EQ(a.result, "pending");
    EXPECT_FALSE(a.target.empty());
  }
  for (const std::string& name : kTargets) {
    EXPECT_GT(Find(observed, name)->drifted, 0) << name;
    EXPECT_EQ(Vaults(name), 0u) << name;
  }
}

TEST_F(TreeTargetsTest, ShuttingDownWritesNothing) {
  auto r = Make();
  stopping_ = true;
  CycleOutcome outcome = Cycle(*r);
  EXPECT_EQ(outcome.result, CycleResult::kFailed);
  for (const std::string& name : kTargets) EXPECT_EQ(Vaults(name), 0u) << name;
}

TEST_F(TreeTargetsTest, ADaemonWithoutATargetsFactoryRefusesTheTreeAsALoadError) {
  TreeReconcilerOptions options;
  options.dir = (root_ / "org").string();
  TreeReconciler r(options,
                   [](const DesiredState&, std::string*) { return std::optional<TargetApi>(); });
  CycleOutcome outcome = Cycle(r);
  EXPECT_EQ(outcome.result, CycleResult::kLoadError);
  EXPECT_NE(outcome.load_error.find("tree with targets"), std::string::npos) << outcome.load_error;
}

TEST_F(TreeTargetsTest, MetricsCarryEachTargetsNameAndDropTargetsThatGo) {
  unreachable_ = {"data-use1"};
  std::vector<TreeSet::Tree> trees;
  trees.push_back({"org", Make()});
  TreeSet set(std::move(trees), &metrics_);
  CycleOutcome outcome = set.Reconcile(Request());
  EXPECT_EQ(outcome.result, CycleResult::kPartial);
  EXPECT_EQ(metrics_.Value(kMetricTargetCycleSuccess, {{"target", "central"}}), 1);
  EXPECT_EQ(metrics_.Value(kMetricTargetCycleSuccess, {{"target", "data-use1"}}), 0);
  EXPECT_GT(metrics_.Value(kMetricTargetDrifted, {{"target", "shop-euw1"}}), 0);
  EXPECT_EQ(metrics_.Render().find("backupctl_target_drifted_resources{target=\"data-use1\"}"),
            std::string::npos)
      << "a target that was not read has no drift figure";

  // The tree drops a target: its series go with it.
  fs::path yaml = root_ / "org" / "backupctl.yaml";
  std::string text;
  {
    std::ifstream in(yaml);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  size_t at = text.find("  - name: data-use1");
  ASSERT_NE(at, std::string::npos);
  std::ofstream(yaml) << text.substr(0, at);
  CycleOutcome after = set.Reconcile(Request());
  EXPECT_NE(after.result, CycleResult::kLoadError) << after.load_error;
  EXPECT_EQ(metrics_.Render().find("target=\"data-use1\""), std::string::npos);
  EXPECT_EQ(metrics_.Value(kMetricTargetCycleSuccess, {{"target", "data-euw1"}}), 1);
}

TEST_F(TreeTargetsTest, InADaemonOfSeveralTreesTargetsAreNamedTreeSlashTarget) {
  fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "minimal", root_ / "minimal",
           fs::copy_options::recursive);
  auto minimal = std::make_shared<LocalAccount>(AccountOptions{});
  TreeReconcilerOptions options;
  options.dir = (root_ / "minimal").string();
  options.target = "minimal";
  std::vector<TreeSet::Tree> trees;
  trees.push_back({"org", Make()});
  trees.push_back(
      {"minimal",
       std::make_unique<TreeReconciler>(options, [minimal](const DesiredState&, std::string*) {
         return std::optional<TargetApi>(TargetApi{minimal, nullptr, "local"});
       })});
  TreeSet set(std::move(trees), &metrics_);
  CycleOutcome outcome = set.Reconcile(Request());
  ASSERT_EQ(outcome.result, CycleResult::kSuccess) << outcome.error;
  std::set<std::string> names;
  for (const TargetOutcome& t : outcome.targets) names.insert(t.target);
  EXPECT_EQ(names, (std::set<std::string>{"org/central", "org/shop-euw1", "org/shop-use1",
                                          "org/data-euw1", "org/data-use1", "minimal"}));
  EXPECT_EQ(metrics_.Value(kMetricTargetCycleSuccess, {{"target", "org/central"}}), 1);
  EXPECT_EQ(metrics_.Value(kMetricTargetCycleSuccess, {{"target", "minimal"}}), 1);
}

TEST_F(TreeTargetsTest, TheHealthPollerLabelsEachTargetsSeries) {
  auto r = Make();
  ASSERT_EQ(Cycle(*r).result, CycleResult::kSuccess);
  DefineHealthMetrics(&metrics_);
  HealthPoller poller((root_ / "org").string(), std::chrono::hours(1),
                      [](const DesiredState&, std::string* error) {
                        *error = "not expected";
                        return std::optional<TargetApi>();
                      },
                      &metrics_);
  poller.PollTargetsWith(Factory());
  EXPECT_TRUE(poller.PollOnce());
  std::string text = metrics_.Render();
  for (std::string name : {"shop-euw1", "data-use1"}) {
    EXPECT_NE(text.find(std::string(kMetricRuleStale) + "{plan=\"daily\",rule=\"daily\",target=\"" +
                        name + "\"}"),
              std::string::npos)
        << name << "\n"
        << text;
  }
}

}  // namespace
}  // namespace backupctl
