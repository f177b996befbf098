// Each example tree goes plan -> apply -> plan (zero changes) in-process
// against a fresh LocalAccount, and a re-apply makes no write call.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "desired/loader.h"
#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ExampleTrees() {
  std::vector<std::string> trees;
  fs::path root = fs::path(BACKUPCTL_SOURCE_DIR) / "examples";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (fs::exists(entry.path() / "backupctl.yaml")) trees.push_back(entry.path().string());
  }
  std::sort(trees.begin(), trees.end());
  return trees;
}

class Examples : public ::testing::TestWithParam<std::string> {};

TEST(ExampleTrees, Exist) { EXPECT_FALSE(ExampleTrees().empty()) << "no trees under examples/"; }

// One account: plan, apply, plan again (nothing), and a re-run writes nothing.
void ConvergeOneAccount(const DesiredState& desired, AccountOptions account_options) {
  LocalAccount account{account_options};
  testing::RecordingApi api(account);
  ReconcileOptions options = testing::TestOptions(account);
  ActionPlan first = testing::PlanOrDie(api, desired, options);
  EXPECT_TRUE(Summarize(first).HasChanges());
  ApplyReport report = Apply(first, api, options.apply);
  ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
  ActionPlan second = testing::PlanOrDie(api, desired, options);
  EXPECT_TRUE(second.actions.empty()) << RenderPlanText(second, false);
  api.Clear();
  testing::PlanAndApply(api, desired, options);
  EXPECT_EQ(api.writes(), 0);
}

TEST_P(Examples, ConvergesAndStaysConverged) {
  const std::string& tree = GetParam();
  LoadResult loaded = LoadTree(tree);
  ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].ToString());
  if (loaded.targets.empty()) {
    ConvergeOneAccount(loaded.state, AccountOptions{});
    return;
  }
  for (const PlacedTarget& target : loaded.targets) {  // each target is its own account
    SCOPED_TRACE("target " + target.spec.name);
    AccountOptions account;
    account.account_id = target.spec.account_id;
    account.region = target.spec.region;
    ConvergeOneAccount(target.state, account);
  }
}

INSTANTIATE_TEST_SUITE_P(Trees, Examples, ::testing::ValuesIn(ExampleTrees()),
                         [](const auto& info) {
                           std::string name = fs::path(info.param).filename().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace backupctl
