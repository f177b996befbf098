// LocalAccount: admin methods (denials, clock, write counter) and a
// thread-safety smoke test.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "providers/local/account.h"
#include "tests/local/account_test_util.h"

namespace backupctl {
namespace {

TEST(AccountAdminTest, DenyOperationForOneResourceOrAll) {
  LocalAccount account{AccountOptions{}};
  Ok(account.CreateBackupVault(VaultInput("open-vault")));
  Ok(account.CreateBackupVault(VaultInput("secret-vault")));
  Ok(account.PutBackupVaultAccessPolicy({"secret-vault", R"({"Statement":[{"Effect":"Deny"}]})"}));
  account.DenyOperation("GetBackupVaultAccessPolicy", "secret-vault");

  auto denied = account.GetBackupVaultAccessPolicy({"secret-vault"});
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "AccessDeniedException");
  EXPECT_EQ(denied.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(denied.error().message,
            "User: arn:aws:iam::123456789012:user/test is not authorized to perform: "
            "backup:GetBackupVaultAccessPolicy on resource: "
            "arn:aws:backup:us-east-1:123456789012:backup-vault:secret-vault");
  // Denial comes before existence: a denied caller learns nothing.
  account.DenyOperation("DescribeBackupVault", "");
  EXPECT_EQ(CodeOf(account.DescribeBackupVault({"no-such-vault"})), "AccessDeniedException");
  EXPECT_EQ(CodeOf(account.DescribeBackupVault({"open-vault"})), "AccessDeniedException");
  // Other operations and resources are unaffected.
  EXPECT_EQ(CodeOf(account.GetBackupVaultAccessPolicy({"open-vault"})),
            "ResourceNotFoundException");
  Ok(account.ListBackupVaults({}));

  account.ClearDenials();
  Ok(account.GetBackupVaultAccessPolicy({"secret-vault"}));
  Ok(account.DescribeBackupVault({"open-vault"}));
}

TEST(AccountAdminTest, DenyByPlanIdAndArn) {
  LocalAccount account{AccountOptions{}};
  Ok(account.CreateBackupVault(VaultInput("vv")));
  auto plan = Ok(account.CreateBackupPlan(PlanInput("p", "vv")));
  account.DenyOperation("GetBackupPlan", plan.backup_plan_id);
  account.DenyOperation("ListTags", plan.backup_plan_arn);
  GetBackupPlanInput get{plan.backup_plan_id, std::nullopt};
  EXPECT_EQ(CodeOf(account.GetBackupPlan(get)), "AccessDeniedException");
  EXPECT_EQ(CodeOf(account.ListTags(TagsIn(plan.backup_plan_arn))), "AccessDeniedException");
  EXPECT_EQ(CodeOf(account.CreateBackupPlan(PlanInput("q", "vv"))), "OK");
  // A denied write changes nothing.
  account.DenyOperation("CreateBackupVault", "");
  EXPECT_EQ(CodeOf(account.CreateBackupVault(VaultInput("new-vault"))), "AccessDeniedException");
  EXPECT_EQ(account.Snapshot().vaults.size(), 1u);
}

TEST(AccountAdminTest, WriteCountCountsMutatingCallsOnly) {
  LocalAccount account{AccountOptions{}};
  EXPECT_EQ(account.WriteCount(), 0u);
  Ok(account.CreateBackupVault(VaultInput("vv")));
  EXPECT_EQ(account.WriteCount(), 1u);
  Ok(account.DescribeBackupVault({"vv"}));
  Ok(account.ListBackupVaults({}));
  ListBackupPlansInput plans;
  Ok(account.ListBackupPlans(plans));
  EXPECT_EQ(account.WriteCount(), 1u);
  EXPECT_FALSE(account.CreateBackupVault(VaultInput("vv")).ok());  // failed writes count too
  EXPECT_EQ(account.WriteCount(), 2u);
  Ok(account.SeedRecoveryPoints("vv", 1));  // admin calls do not
  account.AdvanceClock(1);
  EXPECT_EQ(account.WriteCount(), 2u);
}

TEST(AccountAdminTest, ClockAdvances) {
  LocalAccount account{AccountOptions{}};
  double before = account.Now();
  account.AdvanceClock(86400);
  EXPECT_GE(account.Now(), before + 86400);
  EXPECT_LT(account.Now(), before + 86400 + 60);
  Ok(account.CreateBackupVault(VaultInput("vv")));
  EXPECT_GE(Ok(account.DescribeBackupVault({"vv"})).creation_date, before + 86400);
}

TEST(AccountAdminTest, ParallelCreatesAndReadsStayConsistent) {
  AccountOptions unlimited;  // 322 vaults and 320 selections in one plan: past AWS's quotas
  unlimited.quotas = {0, 0, 0};
  LocalAccount account{unlimited};
  Ok(account.CreateBackupVault(VaultInput("shared")));
  auto plan = Ok(account.CreateBackupPlan(PlanInput("p", "shared"))).backup_plan_id;
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string suffix = std::to_string(t) + "-" + std::to_string(i);
        if (!account.CreateBackupVault(VaultInput("vault-" + suffix)).ok()) ++failures;
        if (!account.CreateBackupSelection(SelectionInput(plan, "s" + suffix)).ok()) ++failures;
        // Everyone races on the same idempotent create: one vault results.
        if (!account.CreateBackupVault(VaultInput("raced", "same-request")).ok()) ++failures;
        ListBackupVaultsInput in{std::nullopt, 5};
        if (!account.ListBackupVaults(in).ok()) ++failures;
        if (!account.DescribeBackupVault({"shared"}).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto snapshot = account.Snapshot();
  EXPECT_EQ(snapshot.vaults.size(), 2u + kThreads * kEach);
  EXPECT_EQ(snapshot.selections.at(plan).size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(account.WriteCount(), 2u + 3u * kThreads * kEach);
}

}  // namespace
}  // namespace backupctl
