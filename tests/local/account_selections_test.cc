// LocalAccount: backup selections and tags.

#include <gtest/gtest.h>

#include "providers/local/account.h"
#include "tests/local/account_test_util.h"

namespace backupctl {
namespace {

class AccountSelectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Ok(account_.CreateBackupVault(VaultInput("main-vault")));
    plan_ = Ok(account_.CreateBackupPlan(PlanInput("p", "main-vault"))).backup_plan_id;
  }

  std::vector<BackupSelectionsListMember> List(const std::string& plan) {
    ListBackupSelectionsInput in;
    in.backup_plan_id = plan;
    return Ok(account_.ListBackupSelections(in)).backup_selections_list;
  }

  LocalAccount account_{AccountOptions{}};
  std::string plan_;
};

TEST_F(AccountSelectionsTest, GetReturnsAwsEmptyLists) {
  auto created = Ok(account_.CreateBackupSelection(SelectionInput(plan_, "sel", "sel-req")));
  EXPECT_EQ(created.backup_plan_id, plan_);
  EXPECT_EQ(created.selection_id.size(), 36u);
  auto got = Ok(account_.GetBackupSelection({plan_, created.selection_id}));
  EXPECT_EQ(got.selection_id, created.selection_id);
  EXPECT_EQ(got.backup_plan_id, plan_);
  EXPECT_EQ(got.creator_request_id, "sel-req");
  EXPECT_EQ(got.creation_date, created.creation_date);
  const BackupSelection& s = got.backup_selection;
  EXPECT_EQ(s.selection_name, "sel");
  EXPECT_EQ(s.iam_role_arn, "arn:aws:iam::123456789012:role/backup");
  EXPECT_EQ(s.resources.size(), 1u);
  EXPECT_TRUE(s.not_resources.empty());
  EXPECT_TRUE(s.list_of_tags.empty());
  ASSERT_TRUE(s.conditions.has_value());  // present, with four empty lists
  EXPECT_TRUE(s.conditions->string_equals.empty());
  EXPECT_TRUE(s.conditions->string_not_like.empty());
}

TEST_F(AccountSelectionsTest, TagsAndConditionsAreKept) {
  auto in = SelectionInput(plan_, "by-tag");
  in.backup_selection.resources = {"*"};
  in.backup_selection.not_resources = {"arn:aws:ec2:us-east-1:123456789012:volume/vol-x"};
  in.backup_selection.list_of_tags = {{"STRINGEQUALS", "backup", "daily"}};
  in.backup_selection.conditions = Conditions{{{"aws:ResourceTag/env", "prod"}}, {}, {}, {}};
  auto created = Ok(account_.CreateBackupSelection(in));
  auto s = Ok(account_.GetBackupSelection({plan_, created.selection_id})).backup_selection;
  EXPECT_EQ(s.list_of_tags.size(), 1u);
  EXPECT_EQ(s.list_of_tags[0].condition_value, "daily");
  EXPECT_EQ(s.conditions->string_equals[0].condition_key, "aws:ResourceTag/env");
  EXPECT_EQ(s.not_resources, in.backup_selection.not_resources);
}

TEST_F(AccountSelectionsTest, RepeatedCreatorRequestIdReturnsTheSelection) {
  auto first = Ok(account_.CreateBackupSelection(SelectionInput(plan_, "sel", "req-1")));
  auto retry = Ok(account_.CreateBackupSelection(SelectionInput(plan_, "sel", "req-1")));
  EXPECT_EQ(retry.selection_id, first.selection_id);
  EXPECT_EQ(retry.creation_date, first.creation_date);
  EXPECT_EQ(List(plan_).size(), 1u);
  // Same name, another request: a second selection (names are not unique).
  Ok(account_.CreateBackupSelection(SelectionInput(plan_, "sel", "req-2")));
  EXPECT_EQ(List(plan_).size(), 2u);
}

TEST_F(AccountSelectionsTest, Validation) {
  auto expect_code = [&](CreateBackupSelectionInput in, const std::string& code) {
    auto out = account_.CreateBackupSelection(in);
    EXPECT_EQ(CodeOf(out), code) << (out.ok() ? "" : out.error().message);
  };
  auto in = SelectionInput(plan_, "bad name");
  expect_code(in, "InvalidParameterValueException");
  in = SelectionInput(plan_, "");
  expect_code(in, "MissingParameterValueException");
  in = SelectionInput(plan_, "s");
  in.backup_selection.iam_role_arn = "";
  expect_code(in, "MissingParameterValueException");
  for (const char* role : {"backup-role", "arn:aws:iam::123456789012:user/bob",
                           "arn:aws:s3:::bucket", "arn:aws:iam::12345:role/r"}) {
    in = SelectionInput(plan_, "s");
    in.backup_selection.iam_role_arn = role;
    expect_code(in, "InvalidParameterValueException");
  }
  in = SelectionInput(plan_, "s");
  in.backup_selection.resources = {"vol-123"};
  expect_code(in, "InvalidParameterValueException");
  in = SelectionInput(plan_, "s");
  in.backup_selection.list_of_tags = {{"STRINGLIKE", "k", "v"}};
  expect_code(in, "InvalidParameterValueException");
  in = SelectionInput(plan_, "s");
  in.backup_selection.resources.clear();
  expect_code(in, "InvalidParameterValueException");  // neither resources nor tags
  in = SelectionInput(plan_, "s");
  in.backup_selection.resources.clear();
  in.backup_selection.conditions = Conditions{{{"aws:ResourceTag/env", "prod"}}, {}, {}, {}};
  expect_code(in, "InvalidParameterValueException");  // conditions alone select nothing
  in = SelectionInput(plan_, "s", "bad id!");
  expect_code(in, "InvalidParameterValueException");
  in = SelectionInput("no-such-plan", "s");
  expect_code(in, "ResourceNotFoundException");
  EXPECT_TRUE(List(plan_).empty());
  EXPECT_TRUE(account_.Snapshot().selections.empty());
}

TEST_F(AccountSelectionsTest, ListGetDelete) {
  auto a = Ok(account_.CreateBackupSelection(SelectionInput(plan_, "a", "ra")));
  auto b = Ok(account_.CreateBackupSelection(SelectionInput(plan_, "b")));
  auto listed = List(plan_);
  ASSERT_EQ(listed.size(), 2u);
  for (const auto& m : listed) {
    EXPECT_EQ(m.backup_plan_id, plan_);
    EXPECT_EQ(m.iam_role_arn, "arn:aws:iam::123456789012:role/backup");
    if (m.selection_id == a.selection_id) {
      EXPECT_EQ(m.selection_name, "a");
      EXPECT_EQ(m.creator_request_id, "ra");
    } else {
      EXPECT_EQ(m.selection_id, b.selection_id);
      EXPECT_FALSE(m.creator_request_id.has_value());
    }
  }
  Ok(account_.DeleteBackupSelection({plan_, a.selection_id}));
  EXPECT_EQ(CodeOf(account_.GetBackupSelection({plan_, a.selection_id})),
            "ResourceNotFoundException");
  EXPECT_EQ(CodeOf(account_.DeleteBackupSelection({plan_, a.selection_id})),
            "ResourceNotFoundException");
  EXPECT_EQ(List(plan_).size(), 1u);
  ListBackupSelectionsInput missing;
  missing.backup_plan_id = "no-such-plan";
  EXPECT_EQ(CodeOf(account_.ListBackupSelections(missing)), "ResourceNotFoundException");
  EXPECT_EQ(CodeOf(account_.GetBackupSelection({"no-such-plan", b.selection_id})),
            "ResourceNotFoundException");
}

TEST_F(AccountSelectionsTest, DeletedPlanHasNoSelections) {
  auto other = Ok(account_.CreateBackupPlan(PlanInput("q", "main-vault"))).backup_plan_id;
  Ok(account_.DeleteBackupPlan({other}));
  EXPECT_EQ(CodeOf(account_.CreateBackupSelection(SelectionInput(other, "s"))),
            "ResourceNotFoundException");
  ListBackupSelectionsInput in;
  in.backup_plan_id = other;
  EXPECT_EQ(CodeOf(account_.ListBackupSelections(in)), "ResourceNotFoundException");
}

TEST_F(AccountSelectionsTest, TagResourceUntagAndErrors) {
  auto vault_arn = Ok(account_.DescribeBackupVault({"main-vault"})).backup_vault_arn;
  Ok(account_.TagResource({vault_arn, {{"a", "1"}, {"b", "2"}}}));
  Ok(account_.TagResource({vault_arn, {{"b", "3"}}}));
  EXPECT_EQ(Ok(account_.ListTags(TagsIn(vault_arn))).tags, (Tags{{"a", "1"}, {"b", "3"}}));
  Ok(account_.UntagResource({vault_arn, {"a", "not-there"}}));
  EXPECT_EQ(Ok(account_.ListTags(TagsIn(vault_arn))).tags, (Tags{{"b", "3"}}));

  EXPECT_EQ(CodeOf(account_.TagResource({vault_arn, {{"aws:x", "1"}}})),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.UntagResource({vault_arn, {"aws:x"}})),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.TagResource({vault_arn, {}})), "MissingParameterValueException");
  EXPECT_EQ(CodeOf(account_.ListTags(TagsIn("garbage"))), "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.ListTags(TagsIn("arn:aws:s3:::bucket"))),
            "InvalidParameterValueException");
  for (const char* unknown : {"arn:aws:backup:us-east-1:123456789012:backup-vault:other",
                              "arn:aws:backup:us-east-1:123456789012:backup-plan:nope",
                              "arn:aws:backup:us-east-1:123456789012:recovery-point:nope",
                              "arn:aws:backup:eu-west-1:123456789012:backup-vault:main-vault",
                              "arn:aws:backup:us-east-1:999999999999:backup-vault:main-vault"}) {
    EXPECT_EQ(CodeOf(account_.ListTags(TagsIn(unknown))), "ResourceNotFoundException") << unknown;
    EXPECT_EQ(CodeOf(account_.TagResource({unknown, {{"k", "v"}}})), "ResourceNotFoundException");
  }
  EXPECT_EQ(Ok(account_.ListTags(TagsIn(vault_arn))).tags, (Tags{{"b", "3"}}));
}

}  // namespace
}  // namespace backupctl
