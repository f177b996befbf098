// LocalAccount: backup plans, versions, defaults, deletion.

#include <gtest/gtest.h>

#include "providers/local/account.h"
#include "tests/local/account_test_util.h"

namespace backupctl {
namespace {

class AccountPlansTest : public ::testing::Test {
 protected:
  void SetUp() override { Ok(account_.CreateBackupVault(VaultInput("main-vault"))); }

  GetBackupPlanOutput Get(const std::string& id, std::optional<std::string> version = {}) {
    GetBackupPlanInput in;
    in.backup_plan_id = id;
    in.version_id = std::move(version);
    return Ok(account_.GetBackupPlan(in));
  }

  std::vector<BackupPlansListMember> ListAll(bool include_deleted) {
    ListBackupPlansInput in;
    in.include_deleted = include_deleted;
    return Ok(account_.ListBackupPlans(in)).backup_plans_list;
  }

  LocalAccount account_{AccountOptions{}};
};

TEST_F(AccountPlansTest, CreateAssignsIdentityAndFillsDefaults) {
  auto created = Ok(account_.CreateBackupPlan(PlanInput("nightly", "main-vault", "plan-req")));
  EXPECT_EQ(created.backup_plan_id.size(), 36u);
  EXPECT_EQ(created.backup_plan_arn,
            "arn:aws:backup:us-east-1:123456789012:backup-plan:" + created.backup_plan_id);
  EXPECT_GE(created.version_id.size(), 32u);

  auto got = Get(created.backup_plan_id);
  EXPECT_EQ(got.backup_plan_id, created.backup_plan_id);
  EXPECT_EQ(got.version_id, created.version_id);
  EXPECT_EQ(got.creator_request_id, "plan-req");
  EXPECT_FALSE(got.deletion_date.has_value());
  EXPECT_EQ(got.backup_plan.backup_plan_name, "nightly");
  ASSERT_EQ(got.backup_plan.rules.size(), 1u);
  const BackupRule& rule = got.backup_plan.rules[0];
  EXPECT_EQ(rule.schedule_expression, "cron(0 5 ? * * *)");
  EXPECT_EQ(rule.schedule_expression_timezone, "Etc/UTC");
  EXPECT_EQ(rule.start_window_minutes, 480);
  EXPECT_EQ(rule.completion_window_minutes, 10080);
  ASSERT_TRUE(rule.rule_id.has_value());
  EXPECT_EQ(rule.rule_id->size(), 36u);
  EXPECT_FALSE(rule.lifecycle.has_value());
}

TEST_F(AccountPlansTest, GivenValuesAreKept) {
  auto in = PlanInput("p1", "main-vault");
  BackupRule& rule = in.backup_plan.rules[0];
  rule.schedule_expression = "cron(0 3 ? * MON-FRI *)";
  rule.schedule_expression_timezone = "Europe/Berlin";
  rule.start_window_minutes = 60;
  rule.completion_window_minutes = 180;
  rule.lifecycle = Lifecycle{30, 365, std::nullopt, std::nullopt};
  rule.recovery_point_tags = {{"tier", "gold"}};
  rule.copy_actions.push_back(
      {"arn:aws:backup:us-west-2:123456789012:backup-vault:dr", Lifecycle{{}, 35, {}, {}}});
  in.backup_plan.advanced_backup_settings.push_back({"EC2", {{"WindowsVSS", "enabled"}}});
  auto created = Ok(account_.CreateBackupPlan(in));
  ASSERT_EQ(created.advanced_backup_settings.size(), 1u);
  auto got = Get(created.backup_plan_id).backup_plan;
  const BackupRule& r = got.rules[0];
  EXPECT_EQ(r.schedule_expression, "cron(0 3 ? * MON-FRI *)");
  EXPECT_EQ(r.schedule_expression_timezone, "Europe/Berlin");
  EXPECT_EQ(r.start_window_minutes, 60);
  EXPECT_EQ(r.completion_window_minutes, 180);
  EXPECT_EQ(r.lifecycle->delete_after_days, 365);
  EXPECT_EQ(r.recovery_point_tags.at("tier"), "gold");
  ASSERT_EQ(r.copy_actions.size(), 1u);
  EXPECT_EQ(r.copy_actions[0].lifecycle->delete_after_days, 35);
  EXPECT_EQ(got.advanced_backup_settings[0].backup_options.at("WindowsVSS"), "enabled");
}

TEST_F(AccountPlansTest, DuplicateNamesMakeSecondPlan) {
  auto a = Ok(account_.CreateBackupPlan(PlanInput("same", "main-vault", "req-a")));
  auto b = Ok(account_.CreateBackupPlan(PlanInput("same", "main-vault", "req-b")));
  auto c = Ok(account_.CreateBackupPlan(PlanInput("same", "main-vault")));
  EXPECT_NE(a.backup_plan_id, b.backup_plan_id);
  EXPECT_NE(b.backup_plan_id, c.backup_plan_id);
  EXPECT_EQ(ListAll(false).size(), 3u);
}

TEST_F(AccountPlansTest, RepeatedCreatorRequestIdReturnsThePlan) {
  auto first = Ok(account_.CreateBackupPlan(PlanInput("p", "main-vault", "req-a")));
  auto retry = Ok(account_.CreateBackupPlan(PlanInput("p", "main-vault", "req-a")));
  EXPECT_EQ(retry.backup_plan_id, first.backup_plan_id);
  EXPECT_EQ(retry.version_id, first.version_id);
  EXPECT_EQ(retry.creation_date, first.creation_date);
  EXPECT_EQ(ListAll(true).size(), 1u);
  // Once that plan is deleted the id makes a new one.
  Ok(account_.DeleteBackupPlan({first.backup_plan_id}));
  auto fresh = Ok(account_.CreateBackupPlan(PlanInput("p", "main-vault", "req-a")));
  EXPECT_NE(fresh.backup_plan_id, first.backup_plan_id);
}

TEST_F(AccountPlansTest, DocumentValidation) {
  auto expect_code = [&](CreateBackupPlanInput in, const std::string& code) {
    auto out = account_.CreateBackupPlan(in);
    EXPECT_EQ(CodeOf(out), code) << (out.ok() ? "" : out.error().message);
  };
  const std::string invalid = "InvalidParameterValueException";
  auto in = PlanInput("bad name!", "main-vault");
  expect_code(in, invalid);
  in = PlanInput(std::string(51, 'p'), "main-vault");
  expect_code(in, invalid);
  in = PlanInput("", "main-vault");
  expect_code(in, "MissingParameterValueException");
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules.clear();
  expect_code(in, "MissingParameterValueException");
  in = PlanInput("p", "no-such-vault");
  expect_code(in, invalid);
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules.push_back(Rule("daily", "main-vault"));
  expect_code(in, invalid);  // duplicate rule name
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules[0].rule_name = "bad rule";
  expect_code(in, invalid);
  for (const char* schedule : {"cron(0 5 * * *)", "cron(0 5 * * * *)", "cron(0 25 ? * * *)",
                               "rate(30 minutes)", "rate(1 hours)", "every day", "cron()"}) {
    in = PlanInput("p", "main-vault");
    in.backup_plan.rules[0].schedule_expression = schedule;
    expect_code(in, invalid);
  }
  for (const char* schedule : {"rate(1 hour)", "rate(12 hours)", "rate(2 days)",
                               "cron(0 */4 ? * * *)", "cron(15 3 1 * ? *)"}) {
    in = PlanInput("p", "main-vault");
    in.backup_plan.rules[0].schedule_expression = schedule;
    expect_code(in, "OK");
  }
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules[0].schedule_expression_timezone = "";
  expect_code(in, invalid);
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules[0].start_window_minutes = 59;
  expect_code(in, invalid);
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules[0].start_window_minutes = 120;
  in.backup_plan.rules[0].completion_window_minutes = 120;
  expect_code(in, invalid);
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules[0].lifecycle = Lifecycle{30, 119, std::nullopt, std::nullopt};
  expect_code(in, invalid);
  in.backup_plan.rules[0].lifecycle = Lifecycle{30, 120, std::nullopt, std::nullopt};
  expect_code(in, "OK");
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules[0].copy_actions.push_back({"not-an-arn", std::nullopt});
  expect_code(in, invalid);
  in = PlanInput("p", "main-vault");
  in.backup_plan.rules[0].copy_actions.push_back(
      {"arn:aws:backup:us-west-2:123456789012:backup-vault:dr", Lifecycle{10, 20, {}, {}}});
  expect_code(in, invalid);
  in = PlanInput("p", "main-vault");
  in.backup_plan_tags = {{"aws:reserved", "x"}};
  expect_code(in, invalid);
  in = PlanInput("p", "main-vault", "has space");
  expect_code(in, invalid);
  EXPECT_EQ(ListAll(true).size(), 6u);  // only the "OK" cases made plans
}

TEST_F(AccountPlansTest, UpdateMakesNewVersionAndKeepsRuleIdsByName) {
  auto created = Ok(account_.CreateBackupPlan(PlanInput("p", "main-vault")));
  auto v1 = Get(created.backup_plan_id);
  UpdateBackupPlanInput update;
  update.backup_plan_id = created.backup_plan_id;
  update.backup_plan = v1.backup_plan;
  update.backup_plan.rules[0].start_window_minutes = 60;
  update.backup_plan.rules[0].rule_id.reset();
  update.backup_plan.rules.push_back(Rule("weekly", "main-vault"));
  auto updated = Ok(account_.UpdateBackupPlan(update));
  EXPECT_EQ(updated.backup_plan_id, created.backup_plan_id);
  EXPECT_EQ(updated.backup_plan_arn, created.backup_plan_arn);
  EXPECT_NE(updated.version_id, created.version_id);

  auto v2 = Get(created.backup_plan_id);
  EXPECT_EQ(v2.version_id, updated.version_id);
  ASSERT_EQ(v2.backup_plan.rules.size(), 2u);
  EXPECT_EQ(v2.backup_plan.rules[0].rule_id, v1.backup_plan.rules[0].rule_id);
  EXPECT_NE(v2.backup_plan.rules[1].rule_id, v1.backup_plan.rules[0].rule_id);
  EXPECT_EQ(v2.backup_plan.rules[0].start_window_minutes, 60);

  // The old version still answers.
  auto old = Get(created.backup_plan_id, created.version_id);
  EXPECT_EQ(old.version_id, created.version_id);
  EXPECT_EQ(old.backup_plan.rules.size(), 1u);
  EXPECT_EQ(old.backup_plan.rules[0].start_window_minutes, 480);
  GetBackupPlanInput bad_version{created.backup_plan_id, std::string("nope")};
  EXPECT_EQ(CodeOf(account_.GetBackupPlan(bad_version)), "ResourceNotFoundException");

  // Versions, newest first.
  ListBackupPlanVersionsInput versions_in;
  versions_in.backup_plan_id = created.backup_plan_id;
  auto versions = Ok(account_.ListBackupPlanVersions(versions_in)).backup_plan_versions_list;
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version_id, updated.version_id);
  EXPECT_EQ(versions[1].version_id, created.version_id);
  EXPECT_EQ(versions[0].backup_plan_name, "p");

  // ListBackupPlans shows the current version.
  auto listed = ListAll(false);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].version_id, updated.version_id);
}

TEST_F(AccountPlansTest, UpdateErrors) {
  auto created = Ok(account_.CreateBackupPlan(PlanInput("p", "main-vault")));
  UpdateBackupPlanInput update;
  update.backup_plan_id = created.backup_plan_id;
  update.backup_plan = PlanInput("p", "no-such-vault").backup_plan;
  EXPECT_EQ(CodeOf(account_.UpdateBackupPlan(update)), "InvalidParameterValueException");
  EXPECT_EQ(Get(created.backup_plan_id).version_id, created.version_id);
  update.backup_plan_id = "00000000-0000-0000-0000-000000000000";
  update.backup_plan = PlanInput("p", "main-vault").backup_plan;
  EXPECT_EQ(CodeOf(account_.UpdateBackupPlan(update)), "ResourceNotFoundException");
  Ok(account_.DeleteBackupPlan({created.backup_plan_id}));
  update.backup_plan_id = created.backup_plan_id;
  EXPECT_EQ(CodeOf(account_.UpdateBackupPlan(update)), "ResourceNotFoundException");
}

TEST_F(AccountPlansTest, DeleteHidesPlanButGetStillAnswers) {
  auto created = Ok(account_.CreateBackupPlan(PlanInput("p", "main-vault")));
  auto deleted = Ok(account_.DeleteBackupPlan({created.backup_plan_id}));
  EXPECT_EQ(deleted.backup_plan_id, created.backup_plan_id);
  EXPECT_EQ(deleted.version_id, created.version_id);
  EXPECT_GT(deleted.deletion_date, 0);
  EXPECT_TRUE(ListAll(false).empty());
  auto with_deleted = ListAll(true);
  ASSERT_EQ(with_deleted.size(), 1u);
  EXPECT_EQ(with_deleted[0].deletion_date, deleted.deletion_date);
  auto got = Get(created.backup_plan_id);
  EXPECT_EQ(got.deletion_date, deleted.deletion_date);
  EXPECT_EQ(CodeOf(account_.DeleteBackupPlan({created.backup_plan_id})),
            "ResourceNotFoundException");
  EXPECT_EQ(CodeOf(account_.DeleteBackupPlan({"missing"})), "ResourceNotFoundException");
  GetBackupPlanInput missing{"missing", std::nullopt};
  EXPECT_EQ(CodeOf(account_.GetBackupPlan(missing)), "ResourceNotFoundException");
  ListBackupPlanVersionsInput versions_of_missing;
  versions_of_missing.backup_plan_id = "missing";
  EXPECT_EQ(CodeOf(account_.ListBackupPlanVersions(versions_of_missing)),
            "ResourceNotFoundException");
  // A deleted plan's versions still answer, like GetBackupPlan.
  ListBackupPlanVersionsInput versions_of_deleted;
  versions_of_deleted.backup_plan_id = created.backup_plan_id;
  EXPECT_EQ(
      Ok(account_.ListBackupPlanVersions(versions_of_deleted)).backup_plan_versions_list.size(),
      1u);
}

TEST_F(AccountPlansTest, PlanWithSelectionsCannotBeDeleted) {
  auto plan = Ok(account_.CreateBackupPlan(PlanInput("p", "main-vault")));
  auto sel = Ok(account_.CreateBackupSelection(SelectionInput(plan.backup_plan_id, "s")));
  auto refused = account_.DeleteBackupPlan({plan.backup_plan_id});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "InvalidRequestException");
  EXPECT_EQ(refused.error().message,
            "Related backup plan selections must be deleted prior to backup plan deletion");
  EXPECT_EQ(ListAll(false).size(), 1u);
  Ok(account_.DeleteBackupSelection({plan.backup_plan_id, sel.selection_id}));
  Ok(account_.DeleteBackupPlan({plan.backup_plan_id}));
}

TEST_F(AccountPlansTest, PlanTags) {
  auto in = PlanInput("p", "main-vault");
  in.backup_plan_tags = {{"stack", "prod"}};
  auto plan = Ok(account_.CreateBackupPlan(in));
  EXPECT_EQ(Ok(account_.ListTags(TagsIn(plan.backup_plan_arn))).tags, in.backup_plan_tags);
  Ok(account_.DeleteBackupPlan({plan.backup_plan_id}));
  EXPECT_EQ(CodeOf(account_.ListTags(TagsIn(plan.backup_plan_arn))), "ResourceNotFoundException");
}

TEST(AccountQuotasTest, PlanQuotaCountsLivePlansOnly) {
  AccountOptions options;
  options.quotas.plans = 2;
  LocalAccount account(options);
  Ok(account.CreateBackupVault(VaultInput("main-vault")));
  auto first = Ok(account.CreateBackupPlan(PlanInput("p1", "main-vault", "r1")));
  Ok(account.CreateBackupPlan(PlanInput("p2", "main-vault")));
  auto over = account.CreateBackupPlan(PlanInput("p3", "main-vault"));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "LimitExceededException");
  // A retry of a create that made a plan still answers with that plan.
  EXPECT_EQ(Ok(account.CreateBackupPlan(PlanInput("p1", "main-vault", "r1"))).backup_plan_id,
            first.backup_plan_id);
  Ok(account.DeleteBackupPlan({first.backup_plan_id}));
  Ok(account.CreateBackupPlan(PlanInput("p3", "main-vault")));
}

TEST(AccountQuotasTest, ZeroMeansNoQuota) {
  AccountOptions options;
  options.quotas.vaults = 0;
  LocalAccount account(options);
  for (int i = 0; i < 301; ++i) Ok(account.CreateBackupVault(VaultInput("v" + std::to_string(i))));
  AccountOptions defaults;
  LocalAccount limited(defaults);
  for (int i = 0; i < 300; ++i) Ok(limited.CreateBackupVault(VaultInput("v" + std::to_string(i))));
  EXPECT_EQ(limited.CreateBackupVault(VaultInput("v300")).error().kind, ErrorKind::kLimitExceeded);
}

}  // namespace
}  // namespace backupctl
