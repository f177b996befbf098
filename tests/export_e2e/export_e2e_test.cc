// `backupctl export` over HTTP against the emulator: each example tree,
// applied, comes back through the round trip (export_harness.h), as does an
// estate the AWS CLI made; and the safety rules: --stack exports only what
// the stack owns, a non-empty --out needs --force, managed vaults stay out
// unless asked for, an unreadable account writes nothing, and what a tree
// cannot declare is named on stderr.
#include <algorithm>
#include <cstdlib>

#include "desired/loader.h"
#include "tests/export_e2e/export_harness.h"
#include "tests/support/peers.h"

namespace backupctl::testing {
namespace {

std::vector<std::string> ExampleTrees() {
  std::vector<std::string> trees;
  for (const auto& e : fs::directory_iterator(fs::path(BACKUPCTL_SOURCE_DIR) / "examples")) {
    if (!fs::exists(e.path() / "backupctl.yaml")) continue;
    // A tree with targets (examples/organisation) has its own test: tests/targets_e2e.
    LoadResult loaded = LoadTree(e.path().string());
    if (loaded.targets.empty()) trees.push_back(e.path().string());
  }
  std::sort(trees.begin(), trees.end());
  return trees;
}

class Examples : public ::testing::TestWithParam<std::string> {};

TEST_P(Examples, AppliedExampleExportsAndAdoptsClean) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  const std::string tree = GetParam();
  LoadResult source = LoadTree(tree);
  ASSERT_TRUE(source.ok());
  BinRun apply = fx.Run("apply " + Quote(tree) + fx.Target());
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;

  // --stack: what the example's stack owns is the tree again, owned already.
  RoundTripOptions owned;
  owned.export_flags = " --stack " + source.state.project.stack;
  owned.expect_adoption = false;
  EXPECT_TRUE(RoundTrip(fx, "owned", owned));
  LoadResult back = LoadTree((fx.dir() / "owned").string());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.state.vaults.size(), source.state.vaults.size());
  EXPECT_EQ(back.state.plans.size(), source.state.plans.size());
  EXPECT_EQ(back.state.selections.size(), source.state.selections.size());
  EXPECT_EQ(back.state.notifications.size(), source.state.notifications.size());
  EXPECT_EQ(back.state.access_policies.size(), source.state.access_policies.size());

  // Everything, as another stack: adopting it moves each vault and plan over.
  RoundTripOptions adopt;
  adopt.expect_adopted = static_cast<int>(source.state.vaults.size() + source.state.plans.size());
  EXPECT_TRUE(RoundTrip(fx, "adopted", adopt));
}

INSTANTIATE_TEST_SUITE_P(Trees, Examples, ::testing::ValuesIn(ExampleTrees()),
                         [](const auto& info) {
                           std::string name = fs::path(info.param).filename().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ExportE2E, ProductionTreeReadsAsReviewableYaml) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  const std::string tree = (fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "production").string();
  ASSERT_EQ(fx.Run("apply " + Quote(tree) + fx.Target()).exit_code, 0);
  const fs::path out = fx.dir() / "tree";
  BinRun run = fx.Run("export --stack prod --out " + Quote(out.string()) + fx.Target());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string vault = Slurp(out / "vaults" / "prod-primary.yaml");
  EXPECT_NE(vault.find("# BackupVault arn:aws:backup:us-east-1:"), std::string::npos) << vault;
  EXPECT_NE(vault.find("kind: BackupVaultNotifications"), std::string::npos) << vault;
  EXPECT_NE(vault.find("kind: BackupVaultAccessPolicy"), std::string::npos) << vault;
  EXPECT_NE(vault.find("    Statement:\n"), std::string::npos) << "a YAML mapping: " << vault;
  EXPECT_NE(vault.find("cost-center: \"4711\""), std::string::npos) << vault;
  std::string plan = Slurp(out / "plans" / "prod-daily.yaml");
  EXPECT_NE(plan.find("# version "), std::string::npos) << plan;
  EXPECT_NE(plan.find("kind: BackupSelection"), std::string::npos) << plan;
  EXPECT_NE(plan.find("targetBackupVaultName: prod-primary"), std::string::npos) << plan;
  std::string project = Slurp(out / "backupctl.yaml");
  EXPECT_NE(project.find("stack: prod"), std::string::npos) << project;
  EXPECT_NE(project.find("type: aws"), std::string::npos) << project;
  // The lock date cannot be declared: said, with the vault, and compliance mode kept.
  EXPECT_NE(run.err.find("note: BackupVault prod-primary: the lock is in compliance mode"),
            std::string::npos)
      << run.err;
}

TEST(ExportE2E, StackExportsOnlyWhatTheStackOwns) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  const fs::path examples = fs::path(BACKUPCTL_SOURCE_DIR) / "examples";
  ASSERT_EQ(fx.Run("apply " + Quote((examples / "minimal").string()) + fx.Target()).exit_code, 0);
  ASSERT_EQ(fx.Run("apply " + Quote((examples / "production").string()) + fx.Target()).exit_code,
            0);
  const fs::path out = fx.dir() / "minimal";
  BinRun run = fx.Run("export --stack minimal --out " + Quote(out.string()) + fx.Target());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  LoadResult back = LoadTree(out.string());
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back.state.vaults.size(), 1u);
  EXPECT_EQ(back.state.vaults[0].name, "app-backups");
  EXPECT_EQ(back.state.plans.size(), 1u);
  EXPECT_NE(run.err.find("that stack \"minimal\" does not own were left out"), std::string::npos)
      << run.err;
}

TEST(ExportE2E, NonEmptyOutNeedsForceWhichReplacesItsYaml) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  const fs::path out = fx.dir() / "tree";
  fs::create_directories(out / "old");
  std::ofstream(out / "old" / "stale.yaml") << "kind: BackupVault\n";
  std::ofstream(out / "notes.txt") << "mine\n";
  const std::string args = "export --as-stack s --out " + Quote(out.string()) + fx.Target();
  BinRun refused = fx.Run(args);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("is not empty"), std::string::npos) << refused.err;
  EXPECT_TRUE(fs::exists(out / "old" / "stale.yaml"));
  EXPECT_FALSE(fs::exists(out / "backupctl.yaml"));

  BinRun forced = fx.Run(args + " --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_FALSE(fs::exists(out / "old" / "stale.yaml"));
  EXPECT_TRUE(fs::exists(out / "notes.txt"));
  EXPECT_TRUE(fs::exists(out / "backupctl.yaml"));
}

TEST(ExportE2E, ManagedVaultsStayOutUnlessAskedFor) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  ASSERT_TRUE(fx.account().SeedServiceVault("aws/efs/automatic-backup-vault").ok());
  ASSERT_TRUE(fx.api().CreateBackupVault({"Default", {}, std::nullopt, std::nullopt}).ok());
  const fs::path plain = fx.dir() / "plain";
  ASSERT_EQ(fx.Run("export --as-stack s --out " + Quote(plain.string()) + fx.Target()).exit_code,
            0);
  std::string project = Slurp(plain / "backupctl.yaml");
  EXPECT_EQ(project.find("aws/efs"), std::string::npos) << project;
  EXPECT_TRUE(fs::exists(plain / "vaults" / "Default.yaml")) << "Default is not managed";

  const fs::path all = fx.dir() / "all";
  BinRun run =
      fx.Run("export --as-stack s --include-managed --out " + Quote(all.string()) + fx.Target());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  project = Slurp(all / "backupctl.yaml");
  EXPECT_EQ(project.find("aws/efs"), std::string::npos) << "validate refuses the name";
  EXPECT_NE(run.err.find("note: BackupVault aws/efs/automatic-backup-vault: service-managed"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(RoundTrip(fx, "roundtrip", {" --as-stack s --include-managed", true, 1}));
}

TEST(ExportE2E, UnreadableAccountWritesNothing) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  ASSERT_TRUE(fx.api().CreateBackupVault({"locked-out", {}, std::nullopt, std::nullopt}).ok());
  fx.account().DenyOperation("GetBackupVaultAccessPolicy", "locked-out");
  const fs::path out = fx.dir() / "tree";
  BinRun run = fx.Run("export --as-stack s --out " + Quote(out.string()) + fx.Target());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("unreadable: BackupVaultAccessPolicy locked-out"), std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(out / "backupctl.yaml"));
}

TEST(ExportE2E, WhatATreeCannotDeclareIsNamedOnStderr) {
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  ASSERT_TRUE(fx.api().CreateBackupVault({"alerts", {}, std::nullopt, std::nullopt}).ok());
  ASSERT_TRUE(fx.api()
                  .PutBackupVaultNotifications({"alerts",
                                                "arn:aws:sns:us-east-1:123456789012:t",
                                                {"BACKUP_JOB_FAILED", "BACKUP_JOB_COMPLETED"}})
                  .ok());
  ASSERT_TRUE(fx.account().SeedAirGappedVault("air-gapped").ok());
  const fs::path out = fx.dir() / "tree";
  BinRun run = fx.Run("export --as-stack s --out " + Quote(out.string()) + fx.Target());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("note: BackupVaultNotifications alerts: event BACKUP_JOB_FAILED cannot "
                         "be declared"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("note: BackupVault air-gapped: its VaultType is "
                         "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(out / "vaults" / "air-gapped.yaml"));
}

// ---- an estate made by the AWS CLI ----
// Debian 12's AWS CLI (2.9) predates ScheduleExpressionTimezone and
// IndexActions: the random estates cover those through the API.

std::string FindAwsCli() {
  if (access("/usr/bin/aws", X_OK) == 0) return "/usr/bin/aws";
  return "";
}

TEST(ExportE2E, EstateMadeByTheAwsCliRoundTrips) {
  const std::string aws = FindAwsCli();
  if (aws.empty()) PEER_MISSING("no AWS CLI v2 at /usr/bin/aws (apt-get install awscli)");
  ExportFixture fx;
  ASSERT_TRUE(fx.ready());
  auto cli = [&](const std::string& args) {
    std::string cmd = "env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=" + Quote(fx.dir().string()) +
                      " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"
                      " AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null"
                      " AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER= timeout 60 " +
                      aws + " backup " + args + " --endpoint-url " + fx.url() +
                      " --output json 2>&1";
    ShellRun run = RunShell(cmd);
    EXPECT_EQ(run.exit_code, 0) << args << "\n" << run.out;
    return nlohmann::json::parse(run.out.empty() ? "{}" : run.out, nullptr, false);
  };
  cli("create-backup-vault --backup-vault-name cli-main --backup-vault-tags team=infra,tier=1");
  cli("create-backup-vault --backup-vault-name cli-copies");
  cli("put-backup-vault-lock-configuration --backup-vault-name cli-main --min-retention-days 7 "
      "--max-retention-days 365");
  cli("put-backup-vault-notifications --backup-vault-name cli-main --sns-topic-arn "
      "arn:aws:sns:us-east-1:123456789012:alerts --backup-vault-events BACKUP_JOB_COMPLETED "
      "RESTORE_JOB_COMPLETED");
  cli("put-backup-vault-access-policy --backup-vault-name cli-main --policy " +
      Quote(
          R"J({"Version":"2012-10-17","Statement":[{"Sid":"NoDelete","Effect":"Deny",)J"
          R"J("Principal":{"AWS":"*"},"Action":["backup:DeleteRecoveryPoint"],"Resource":"*"}]})J"));
  const std::string plan =
      R"J({"BackupPlanName":"cli-daily","Rules":[)J"
      R"J({"RuleName":"daily","TargetBackupVaultName":"cli-main",)J"
      R"J("ScheduleExpression":"cron(0 5 ? * * *)",)J"
      R"J("StartWindowMinutes":60,"CompletionWindowMinutes":240,"Lifecycle":{"DeleteAfterDays":30},)J"
      R"J("RecoveryPointTags":{"by":"cli"},"CopyActions":[{"DestinationBackupVaultArn":)J"
      R"J("arn:aws:backup:us-east-1:123456789012:backup-vault:cli-copies",)J"
      R"J("Lifecycle":{"DeleteAfterDays":60}}]},)J"
      R"J({"RuleName":"weekly","TargetBackupVaultName":"cli-copies",)J"
      R"J("ScheduleExpression":"cron(0 3 ? * SUN *)"}],)J"
      R"J("AdvancedBackupSettings":[{"ResourceType":"EC2","BackupOptions":{"WindowsVSS":"enabled"}}]})J";
  nlohmann::json created =
      cli("create-backup-plan --backup-plan " + Quote(plan) + " --backup-plan-tags owner=cli");
  ASSERT_TRUE(created.contains("BackupPlanId")) << created;
  const std::string id = created["BackupPlanId"];
  cli("create-backup-selection --backup-plan-id " + id + " --backup-selection " +
      Quote(R"J({"SelectionName":"tagged","IamRoleArn":"arn:aws:iam::123456789012:role/backup",)J"
            R"J("Resources":["*"],"Conditions":{"StringEquals":[{"ConditionKey":)J"
            R"J("aws:ResourceTag/backup","ConditionValue":"daily"}],"StringNotLike":[)J"
            R"J({"ConditionKey":"aws:ResourceTag/Name","ConditionValue":"*scratch*"}]}})J"));
  cli("create-backup-selection --backup-plan-id " + id + " --backup-selection " +
      Quote(R"J({"SelectionName":"by-tag","IamRoleArn":"arn:aws:iam::123456789012:role/backup",)J"
            R"J("ListOfTags":[{"ConditionType":"STRINGEQUALS","ConditionKey":"env",)J"
            R"J("ConditionValue":"prod"}],"NotResources":["arn:aws:s3:::scratch"]})J"));

  EXPECT_TRUE(RoundTrip(fx, "cli", {" --as-stack cli", true, 3}));  // 2 vaults, 1 plan
  std::string plan_yaml = Slurp(fx.dir() / "cli" / "plans" / "cli-daily.yaml");
  EXPECT_NE(plan_yaml.find("- destinationVault:\n            name: cli-copies  # "
                           "arn:aws:backup:us-east-1:123456789012:backup-vault:cli-copies\n"),
            std::string::npos)
      << plan_yaml;
}

}  // namespace
}  // namespace backupctl::testing
