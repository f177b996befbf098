// A tree without targets that declares its account (target.accountId): the
// value is checked, destinationVault {name} resolves to the vault's ARN in
// that account and target.region, and copies into the account name a vault
// the tree declares or lists in externalVaults, as in trees with targets.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

using ::testing::ElementsAre;

const char kAccount[] = R"(stack: app
target:
  type: aws
  region: eu-west-1
  accountId: "111111111111"
)";

LoadResult Load(const std::string& project, const std::string& main_yaml) {
  TempTree tree;
  tree.Write("backupctl.yaml", project);
  tree.Write("main.yaml", main_yaml);
  return LoadTree(tree.root());
}

// A plan whose one rule copies with `copies` (lines under copyActions:).
std::string PlanCopying(const std::string& copies) {
  return R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: main}
---
apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: dr}
spec:
  lock: {minRetentionDays: 30}
---
apiVersion: backupctl/v1
kind: BackupPlan
metadata: {name: daily}
spec:
  rules:
    - ruleName: r
      targetBackupVaultName: main
      lifecycle: {deleteAfterDays: 35}
      copyActions:
)" + copies;
}

TEST(Account, DestinationVaultByNameIsTheVaultsArnInTheAccountAndRegion) {
  LoadResult r = Load(kAccount, PlanCopying(R"(        - destinationVault: {name: dr}
          lifecycle: {deleteAfterDays: 60}
        - destinationBackupVaultArn: arn:aws:backup:us-east-1:222222222222:backup-vault:far
          lifecycle: {deleteAfterDays: 7}
)"));
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r));
  EXPECT_EQ(r.state.project.target.account_id, "111111111111");
  ASSERT_EQ(r.state.plans.size(), 1u);
  const auto& copies = r.state.plans[0].rules[0].copy_actions;
  ASSERT_EQ(copies.size(), 2u);
  EXPECT_EQ(copies[0].destination_vault_arn,
            "arn:aws:backup:eu-west-1:111111111111:backup-vault:dr");
  EXPECT_EQ(copies[1].destination_vault_arn,
            "arn:aws:backup:us-east-1:222222222222:backup-vault:far")
      << "another account's ARN is not checked";
}

TEST(Account, PartitionFollowsTheRegion) {
  LoadResult r = Load("stack: app\ntarget: {region: cn-north-1, accountId: \"111111111111\"}\n",
                      PlanCopying("        - destinationVault: {name: dr}\n"
                                  "          lifecycle: {deleteAfterDays: 60}\n"));
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r));
  EXPECT_EQ(r.state.plans[0].rules[0].copy_actions[0].destination_vault_arn,
            "arn:aws-cn:backup:cn-north-1:111111111111:backup-vault:dr");
}

TEST(Account, CopiesIntoTheAccountNameADeclaredOrExternalVaultAndHonourItsLock) {
  LoadResult r = Load(kAccount, PlanCopying(R"(        - destinationVault: {name: missing}
          lifecycle: {deleteAfterDays: 60}
        - destinationBackupVaultArn: arn:aws:backup:eu-west-1:111111111111:backup-vault:gone
          lifecycle: {deleteAfterDays: 60}
        - destinationBackupVaultArn: arn:aws:backup:eu-west-1:111111111111:backup-vault:dr
          lifecycle: {deleteAfterDays: 7}
)"));
  EXPECT_THAT(
      Lines(r),
      ElementsAre(
          "main.yaml:21:40: error: copy to "
          "\"arn:aws:backup:eu-west-1:111111111111:backup-vault:missing\": no vault \"missing\" "
          "in this account and region (target.accountId, target.region): declare it there or "
          "list it in externalVaults",
          "main.yaml:23:40: error: copy to "
          "\"arn:aws:backup:eu-west-1:111111111111:backup-vault:gone\": no vault \"gone\" in this "
          "account and region (target.accountId, target.region): declare it there or list it in "
          "externalVaults",
          "main.yaml:25:40: error: copy to "
          "\"arn:aws:backup:eu-west-1:111111111111:backup-vault:dr\": deleteAfterDays (7) is "
          "below minRetentionDays (30) of vault \"dr\"'s lock: every copy job would fail"));

  LoadResult listed = Load(std::string(kAccount) + "externalVaults: [missing, gone]\n",
                           PlanCopying(R"(        - destinationVault: {name: missing}
          lifecycle: {deleteAfterDays: 60}
        - destinationBackupVaultArn: arn:aws:backup:eu-west-1:111111111111:backup-vault:gone
          lifecycle: {deleteAfterDays: 60}
)"));
  EXPECT_TRUE(listed.ok()) << ::testing::PrintToString(Lines(listed));
}

TEST(Account, BadAccountIdAndWhatDestinationVaultNeedsAreErrorsWithTheirPlace) {
  LoadResult bad = Load("stack: app\ntarget:\n  region: eu-west-1\n  accountId: \"12345\"\n", "");
  EXPECT_THAT(Lines(bad), ElementsAre("backupctl.yaml:4:14: error: accountId \"12345\" is not a "
                                      "12-digit AWS account id"));

  const std::string copy =
      "        - destinationVault: {name: dr}\n"
      "          lifecycle: {deleteAfterDays: 60}\n";
  for (const char* project : {"stack: app\n", "stack: app\ntarget: {region: eu-west-1}\n",
                              "stack: app\ntarget: {accountId: \"111111111111\"}\n"}) {
    LoadResult r = Load(project, PlanCopying(copy));
    EXPECT_THAT(Lines(r), ElementsAre("main.yaml:20:29: error: destinationVault needs the account "
                                      "and region that make the vault's ARN: declare "
                                      "target.accountId and target.region in backupctl.yaml (or "
                                      "targets), or use destinationBackupVaultArn"))
        << project;
  }

  LoadResult targeted = Load(kAccount, PlanCopying("        - destinationVault: {name: dr, "
                                                   "target: central}\n"
                                                   "          lifecycle: {deleteAfterDays: 60}\n"));
  EXPECT_THAT(Lines(targeted),
              ElementsAre("main.yaml:20:48: error: destinationVault.target needs targets in "
                          "backupctl.yaml; this tree has one target: leave it out (or use "
                          "destinationBackupVaultArn for another account)"));
}

TEST(Account, WithTargetsEachTargetNamesItsAccount) {
  LoadResult r = Load(R"(stack: org
target: {type: aws, accountId: "111111111111"}
targets:
  - {name: a, accountId: "222222222222", region: eu-west-1}
)",
                      "");
  EXPECT_THAT(Lines(r), ElementsAre("backupctl.yaml:2:32: error: with targets, each target names "
                                    "its account; remove target.accountId"));
}

}  // namespace
}  // namespace backupctl
