// Trees with targets: placement, per-target substitution, and the checks
// across targets (desired/placement.h).

#include "desired/placement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const char kTargets[] = R"(stack: org
targets:
  - name: central
    accountId: "111111111111"
    region: eu-central-1
    labels: {role: central}
  - name: app-euw1
    accountId: "222222222222"
    region: eu-west-1
    labels: {role: workload, env: prod}
  - name: app-cn
    accountId: "333333333333"
    region: cn-north-1
    labels: {role: workload, env: test}
)";

LoadResult LoadWithTargets(const std::string& main_yaml, const std::string& project = kTargets) {
  TempTree tree;
  tree.Write("backupctl.yaml", project);
  tree.Write("main.yaml", main_yaml);
  return LoadTree(tree.root());
}

const PlacedTarget& Target(const LoadResult& r, const std::string& name) {
  for (const PlacedTarget& t : r.targets) {
    if (t.spec.name == name) return t;
  }
  throw std::runtime_error("no target " + name);
}

std::vector<std::string> VaultNames(const PlacedTarget& t) {
  std::vector<std::string> out;
  for (const Vault& v : t.state.vaults) out.push_back(v.name);
  return out;
}

TEST(Placement, ByNameAndBySelectorWithSubstitution) {
  LoadResult r = LoadWithTargets(R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: central, targets: [central]}
---
apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: app, targetSelector: {role: workload}}
spec:
  backupVaultTags: {where: "${account}/${region}/${partition}/${target}", keep: "$${account}"}
)");
  ASSERT_THAT(Lines(r), IsEmpty());
  ASSERT_EQ(r.targets.size(), 3u);
  EXPECT_THAT(VaultNames(Target(r, "central")), ElementsAre("central"));
  EXPECT_THAT(VaultNames(Target(r, "app-euw1")), ElementsAre("app"));
  const Vault& cn = Target(r, "app-cn").state.vaults.at(0);
  EXPECT_EQ(cn.tags.at("where"), "333333333333/cn-north-1/aws-cn/app-cn");
  EXPECT_EQ(cn.tags.at("keep"), "${account}");
  EXPECT_TRUE(r.state.vaults.empty());
}

TEST(Placement, EveryDocumentSaysWhereItLives) {
  LoadResult r = LoadWithTargets(R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: nowhere}
---
apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: typo, targets: [centrl]}
---
apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: both, targets: [central], targetSelector: {role: central}}
)");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(Mentions(r, "main.yaml:3:11: error: in a tree with targets, a document says where"));
  EXPECT_TRUE(Mentions(r, "main.yaml:7:34: error: unknown target \"centrl\""));
  EXPECT_TRUE(Mentions(r, "use one, not both"));
}

TEST(Placement, RefusedInATreeWithoutTargets) {
  LoadResult r = LoadOne(R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: v1, targets: [a]}
)");
  EXPECT_TRUE(Mentions(r, "metadata.targets needs targets declared in backupctl.yaml"))
      << Lines(r)[0];
}

TEST(Placement, AnErrorInAStampedCopyNamesItsTargetsOnce) {
  LoadResult r = LoadWithTargets(R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: "x", targetSelector: {role: workload}}
)");
  ASSERT_EQ(r.diagnostics.size(), 1u) << Lines(r)[0];
  EXPECT_THAT(r.diagnostics[0].message, ::testing::EndsWith("[targets app-euw1, app-cn]"));
}

TEST(Placement, CopyToAVaultOfAnotherTargetResolvesToItsArn) {
  LoadResult r = LoadWithTargets(R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: central, targets: [central]}
spec:
  lock: {minRetentionDays: 30}
---
apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: app, targets: [app-euw1]}
---
apiVersion: backupctl/v1
kind: BackupPlan
metadata: {name: daily, targets: [app-euw1]}
spec:
  rules:
    - ruleName: r
      targetBackupVaultName: app
      copyActions:
        - destinationVault: {name: central, target: central}
          lifecycle: {deleteAfterDays: 60}
)");
  ASSERT_THAT(Lines(r), IsEmpty());
  const BackupPlanSpec& plan = Target(r, "app-euw1").state.plans.at(0);
  EXPECT_EQ(plan.rules.at(0).copy_actions.at(0).destination_vault_arn,
            "arn:aws:backup:eu-central-1:111111111111:backup-vault:central");
}

TEST(Placement, CopiesIntoATargetAreCheckedAgainstItsVaultsAndLocks) {
  LoadResult r = LoadWithTargets(R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: central, targets: [central]}
spec:
  lock: {minRetentionDays: 30}
---
apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: app, targets: [app-euw1]}
---
apiVersion: backupctl/v1
kind: BackupPlan
metadata: {name: daily, targets: [app-euw1]}
spec:
  rules:
    - ruleName: r
      targetBackupVaultName: app
      copyActions:
        - destinationVault: {name: central, target: central}
          lifecycle: {deleteAfterDays: 7}
        - destinationBackupVaultArn: arn:aws:backup:eu-central-1:111111111111:backup-vault:gone
          lifecycle: {deleteAfterDays: 7}
        - destinationVault: {name: central, target: nowhere}
)");
  EXPECT_TRUE(Mentions(r,
                       "is below minRetentionDays (30) of vault \"central\"'s lock on target "
                       "\"central\""));
  EXPECT_TRUE(Mentions(r, "no vault \"gone\" on target \"central\""));
  EXPECT_TRUE(Mentions(r, "unknown target \"nowhere\" in destinationVault"));
}

TEST(Placement, TargetsAreUniqueByNameAndByAccountAndRegion) {
  LoadResult r = LoadWithTargets("", R"(stack: org
targets:
  - {name: a, accountId: "111111111111", region: eu-west-1}
  - {name: a, accountId: "222222222222", region: eu-west-1}
  - {name: b, accountId: "111111111111", region: eu-west-1}
  - {name: c, accountId: "12", region: eu-west-1}
)");
  EXPECT_TRUE(Mentions(r, "target \"a\" is declared twice"));
  EXPECT_TRUE(Mentions(r, "one target per account and region"));
  EXPECT_TRUE(Mentions(r, "not a 12-digit AWS account id"));
}

TEST(Placement, SubstituteLeavesOtherVariablesAsWritten) {
  TargetSpec t{"t", "111111111111", "us-east-1", "aws", {}, std::nullopt, std::nullopt};
  EXPECT_EQ(SubstituteTarget("${aws:username}/${account}/${", t),
            "${aws:username}/111111111111/${");
}

}  // namespace
}  // namespace backupctl
