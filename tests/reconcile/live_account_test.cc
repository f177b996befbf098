// target.accountId against the live account (CheckLiveAccount, reconcile.h):
// plan and a saved plan's apply refuse, changing nothing, when the ARNs the
// lists return are in another account or region; an empty account has
// nothing to contradict.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reconcile/reconcile.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using ::testing::HasSubstr;

DesiredState Pinned(const std::string& account, const std::string& region = "us-east-1") {
  DesiredState desired = testing::SmallTree();
  desired.project.target.account_id = account;
  desired.project.target.region = region;
  return desired;
}

size_t VaultCount(LocalAccount& account) {
  auto list = account.ListBackupVaults({});
  EXPECT_TRUE(list.ok());
  return list.ok() ? list.value().backup_vault_list.size() : 0;
}

TEST(LiveAccount, AnEmptyAccountHasNothingToContradict) {
  LocalAccount account{AccountOptions{}};
  PlanRun run = PlanAgainst(account, Pinned("999999999999"), testing::TestOptions(account));
  EXPECT_TRUE(run.ok()) << run.error;
  EXPECT_TRUE(run.live.arn_places.empty());
}

TEST(LiveAccount, ArnsOfAnotherAccountOrRegionRefuseThePlan) {
  LocalAccount account{AccountOptions{}};  // 123456789012, us-east-1
  ASSERT_TRUE(account.CreateBackupVault({"hand-made", {}, std::nullopt, std::nullopt}).ok());
  const ReconcileOptions options = testing::TestOptions(account);

  PlanRun same = PlanAgainst(account, Pinned("123456789012"), options);
  EXPECT_TRUE(same.ok()) << same.error;
  EXPECT_FALSE(same.result.plan.actions.empty());

  PlanRun other = PlanAgainst(account, Pinned("999999999999"), options);
  EXPECT_EQ(other.error,
            "target.accountId is 999999999999 but the credentials reach account 123456789012 "
            "(arn:aws:backup:us-east-1:123456789012:backup-vault:hand-made): nothing was planned "
            "or changed; check the profile and credentials, or the tree");
  EXPECT_TRUE(other.result.plan.actions.empty());

  PlanRun region = PlanAgainst(account, Pinned("123456789012", "eu-west-1"), options);
  EXPECT_THAT(region.error, HasSubstr("target.region is eu-west-1 but the account read is in "
                                      "us-east-1 (arn:aws:backup:us-east-1:123456789012:"));

  DesiredState unpinned = testing::SmallTree();
  EXPECT_TRUE(PlanAgainst(account, unpinned, options).ok()) << "no accountId, no check";
}

TEST(LiveAccount, ASavedPlanKeepsTheAccountAndIsRefusedElsewhere) {
  LocalAccount planned{AccountOptions{}};
  ASSERT_TRUE(planned.CreateBackupVault({"hand-made", {}, std::nullopt, std::nullopt}).ok());
  const DesiredState desired = Pinned("123456789012");
  PlanRun run = PlanAgainst(planned, desired, testing::TestOptions(planned));
  ASSERT_TRUE(run.ok()) << run.error;
  const std::string path =
      ::testing::TempDir() + "/live-account-" + std::to_string(::getpid()) + ".json";
  std::ofstream(path)
      << SavedPlanToJson(run.result.plan, desired, FingerprintLive(desired, run.live)).dump();
  SavedPlan saved;
  std::string error;
  ASSERT_TRUE(LoadSavedPlan(path, &saved, &error)) << error;
  std::filesystem::remove(path);
  EXPECT_EQ(saved.desired.project.target.account_id, "123456789012");

  AccountOptions elsewhere;
  elsewhere.account_id = "222222222222";
  LocalAccount other{elsewhere};
  ASSERT_TRUE(other.CreateBackupVault({"hand-made", {}, std::nullopt, std::nullopt}).ok());
  SavedApplyRun applied = ApplySaved(other, saved, testing::TestOptions(other));
  EXPECT_THAT(applied.error, HasSubstr("target.accountId is 123456789012 but the credentials "
                                       "reach account 222222222222"));
  EXPECT_TRUE(applied.report.outcomes.empty());
  EXPECT_EQ(VaultCount(other), 1u) << "nothing was created";
}

}  // namespace
}  // namespace backupctl
