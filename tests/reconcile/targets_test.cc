// Trees with targets: planning every target, the one graph they apply as, and
// the guard on vaults another target copies into (reconcile/targets.h).

#include "reconcile/targets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "providers/local/account.h"
#include "reconcile/render_targets.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using ::testing::Contains;

PlacedTarget MakeTarget(const std::string& name, const std::string& account,
                        const std::string& region) {
  PlacedTarget t;
  t.spec = {name, account, region, "aws", {}, std::nullopt, std::nullopt};
  t.state.project.stack = "org";
  return t;
}

std::string VaultArn(const PlacedTarget& t, const std::string& vault) {
  return "arn:aws:backup:" + t.spec.region + ":" + t.spec.account_id + ":backup-vault:" + vault;
}

BackupPlanSpec CopyingPlan(const std::string& into_arn) {
  BackupPlanSpec plan;
  plan.name = "daily";
  Rule rule;
  rule.name = "r";
  rule.target_vault = "app";
  rule.copy_actions.push_back({into_arn, LifecycleSpec{std::nullopt, 35, std::nullopt}});
  plan.rules.push_back(rule);
  return plan;
}

const Action* Find(const ActionPlan& plan, const std::string& id) {
  auto it = std::find_if(plan.actions.begin(), plan.actions.end(),
                         [&](const Action& a) { return a.id == id; });
  return it == plan.actions.end() ? nullptr : &*it;
}

class TargetsTest : public ::testing::Test {
 protected:
  TargetsTest()
      : central_account_(Options("111111111111", "eu-central-1")),
        app_account_(Options("222222222222", "eu-west-1")) {
    targets_.push_back(MakeTarget("central", "111111111111", "eu-central-1"));
    targets_.push_back(MakeTarget("app", "222222222222", "eu-west-1"));
    options_.reconcile = testing::TestOptions(app_account_);
  }
  static AccountOptions Options(const std::string& account, const std::string& region) {
    AccountOptions o;
    o.account_id = account;
    o.region = region;
    return o;
  }
  TargetsPlan Plan() {
    return PlanTargets(targets_, {&central_account_, &app_account_}, {"", ""}, options_);
  }

  LocalAccount central_account_, app_account_;
  std::vector<PlacedTarget> targets_;
  TargetsOptions options_;
};

TEST_F(TargetsTest, APlanCopyingIntoAnotherTargetWaitsForItsVaultAndPolicy) {
  targets_[0].state.vaults.push_back({"central", std::nullopt, {}, std::nullopt});
  nlohmann::json policy = nlohmann::json::parse(R"({"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
       "Action": "backup:CopyIntoBackupVault", "Resource": "*"}]})");
  targets_[0].state.access_policies.push_back({"central", policy});
  targets_[1].state.vaults.push_back({"app", std::nullopt, {}, std::nullopt});
  targets_[1].state.plans.push_back(CopyingPlan(VaultArn(targets_[0], "central")));
  TargetsPlan plan = Plan();
  ASSERT_EQ(plan.failed(), 0);
  ActionPlan merged = MergeTargetPlans(plan);
  const Action* daily = Find(merged, "app/plan:daily");
  ASSERT_NE(daily, nullptr);
  EXPECT_EQ(daily->target, "app");
  EXPECT_THAT(daily->depends_on, Contains("central/vault:central"));
  EXPECT_THAT(daily->depends_on, Contains("central/policy:central"));
  EXPECT_THAT(daily->depends_on, Contains("app/vault:app"));

  TargetsApply applied = ApplyTargets(plan, options_);
  EXPECT_TRUE(applied.report.ok()) << applied.report.failed;
  EXPECT_EQ(applied.by_target.at("central").done, 2);
  EXPECT_EQ(applied.by_target.at("app").done, 2);
  EXPECT_GT(applied.by_target.at("app").write_calls, 0);
  // Each account holds only its own.
  EXPECT_EQ(central_account_.Snapshot().vaults.size(), 1u);
  EXPECT_EQ(app_account_.Snapshot().vaults.size(), 1u);
  TargetsPlan again = Plan();
  EXPECT_FALSE(SummarizeTargets(again).HasChanges());
}

TEST_F(TargetsTest, AVaultAnotherTargetCopiesIntoIsNeverPruned) {
  targets_[0].state.vaults.push_back({"central", std::nullopt, {}, std::nullopt});
  targets_[0].state.vaults.push_back({"keep", std::nullopt, {}, std::nullopt});
  ASSERT_EQ(ApplyTargets(Plan(), options_).report.failed, 0);
  // central is no longer declared, but app's plan still copies into it.
  targets_[0].state.vaults.erase(targets_[0].state.vaults.begin());
  targets_[1].state.vaults.push_back({"app", std::nullopt, {}, std::nullopt});
  targets_[1].state.plans.push_back(CopyingPlan(VaultArn(targets_[0], "central")));
  options_.reconcile.plan.prune = true;
  TargetsPlan plan = Plan();
  const Action* vault = Find(plan.targets[0].run.result.plan, "vault:central");
  ASSERT_NE(vault, nullptr);
  EXPECT_EQ(vault->type, ActionType::kBlocked);
  EXPECT_THAT(vault->reason,
              ::testing::HasSubstr("plan \"daily\" of target \"app\" copies into it"));
}

TEST_F(TargetsTest, ATargetThatCannotBeOpenedDoesNotStopTheOthers) {
  targets_[1].state.vaults.push_back({"app", std::nullopt, {}, std::nullopt});
  TargetsPlan plan =
      PlanTargets(targets_, {nullptr, &app_account_}, {"AccessDenied: no role", ""}, options_);
  EXPECT_EQ(plan.failed(), 1);
  EXPECT_EQ(plan.targets[0].run.error, "AccessDenied: no role");
  TargetsApply applied = ApplyTargets(plan, options_);
  EXPECT_EQ(applied.report.done, 1);
  EXPECT_EQ(app_account_.Snapshot().vaults.size(), 1u);
}

}  // namespace
}  // namespace backupctl
