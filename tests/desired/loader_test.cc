#include "desired/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kVault = R"(apiVersion: backupctl/v1
kind: BackupVault
metadata:
  name: main
spec: {}
)";

constexpr const char* kEveryField = R"(apiVersion: backupctl/v1
kind: BackupVault
metadata:
  name: main
  labels: {app: x}
spec:
  encryptionKeyArn: arn:aws:kms:eu-west-1:123456789012:key/abc-123
  backupVaultTags: {team: platform, cost: "42"}
  lock: {minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3}
---
apiVersion: backupctl/v1
kind: BackupPlan
metadata: {name: daily}
spec:
  backupPlanTags: {team: platform}
  rules:
    - ruleName: r1
      targetBackupVaultName: main
      scheduleExpression: cron(0 5 ? * * *)
      scheduleExpressionTimezone: Europe/Berlin
      startWindowMinutes: 60
      completionWindowMinutes: 120
      lifecycle: {moveToColdStorageAfterDays: 30, deleteAfterDays: 120,
                  optInToArchiveForSupportedResources: true}
      recoveryPointTags: {kind: daily}
      copyActions:
        - destinationBackupVaultArn: arn:aws:backup:us-west-2:123456789012:backup-vault:dr
          lifecycle: {deleteAfterDays: 30}
      enableContinuousBackup: false
  advancedBackupSettings:
    - resourceType: EC2
      backupOptions: {WindowsVSS: enabled}
---
apiVersion: backupctl/v1
kind: BackupSelection
metadata: {name: sel}
spec:
  plan: daily
  iamRoleArn: arn:aws:iam::123456789012:role/backup
  resources: ["*"]
  notResources: [arn:aws:s3:::scratch]
  listOfTags: [{conditionKey: backup, conditionValue: daily}]
  conditions:
    stringEquals: [{conditionKey: aws:ResourceTag/a, conditionValue: "1"}]
    stringNotEquals: [{conditionKey: aws:ResourceTag/b, conditionValue: "2"}]
    stringLike: [{conditionKey: aws:ResourceTag/c, conditionValue: "3*"}]
    stringNotLike: [{conditionKey: aws:ResourceTag/d, conditionValue: "*4"}]
---
apiVersion: backupctl/v1
kind: BackupVaultNotifications
metadata: {name: alerts}
spec:
  backupVaultName: main
  snsTopicArn: arn:aws:sns:eu-west-1:123456789012:alerts
  backupVaultEvents: [BACKUP_JOB_COMPLETED, COPY_JOB_FAILED]
---
apiVersion: backupctl/v1
kind: BackupVaultAccessPolicy
metadata: {name: policy}
spec:
  backupVaultName: main
  policy:
    Version: "2012-10-17"
    Statement:
      - Effect: Deny
        Principal: "*"
        Action: [backup:DeleteRecoveryPoint]
        Resource: "*"
        Condition: {Bool: {aws:SecureTransport: false}, NumericLessThan: {x: 3}}
)";

TEST(Loader, DecodesEveryField) {
  LoadResult r = LoadOne(kEveryField);
  ASSERT_THAT(Lines(r), IsEmpty());
  ASSERT_TRUE(r.ok());
  const DesiredState& s = r.state;
  EXPECT_EQ(s.project.stack, "test");
  EXPECT_EQ(s.project.target.type, "local");
  ASSERT_EQ(s.vaults.size(), 1u);
  EXPECT_EQ(s.vaults[0].encryption_key_arn, "arn:aws:kms:eu-west-1:123456789012:key/abc-123");
  EXPECT_EQ(s.vaults[0].tags, (TagMap{{"cost", "42"}, {"team", "platform"}}));
  ASSERT_TRUE(s.vaults[0].lock);
  EXPECT_EQ(s.vaults[0].lock->min_retention_days, 7);
  EXPECT_EQ(s.vaults[0].lock->max_retention_days, 365);
  EXPECT_EQ(s.vaults[0].lock->changeable_for_days, 3);

  ASSERT_EQ(s.plans.size(), 1u);
  const BackupPlanSpec& p = s.plans[0];
  ASSERT_EQ(p.rules.size(), 1u);
  const Rule& rule = p.rules[0];
  EXPECT_EQ(rule.name, "r1");
  EXPECT_EQ(rule.target_vault, "main");
  EXPECT_EQ(rule.schedule, "cron(0 5 ? * * *)");
  EXPECT_EQ(rule.schedule_timezone, "Europe/Berlin");
  EXPECT_EQ(rule.start_window_minutes, 60);
  EXPECT_EQ(rule.completion_window_minutes, 120);
  ASSERT_TRUE(rule.lifecycle);
  EXPECT_EQ(rule.lifecycle->move_to_cold_storage_after_days, 30);
  EXPECT_EQ(rule.lifecycle->delete_after_days, 120);
  EXPECT_EQ(rule.lifecycle->opt_in_to_archive_for_supported_resources, true);
  EXPECT_EQ(rule.recovery_point_tags, (TagMap{{"kind", "daily"}}));
  ASSERT_EQ(rule.copy_actions.size(), 1u);
  EXPECT_EQ(rule.copy_actions[0].destination_vault_arn,
            "arn:aws:backup:us-west-2:123456789012:backup-vault:dr");
  EXPECT_EQ(rule.copy_actions[0].lifecycle->delete_after_days, 30);
  EXPECT_EQ(rule.enable_continuous_backup, false);
  ASSERT_EQ(p.advanced_backup_settings.size(), 1u);
  EXPECT_EQ(p.advanced_backup_settings[0].resource_type, "EC2");
  EXPECT_EQ(p.advanced_backup_settings[0].backup_options.at("WindowsVSS"), "enabled");

  ASSERT_EQ(s.selections.size(), 1u);
  const Selection& sel = s.selections[0];
  EXPECT_EQ(sel.plan, "daily");
  EXPECT_THAT(sel.resources, ElementsAre("*"));
  EXPECT_THAT(sel.not_resources, ElementsAre("arn:aws:s3:::scratch"));
  ASSERT_EQ(sel.list_of_tags.size(), 1u);
  EXPECT_EQ(sel.list_of_tags[0].type, "STRINGEQUALS");
  EXPECT_EQ(sel.list_of_tags[0].key, "backup");
  EXPECT_EQ(sel.conditions.string_not_like[0].value, "*4");
  EXPECT_EQ(sel.conditions.string_like[0].key, "aws:ResourceTag/c");

  ASSERT_EQ(s.notifications.size(), 1u);
  EXPECT_THAT(s.notifications[0].events, ElementsAre("BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED"));
  ASSERT_EQ(s.access_policies.size(), 1u);
  const nlohmann::json& condition = s.access_policies[0].policy["Statement"][0]["Condition"];
  EXPECT_EQ(condition["Bool"]["aws:SecureTransport"], "false");  // as written: IAM reads text
  EXPECT_EQ(condition["NumericLessThan"]["x"], "3");
  EXPECT_EQ(s.ResourceCount(), 5u);
}

TEST(Loader, PolicyAsMappingOrJsonStringIsTheSameDocument) {
  std::string doc = std::string(kVault) + R"(---
apiVersion: backupctl/v1
kind: BackupVaultAccessPolicy
metadata: {name: a}
spec:
  backupVaultName: main
  policy: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "backup:*"}]}
)";
  TempTree tree;
  tree.Write("backupctl.yaml", kProject);
  tree.Write("a.yaml", doc);
  tree.Write("other/backupctl.yaml.txt", "not read");
  LoadResult from_map = LoadTree(tree.root());
  tree.Write("a.yaml", std::string(kVault) + R"(---
apiVersion: backupctl/v1
kind: BackupVaultAccessPolicy
metadata: {name: a}
spec:
  backupVaultName: main
  policy: '{"Statement": [{"Action": "backup:*", "Effect": "Allow"}], "Version": "2012-10-17"}'
)");
  LoadResult from_string = LoadTree(tree.root());
  ASSERT_TRUE(from_map.ok() && from_string.ok());
  EXPECT_EQ(from_map.state.access_policies[0].policy, from_string.state.access_policies[0].policy);
}

// Positions live beside the model, in the loader's SourceMap.
TEST(Loader, RecordsWhereEachResourceWasWritten) {
  LoadResult r = LoadOne(kEveryField);
  ASSERT_TRUE(r.ok());
  auto at = [&r](Kind kind, std::string_view name, std::string_view path = "") {
    auto where = r.sources.Find(kind, name, path);
    return where ? where->ToString() : "(none)";
  };
  EXPECT_EQ(r.sources.project().ToString(), "backupctl.yaml:1:1");
  EXPECT_EQ(at(Kind::kVault, "main"), "main.yaml:1:1");
  EXPECT_EQ(at(Kind::kBackupPlan, "daily"), "main.yaml:11:1");
  EXPECT_EQ(at(Kind::kBackupPlan, "daily", SourceMap::RulePath(0)), "main.yaml:17:7");
  EXPECT_EQ(at(Kind::kSelection, "daily/sel"), "main.yaml:34:1");
  EXPECT_EQ(at(Kind::kVaultNotifications, "main"), "main.yaml:49:1");
  EXPECT_EQ(at(Kind::kVaultAccessPolicy, "main"), "main.yaml:57:1");
  EXPECT_EQ(r.sources.size(), 6u);
  EXPECT_EQ(at(Kind::kBackupPlan, "daily", SourceMap::RulePath(1)), "(none)");
  EXPECT_EQ(at(Kind::kVault, "daily"), "(none)");
}

TEST(Loader, ReadsYamlAndYmlAndSkipsHiddenAndStateDirectories) {
  TempTree tree;
  tree.Write("backupctl.yaml", kProject);
  tree.Write("a/b/vault.yml", kVault);
  tree.Write(".git/x.yaml", "{{{ not yaml");
  tree.Write(".backupctl/state.yaml", "{{{ not yaml");
  tree.Write("notes.txt", "{{{ not yaml");
  tree.Write("empty.yaml", "# only a comment\n---\n");
  LoadResult r = LoadTree(tree.root());
  EXPECT_THAT(Lines(r), IsEmpty());
  EXPECT_EQ(r.state.vaults.size(), 1u);
  EXPECT_EQ(r.sources.Find(Kind::kVault, "main")->file, "a/b/vault.yml");
  EXPECT_EQ(r.files_read, 3);
}

TEST(Loader, ReportsEveryErrorSortedByFileLineColumn) {
  TempTree tree;
  tree.Write("backupctl.yaml", "stack: BAD\n");
  tree.Write("b.yaml",
             "apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: x}\nspec: {}\n");
  tree.Write("a.yaml",
             "apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: \"a b\"}\n"
             "spec: {backupVaultTags: {aws:x: y}, bogus: 1}\n");
  LoadResult r = LoadTree(tree.root());
  EXPECT_FALSE(r.ok());
  std::vector<std::string> lines = Lines(r);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].substr(0, 13), "a.yaml:3:18: ");
  EXPECT_EQ(lines[1].substr(0, 13), "a.yaml:4:26: ");
  EXPECT_EQ(lines[2].substr(0, 13), "a.yaml:4:37: ");
  EXPECT_EQ(lines[3].substr(0, 13), "b.yaml:3:18: ");
  EXPECT_EQ(lines[4].substr(0, 17), "backupctl.yaml:1:");
}

TEST(Loader, MissingOrNonDirectoryRoot) {
  LoadResult missing = LoadTree("/nonexistent/backupctl-tree");
  EXPECT_THAT(Lines(missing), ElementsAre("/nonexistent/backupctl-tree: error: no such directory"));
  TempTree tree;
  tree.Write("file.yaml", "a: 1\n");
  LoadResult file = LoadTree(tree.root() + "/file.yaml");
  EXPECT_FALSE(file.ok());
  EXPECT_TRUE(Mentions(file, "not a directory"));
}

TEST(Loader, RefusesHugeFiles) {
  TempTree tree;
  tree.Write("backupctl.yaml", kProject);
  tree.Write("huge.yaml", std::string((16u << 20) + 1, '#'));
  LoadResult r = LoadTree(tree.root());
  EXPECT_THAT(Lines(r), ElementsAre("huge.yaml: error: file is larger than 16 MiB; split it"));
}

TEST(Loader, DeepNestingIsAnErrorNotACrash) {
  LoadResult flow = LoadOne(std::string(20000, '[') + std::string(20000, ']'));
  EXPECT_FALSE(flow.ok());
  EXPECT_TRUE(Mentions(flow, "main.yaml:1:")) << testing::PrintToString(Lines(flow));

  std::string nested = "1";
  for (int i = 0; i < 200; ++i) nested = "{a: " + nested + "}";
  LoadResult policy = LoadOne(std::string(kVault) +
                              "---\napiVersion: backupctl/v1\nkind: BackupVaultAccessPolicy\n"
                              "metadata: {name: p}\nspec:\n  backupVaultName: main\n  policy: " +
                              nested + "\n");
  EXPECT_FALSE(policy.ok());
  EXPECT_TRUE(Mentions(policy, "too deeply nested")) << testing::PrintToString(Lines(policy));
}

TEST(Loader, AliasBombInAPolicyIsBounded) {
  std::string doc = std::string(kVault) +
                    "---\napiVersion: backupctl/v1\nkind: BackupVaultAccessPolicy\n"
                    "metadata: {name: p}\nspec:\n  backupVaultName: main\n  policy:\n"
                    "    Version: \"2012-10-17\"\n    l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    std::string prev = "*l" + std::to_string(i - 1);
    doc += "    l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) doc += ", " + prev;
    doc += "]\n";
  }
  doc += "    Statement: []\n";
  LoadResult r = LoadOne(doc);
  EXPECT_TRUE(Mentions(r, "too large")) << testing::PrintToString(Lines(r));
}

TEST(Loader, BinaryAndNonUtf8Files) {
  EXPECT_THAT(
      Lines(LoadOne(std::string("a: b\n\x7f"
                                "ELF\0\0",
                                10))),
      ElementsAre("main.yaml:2:5: error: not a UTF-8 text file (binary or another encoding)"));
  EXPECT_TRUE(Mentions(LoadOne("a: \xe9t\xe9\n"), "main.yaml:1:4: error: not a UTF-8"));
  EXPECT_TRUE(LoadOne("# \xc3\xa9t\xc3\xa9 is fine\n").ok());
}

TEST(Loader, ForeignDocumentsAreSkippedWithAWarning) {
  LoadResult r = LoadOne("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
  EXPECT_TRUE(r.ok());
  EXPECT_THAT(Lines(r), ElementsAre("main.yaml:1:13: warning: skipped: apiVersion "
                                    "\"kustomize.config.k8s.io/v1beta1\" is not backupctl/v1"));
}

TEST(Loader, CopyActionWithoutLifecycleIsOnlyAWarning) {
  LoadResult r = LoadOne(std::string(kVault) + R"(---
apiVersion: backupctl/v1
kind: BackupPlan
metadata: {name: p}
spec:
  rules:
    - ruleName: r
      targetBackupVaultName: main
      copyActions: [{destinationBackupVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:dr"}]
)");
  EXPECT_TRUE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
}

TEST(Loader, QuotedNumbersAndNullsAreWrongTypes) {
  LoadResult r = LoadOne(R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: main}
spec:
  encryptionKeyArn:
  lock: {minRetentionDays: "7"}
)");
  EXPECT_THAT(
      Lines(r),
      ElementsAre("main.yaml:5:3: error: \"encryptionKeyArn\" must be a string, got nothing",
                  "main.yaml:6:28: error: \"minRetentionDays\" must be an integer, got \"7\""));
}

TEST(Loader, ExternalVaultsMayBeReferenced) {
  TempTree tree;
  tree.Write("backupctl.yaml", "stack: test\nexternalVaults: [Default]\n");
  tree.Write("p.yaml", R"(apiVersion: backupctl/v1
kind: BackupPlan
metadata: {name: p}
spec:
  rules: [{ruleName: r, targetBackupVaultName: Default}]
---
apiVersion: backupctl/v1
kind: BackupVaultNotifications
metadata: {name: n}
spec: {backupVaultName: Default, snsTopicArn: "arn:aws:sns:us-east-1:123456789012:t", backupVaultEvents: [BACKUP_JOB_COMPLETED]}
)");
  LoadResult r = LoadTree(tree.root());
  EXPECT_THAT(Lines(r), IsEmpty());
  EXPECT_THAT(r.state.project.external_vaults, ElementsAre("Default"));
}

TEST(Loader, SyntaxErrorSuppressesReferenceNoise) {
  TempTree tree;
  tree.Write("backupctl.yaml", kProject);
  tree.Write("a.yaml", "key: [unclosed\n");
  tree.Write("b.yaml",
             "apiVersion: backupctl/v1\nkind: BackupPlan\nmetadata: {name: p}\n"
             "spec: {rules: [{ruleName: r, targetBackupVaultName: defined-in-a}]}\n");
  LoadResult r = LoadTree(tree.root());
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::PrintToString(Lines(r));
  EXPECT_EQ(r.diagnostics[0].where.file, "a.yaml");
}

TEST(Loader, RetentionAboveLockMaximum) {
  LoadResult r = LoadOne(R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: main}
spec: {lock: {maxRetentionDays: 30}}
---
apiVersion: backupctl/v1
kind: BackupPlan
metadata: {name: p}
spec: {rules: [{ruleName: r, targetBackupVaultName: main, lifecycle: {deleteAfterDays: 31}}]}
)");
  EXPECT_TRUE(Mentions(r, "deleteAfterDays (31) is above maxRetentionDays (30)"));
}

TEST(Loader, SelectionResourceLimits) {
  std::string many, wild;
  for (int i = 0; i < 501; ++i) many += "arn:aws:s3:::b" + std::to_string(i) + ",";
  for (int i = 0; i < 31; ++i) wild += "arn:aws:s3:::b" + std::to_string(i) + "*,";
  auto selection = [](const std::string& list) {
    return std::string(kVault) +
           "---\napiVersion: backupctl/v1\nkind: BackupPlan\nmetadata: {name: p}\n"
           "spec: {rules: [{ruleName: r, targetBackupVaultName: main}]}\n---\n"
           "apiVersion: backupctl/v1\nkind: BackupSelection\nmetadata: {name: s}\n"
           "spec: {plan: p, iamRoleArn: \"arn:aws:iam::123456789012:role/r\", resources: [" +
           list + "]}\n";
  };
  EXPECT_TRUE(Mentions(LoadOne(selection(many)), "resources lists 501 ARNs"));
  EXPECT_TRUE(Mentions(LoadOne(selection(wild)), "31 ARNs with wildcards"));
}

TEST(Loader, AdvancedBackupSettings) {
  auto plan = [](const std::string& settings) {
    return std::string(kVault) +
           "---\napiVersion: backupctl/v1\nkind: BackupPlan\nmetadata: {name: p}\n"
           "spec:\n  rules: [{ruleName: r, targetBackupVaultName: main}]\n  "
           "advancedBackupSettings: " +
           settings + "\n";
  };
  EXPECT_TRUE(
      LoadOne(plan("[{resourceType: S3, backupOptions: {BackupACLs: disabled, BackupObjectTags: "
                   "enabled}}]"))
          .ok());
  EXPECT_TRUE(Mentions(LoadOne(plan("[{resourceType: EC2, backupOptions: {WindowsVSS: on}}]")),
                       "must be \"enabled\" or \"disabled\""));
  EXPECT_TRUE(Mentions(LoadOne(plan("[{resourceType: EC2, backupOptions: {WindowsVSS: enabled}}, "
                                    "{resourceType: EC2, backupOptions: {WindowsVSS: enabled}}]")),
                       "two advancedBackupSettings for resource type \"EC2\""));
  EXPECT_TRUE(Mentions(LoadOne(plan("[{resourceType: RDS, backupOptions: {}}]")),
                       "unknown resourceType \"RDS\""));
}

TEST(Loader, NotificationEvents) {
  auto notes = [](const std::string& events) {
    return std::string(kVault) +
           "---\napiVersion: backupctl/v1\nkind: BackupVaultNotifications\nmetadata: {name: n}\n"
           "spec: {backupVaultName: main, snsTopicArn: \"arn:aws:sns:us-east-1:123456789012:t\", "
           "backupVaultEvents: " +
           events + "}\n";
  };
  EXPECT_TRUE(Mentions(LoadOne(notes("[]")), "backupVaultEvents must not be empty"));
  EXPECT_TRUE(Mentions(LoadOne(notes("[BACKUP_JOB_COMPLETED, BACKUP_JOB_COMPLETED]")),
                       "event \"BACKUP_JOB_COMPLETED\" is listed twice"));
  LoadResult failed = LoadOne(notes("[BACKUP_JOB_FAILED]"));
  EXPECT_FALSE(failed.ok());
  EXPECT_TRUE(
      Mentions(failed,
               "deprecated backupVaultEvent \"BACKUP_JOB_FAILED\": AWS accepts it but never "
               "sends it; for failed backups use BACKUP_JOB_COMPLETED with an SNS "
               "subscription filter on the job state"))
      << testing::PrintToString(Lines(failed));
}

// A document with nothing to say needs no spec: a BackupVault without one is
// a vault with AWS's defaults. Kinds with required spec fields still need it.
TEST(Loader, VaultWithoutSpecIsAVaultWithDefaults) {
  LoadResult r = LoadOne("apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: bare}\n");
  ASSERT_TRUE(r.ok()) << testing::PrintToString(Lines(r));
  ASSERT_EQ(r.state.vaults.size(), 1u);
  EXPECT_EQ(r.state.vaults[0].name, "bare");
  EXPECT_FALSE(r.state.vaults[0].encryption_key_arn.has_value());
  EXPECT_TRUE(r.state.vaults[0].tags.empty());
  EXPECT_FALSE(r.state.vaults[0].lock.has_value());
  EXPECT_TRUE(Mentions(
      LoadOne("apiVersion: backupctl/v1\nkind: BackupVaultAccessPolicy\nmetadata: {name: p}\n"),
      "main.yaml:1:1: error: missing required field \"spec\" in document"));
}

TEST(Loader, ProjectFileRules) {
  TempTree tree;
  tree.Write("backupctl.yaml",
             "stack: ok\ntarget: {type: aws, region: eu-west-1, endpoint: \"http://127.0.0.1:1\", "
             "profile: p, stateFile: s.json}\nexternalVaults: [Default, x]\n");
  LoadResult r = LoadTree(tree.root());
  EXPECT_THAT(Lines(r), ElementsAre(testing::HasSubstr("invalid vault name \"x\"")));
  EXPECT_EQ(r.state.project.target.type, "aws");
  EXPECT_EQ(r.state.project.target.region, "eu-west-1");
  EXPECT_EQ(r.state.project.target.endpoint, "http://127.0.0.1:1");
  EXPECT_EQ(r.state.project.target.profile, "p");
  EXPECT_EQ(r.state.project.target.state_file, "s.json");

  tree.Write("backupctl.yaml", "stack: ok\n---\nstack: again\n");
  EXPECT_TRUE(Mentions(LoadTree(tree.root()), "backupctl.yaml holds one document only"));
  tree.Write("backupctl.yaml", "stack: ok\nstak: typo\n");
  EXPECT_TRUE(Mentions(LoadTree(tree.root()),
                       "unknown field \"stak\" in backupctl.yaml; did you mean \"stack\"?"));
}

}  // namespace
}  // namespace backupctl
