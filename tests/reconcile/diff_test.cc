// Table-driven: each row tweaks the live side (and sometimes the declared
// side) of a resource and names the field changes expected after
// normalisation, or none.
#include <functional>

#include <gtest/gtest.h>

#include "reconcile/diff.h"
#include "reconcile/normalize.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using nlohmann::json;
using Paths = std::vector<std::string>;

constexpr char kCopyA[] = "arn:aws:backup:us-east-1:123456789012:backup-vault:dr-a";
constexpr char kCopyB[] = "arn:aws:backup:us-east-1:123456789012:backup-vault:dr-b";

BackupPlanSpec BasePlan() {
  BackupPlanSpec plan;
  plan.name = "daily";
  Rule daily;
  daily.name = "daily";
  daily.target_vault = "prod";
  daily.schedule = "cron(0 3 * * ? *)";
  daily.lifecycle = LifecycleSpec{std::nullopt, 35, std::nullopt};
  daily.recovery_point_tags = {{"k", "v"}};
  daily.copy_actions = {{kCopyA, LifecycleSpec{std::nullopt, 90, std::nullopt}}, {kCopyB, {}}};
  Rule weekly;
  weekly.name = "weekly";
  weekly.target_vault = "prod";
  weekly.schedule = "cron(0 3 ? * SUN *)";
  plan.rules = {daily, weekly};
  plan.advanced_backup_settings = {{"EC2", {{"WindowsVSS", "enabled"}}}};
  return plan;
}

struct PlanRow {
  const char* name;
  std::function<void(BackupPlanSpec&)> desired;
  std::function<void(BackupPlanSpec&)> live;
  Paths expected;
};

class PlanDiff : public ::testing::TestWithParam<PlanRow> {};

TEST_P(PlanDiff, FieldChanges) {
  const PlanRow& row = GetParam();
  BackupPlanSpec desired = BasePlan();
  BackupPlanSpec live = BasePlan();
  if (row.desired) row.desired(desired);
  if (row.live) row.live(live);
  Changes changes = DiffBackupPlanDocument(NormalizeBackupPlan(desired), NormalizeBackupPlan(live));
  Paths paths;
  for (const auto& c : changes) paths.push_back(c.path);
  EXPECT_EQ(paths, row.expected);
}

Rule& R(BackupPlanSpec& p, int i = 0) { return p.rules[i]; }

INSTANTIATE_TEST_SUITE_P(
    Rows, PlanDiff,
    ::testing::Values(
        PlanRow{"identical", nullptr, nullptr, {}},
        PlanRow{"timezone_etc_utc_is_default",
                nullptr,
                [](BackupPlanSpec& p) { R(p).schedule_timezone = "Etc/UTC"; },
                {}},
        PlanRow{"timezone_utc_is_default",
                nullptr,
                [](BackupPlanSpec& p) { R(p).schedule_timezone = "UTC"; },
                {}},
        PlanRow{"timezone_changed",
                nullptr,
                [](BackupPlanSpec& p) { R(p).schedule_timezone = "Europe/Paris"; },
                {"rule daily: scheduleExpressionTimezone"}},
        PlanRow{"start_window_480_is_default",
                nullptr,
                [](BackupPlanSpec& p) { R(p).start_window_minutes = 480; },
                {}},
        PlanRow{"start_window_changed",
                nullptr,
                [](BackupPlanSpec& p) { R(p).start_window_minutes = 60; },
                {"rule daily: startWindowMinutes"}},
        PlanRow{"completion_window_10080_is_default",
                nullptr,
                [](BackupPlanSpec& p) { R(p).completion_window_minutes = 10080; },
                {}},
        PlanRow{"completion_window_changed",
                nullptr,
                [](BackupPlanSpec& p) { R(p).completion_window_minutes = 120; },
                {"rule daily: completionWindowMinutes"}},
        PlanRow{"default_schedule_is_absence",
                [](BackupPlanSpec& p) { R(p).schedule.reset(); },
                [](BackupPlanSpec& p) { R(p).schedule = "cron(0 5 ? * * *)"; },
                {}},
        PlanRow{"schedule_changed",
                nullptr,
                [](BackupPlanSpec& p) { R(p).schedule = "cron(0 4 * * ? *)"; },
                {"rule daily: scheduleExpression"}},
        PlanRow{"continuous_backup_false_is_absence",
                nullptr,
                [](BackupPlanSpec& p) { R(p).enable_continuous_backup = false; },
                {}},
        PlanRow{"continuous_backup_on",
                nullptr,
                [](BackupPlanSpec& p) { R(p).enable_continuous_backup = true; },
                {"rule daily: enableContinuousBackup"}},
        PlanRow{"empty_lifecycle_is_absence",
                [](BackupPlanSpec& p) { R(p, 1).lifecycle.reset(); },
                [](BackupPlanSpec& p) { R(p, 1).lifecycle = LifecycleSpec{}; },
                {}},
        PlanRow{"archive_opt_in_false_is_absence",
                nullptr,
                [](BackupPlanSpec& p) {
                  R(p).lifecycle->opt_in_to_archive_for_supported_resources = false;
                },
                {}},
        PlanRow{"delete_after_days",
                nullptr,
                [](BackupPlanSpec& p) { R(p).lifecycle->delete_after_days = 90; },
                {"rule daily: deleteAfterDays"}},
        PlanRow{"move_to_cold",
                nullptr,
                [](BackupPlanSpec& p) { R(p).lifecycle->move_to_cold_storage_after_days = 30; },
                {"rule daily: moveToColdStorageAfterDays"}},
        PlanRow{"empty_recovery_point_tags_is_absence",
                [](BackupPlanSpec& p) { R(p, 1).recovery_point_tags.clear(); },
                nullptr,
                {}},
        PlanRow{"recovery_point_tag_changed",
                nullptr,
                [](BackupPlanSpec& p) { R(p).recovery_point_tags["k"] = "w"; },
                {"rule daily: recoveryPointTags.k"}},
        PlanRow{"target_vault",
                nullptr,
                [](BackupPlanSpec& p) { R(p).target_vault = "other"; },
                {"rule daily: targetBackupVaultName"}},
        PlanRow{"rules_reordered",
                nullptr,
                [](BackupPlanSpec& p) { std::swap(p.rules[0], p.rules[1]); },
                {}},
        PlanRow{"rule_removed",
                nullptr,
                [](BackupPlanSpec& p) { p.rules.pop_back(); },
                {"rule weekly"}},
        PlanRow{"rule_added",
                nullptr,
                [](BackupPlanSpec& p) {
                  Rule extra = p.rules[1];
                  extra.name = "monthly";
                  p.rules.push_back(extra);
                },
                {"rule monthly"}},
        PlanRow{"copy_actions_reordered",
                nullptr,
                [](BackupPlanSpec& p) { std::swap(R(p).copy_actions[0], R(p).copy_actions[1]); },
                {}},
        PlanRow{"copy_lifecycle_changed",
                nullptr,
                [](BackupPlanSpec& p) { R(p).copy_actions[0].lifecycle->delete_after_days = 30; },
                {std::string("rule daily: copy to ") + kCopyA + ": deleteAfterDays"}},
        PlanRow{"copy_action_removed",
                nullptr,
                [](BackupPlanSpec& p) { R(p).copy_actions.erase(R(p).copy_actions.begin()); },
                {std::string("rule daily: copy to ") + kCopyA}},
        PlanRow{"advanced_setting_changed",
                nullptr,
                [](BackupPlanSpec& p) {
                  p.advanced_backup_settings[0].backup_options["WindowsVSS"] = "disabled";
                },
                {"advancedBackupSettings.EC2.WindowsVSS"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PlanDiffRender, RuleFieldReadsAsReviewerExpects) {
  BackupPlanSpec desired = BasePlan();
  BackupPlanSpec live = BasePlan();
  R(desired).lifecycle->delete_after_days = 90;
  Changes changes = DiffBackupPlanDocument(NormalizeBackupPlan(desired), NormalizeBackupPlan(live));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].ToString(), "rule daily: deleteAfterDays: 35 -> 90");
}

Selection BaseSelection() {
  Selection s;
  s.name = "db";
  s.plan = "daily";
  s.iam_role_arn = testing::kRole;
  s.resources = {"arn:a", "arn:b"};
  s.not_resources = {"arn:x"};
  s.list_of_tags = {{"STRINGEQUALS", "backup", "daily"}, {"STRINGEQUALS", "tier", "1"}};
  s.conditions.string_equals = {{"aws:ResourceTag/env", "prod"}, {"aws:ResourceTag/app", "pay"}};
  return s;
}

struct SelectionRow {
  const char* name;
  std::function<void(Selection&)> live;
  Paths expected;
};

class SelectionDiff : public ::testing::TestWithParam<SelectionRow> {};

TEST_P(SelectionDiff, FieldChanges) {
  Selection live = BaseSelection();
  GetParam().live(live);
  Changes changes = DiffSelection(NormalizeSelection(BaseSelection()), NormalizeSelection(live));
  Paths paths;
  for (const auto& c : changes) paths.push_back(c.path);
  EXPECT_EQ(paths, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, SelectionDiff,
    ::testing::Values(
        SelectionRow{"resources_reordered",
                     [](Selection& s) { std::swap(s.resources[0], s.resources[1]); },
                     {}},
        SelectionRow{
            "resources_duplicated", [](Selection& s) { s.resources.push_back("arn:a"); }, {}},
        SelectionRow{
            "resource_added", [](Selection& s) { s.resources.push_back("arn:c"); }, {"resources"}},
        SelectionRow{
            "not_resources", [](Selection& s) { s.not_resources.clear(); }, {"notResources"}},
        SelectionRow{"tags_reordered",
                     [](Selection& s) { std::swap(s.list_of_tags[0], s.list_of_tags[1]); },
                     {}},
        SelectionRow{"tag_changed",
                     [](Selection& s) { s.list_of_tags[0].value = "weekly"; },
                     {"listOfTags"}},
        SelectionRow{"conditions_reordered",
                     [](Selection& s) {
                       std::swap(s.conditions.string_equals[0], s.conditions.string_equals[1]);
                     },
                     {}},
        SelectionRow{"empty_condition_lists_are_absence",
                     [](Selection& s) {
                       s.conditions.string_like.clear();
                       s.conditions.string_not_like.clear();
                     },
                     {}},
        SelectionRow{"condition_changed",
                     [](Selection& s) {
                       s.conditions.string_not_like.push_back({"k", "v*"});
                     },
                     {"conditions.stringNotLike"}},
        SelectionRow{"role",
                     [](Selection& s) { s.iam_role_arn = "arn:aws:iam::1:role/x"; },
                     {"iamRoleArn"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SelectionDiffRender, SetChangesListAddedAndRemoved) {
  Selection live = BaseSelection();
  live.resources = {"arn:a", "arn:old"};
  Changes changes = DiffSelection(NormalizeSelection(BaseSelection()), NormalizeSelection(live));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].ToString(), "resources: +arn:b -arn:old");
}

TEST(VaultDiff, OwnershipAndAwsTagsAreNotDrift) {
  TagMap live = {{"team", "a"}, {"backupctl:stack", "payments"}, {"aws:cloudformation:x", "y"}};
  EXPECT_TRUE(DiffTags(Kind::kVault, {{"team", "a"}}, NormalizeTags(live)).empty());
}

TEST(VaultDiff, TagValueChangeIsFieldLevel) {
  Changes changes = DiffTags(Kind::kVault, {{"team", "b"}}, {{"team", "a"}});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].ToString(), "backupVaultTags.team: \"a\" -> \"b\"");
  changes =
      DiffTags(Kind::kBackupPlan, {{"team", "a"}, {"cost", "1"}}, {{"team", "a"}, {"old", "x"}});
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].ToString(), "backupPlanTags.cost: (none) -> \"1\"");
  EXPECT_EQ(changes[1].ToString(), "backupPlanTags.old: \"x\" -> (none)");
}

TEST(VaultDiff, UndeclaredKeyIsNotDriftDeclaredKeyIs) {
  Vault desired{"prod", std::nullopt, {}, std::nullopt};
  Vault live{"prod", "arn:aws:kms:us-east-1:1:key/aws-made", {}, std::nullopt};
  EXPECT_TRUE(DiffVaultKey(desired, live).empty());
  desired.encryption_key_arn = "arn:aws:kms:us-east-1:1:key/mine";
  EXPECT_EQ(DiffVaultKey(desired, live).size(), 1u);
}

TEST(VaultDiff, LockChangeableForDaysIsNeverDrift) {
  VaultLock want{7, 365, 3};
  VaultLock have{7, 365, std::nullopt};
  EXPECT_TRUE(DiffLock(NormalizeLock(want), NormalizeLock(have)).empty());
  have.min_retention_days = 1;
  EXPECT_EQ(DiffLock(NormalizeLock(want), NormalizeLock(have))[0].path, "minRetentionDays");
  EXPECT_EQ(DiffLock(NormalizeLock(want), std::nullopt).size(), 2u);
}

TEST(NotificationsDiff, EventsAreASet) {
  VaultNotifications want{"prod", testing::kTopic, {"A", "B"}};
  VaultNotifications have{"prod", testing::kTopic, {"B", "A", "A"}};
  EXPECT_TRUE(
      DiffNotifications(NormalizeNotifications(want), NormalizeNotifications(have)).empty());
  have.events = {"B", "C"};
  Changes changes = DiffNotifications(NormalizeNotifications(want), NormalizeNotifications(have));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].ToString(), "backupVaultEvents: +A -C");
  have = want;
  have.sns_topic_arn = "arn:aws:sns:us-east-1:1:other";
  EXPECT_EQ(DiffNotifications(want, have)[0].path, "snsTopicArn");
}

struct PolicyRow {
  const char* name;
  const char* desired;
  const char* live;
  bool changed;
};

class PolicyDiff : public ::testing::TestWithParam<PolicyRow> {};

TEST_P(PolicyDiff, Semantic) {
  VaultAccessPolicy want{"prod", json::parse(GetParam().desired)};
  VaultAccessPolicy have{"prod", GetParam().live};  // live answers a JSON string
  Changes changes = DiffPolicy(&want, &have);
  EXPECT_EQ(!changes.empty(), GetParam().changed);
  EXPECT_EQ(DiffPolicy(&have, &want).empty(), changes.empty()) << "equality is symmetric";
}

constexpr char kPolicy[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":["*"]},)"
    R"("Action":["backup:DeleteRecoveryPoint"],"Resource":["*"],)"
    R"("Condition":{"StringNotEquals":{"aws:PrincipalArn":["arn:a","arn:b"]}}}]})";

INSTANTIATE_TEST_SUITE_P(
    Rows, PolicyDiff,
    ::testing::Values(
        PolicyRow{"identical", kPolicy, kPolicy, false},
        PolicyRow{"key_order_and_whitespace", kPolicy,
                  R"({ "Statement": [ { "Resource": "*", "Action": "backup:DeleteRecoveryPoint",
                      "Principal": {"AWS": "*"}, "Effect": "Deny",
                      "Condition": {"StringNotEquals": {"aws:PrincipalArn": ["arn:b", "arn:a"]}} } ],
                      "Version": "2012-10-17" })",
                  false},
        PolicyRow{"single_statement_object", kPolicy,
                  R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":"*"},
                      "Action":"backup:DeleteRecoveryPoint","Resource":"*",
                      "Condition":{"StringNotEquals":{"aws:PrincipalArn":["arn:a","arn:b"]}}}})",
                  false},
        PolicyRow{
            "effect_changed", kPolicy,
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},
                      "Action":["backup:DeleteRecoveryPoint"],"Resource":["*"],
                      "Condition":{"StringNotEquals":{"aws:PrincipalArn":["arn:a","arn:b"]}}}]})",
            true},
        PolicyRow{
            "condition_value_dropped", kPolicy,
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":["*"]},
                      "Action":["backup:DeleteRecoveryPoint"],"Resource":["*"],
                      "Condition":{"StringNotEquals":{"aws:PrincipalArn":"arn:a"}}}]})",
            true},
        // IAM's equalities (issue 14 item 7).
        PolicyRow{"account_id_and_its_root_arn",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":["012345678901","arn:aws:iam::123456789012:root"]},)"
                  R"("Action":"backup:*","Resource":"*"}]})",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":["arn:aws:iam::012345678901:root","123456789012"]},)"
                  R"("Action":"backup:*","Resource":"*"}]})",
                  false},
        PolicyRow{"root_arn_of_another_partition",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":"012345678901"},"Action":"backup:*","Resource":"*"}]})",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":"arn:aws-cn:iam::012345678901:root"},)"
                  R"("Action":"backup:*","Resource":"*"}]})",
                  true},
        PolicyRow{"account_id_is_not_a_number",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":"012345678901"},"Action":"backup:*","Resource":"*"}]})",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":12345678901},"Action":"backup:*","Resource":"*"}]})",
                  true},
        PolicyRow{"a_role_is_not_its_account",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":"123456789012"},"Action":"backup:*","Resource":"*"}]})",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":"arn:aws:iam::123456789012:role/root"},)"
                  R"("Action":"backup:*","Resource":"*"}]})",
                  true},
        PolicyRow{"star_principal_and_aws_star", kPolicy,
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                  R"("Action":["backup:DeleteRecoveryPoint"],"Resource":["*"],)"
                  R"("Condition":{"StringNotEquals":{"aws:PrincipalArn":["arn:a","arn:b"]}}}]})",
                  false},
        PolicyRow{"action_names_in_any_case", kPolicy,
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                  R"("Action":"BACKUP:deleteRecoveryPOINT","Resource":["*"],)"
                  R"("Condition":{"StringNotEquals":{"aws:PrincipalArn":["arn:a","arn:b"]}}}]})",
                  false},
        PolicyRow{"condition_operator_and_key_in_any_case", kPolicy,
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                  R"("Action":"backup:DeleteRecoveryPoint","Resource":["*"],)"
                  R"("Condition":{"stringnotequals":{"AWS:PRINCIPALARN":["arn:a","arn:b"]}}}]})",
                  false},
        PolicyRow{"condition_values_keep_their_case", kPolicy,
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                  R"("Action":"backup:DeleteRecoveryPoint","Resource":["*"],)"
                  R"("Condition":{"StringNotEquals":{"aws:PrincipalArn":["ARN:A","arn:b"]}}}]})",
                  true},
        PolicyRow{"condition_boolean_and_its_text",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                  R"("Action":"backup:*","Resource":"*",)"
                  R"("Condition":{"Bool":{"aws:SecureTransport":false}}}]})",
                  R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                  R"("Action":"backup:*","Resource":"*",)"
                  R"("Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})",
                  false},
        PolicyRow{
            "resource_arns_keep_their_case",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
            R"("Action":"backup:*","Resource":"arn:aws:backup:us-east-1:1:backup-vault:A"}]})",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
            R"("Action":"backup:*","Resource":"arn:aws:backup:us-east-1:1:backup-vault:a"}]})",
            true}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PolicyDiff, RootArnEqualsTheAccountOnlyInTheAccountsPartition) {
  VaultAccessPolicy want{"prod",
                         json::parse(R"({"Statement":{"Principal":{"AWS":"111122223333"}}})")};
  VaultAccessPolicy have{
      "prod",
      json::parse(R"({"Statement":{"Principal":{"AWS":"arn:aws-cn:iam::111122223333:root"}}})")};
  EXPECT_TRUE(DiffPolicy(&want, &have, "aws-cn").empty());
  EXPECT_FALSE(DiffPolicy(&want, &have, "aws").empty());
  EXPECT_EQ(ArnPartition("arn:aws-cn:backup:cn-north-1:111122223333:backup-vault:prod"), "aws-cn");
  EXPECT_EQ(ArnPartition(""), "aws");
}

}  // namespace
}  // namespace backupctl
