// Plans, plan versions and selections round-trip through AwsBackupClient and
// the emulator server over HTTP, each List read across three or more pages.

#include <gtest/gtest.h>

#include <set>

#include "tests/client_e2e/emulator_fixture.h"

namespace backupctl {
namespace {

using testing::EmulatorTest;
using testing::SamplePlan;
using testing::SampleSelection;

class PlansTest : public EmulatorTest {
 protected:
  void SetUp() override {
    EmulatorTest::SetUp();
    ASSERT_TRUE(client_->CreateBackupVault({"primary", {}, {}, {}}).ok());
  }

  std::string MakePlan(const std::string& name) {
    CreateBackupPlanInput in;
    in.backup_plan = SamplePlan(name, "primary");
    in.backup_plan_tags = {{"owner", "platform"}};
    in.creator_request_id = "crid-" + name;
    Outcome<CreateBackupPlanOutput> out = client_->CreateBackupPlan(in);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? out.value().backup_plan_id : "";
  }
};

TEST_F(PlansTest, CreateGetUpdateDelete) {
  CreateBackupPlanInput in;
  in.backup_plan = SamplePlan("nightly", "primary");
  in.creator_request_id = "crid-nightly";
  Outcome<CreateBackupPlanOutput> made = client_->CreateBackupPlan(in);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  const std::string id = made.value().backup_plan_id;
  EXPECT_FALSE(id.empty());
  EXPECT_NE(made.value().backup_plan_arn.find(":backup-plan:" + id), std::string::npos);
  EXPECT_FALSE(made.value().version_id.empty());

  Outcome<GetBackupPlanOutput> got = client_->GetBackupPlan({id, std::nullopt});
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  const BackupPlan& plan = got.value().backup_plan;
  EXPECT_EQ(plan.backup_plan_name, "nightly");
  ASSERT_EQ(plan.rules.size(), 1u);
  const BackupRule& rule = plan.rules[0];
  EXPECT_EQ(rule.rule_name, "daily");
  EXPECT_EQ(rule.target_backup_vault_name, "primary");
  EXPECT_EQ(rule.schedule_expression, "cron(0 5 ? * * *)");
  EXPECT_EQ(rule.start_window_minutes, 60);
  EXPECT_EQ(rule.completion_window_minutes, 180);
  ASSERT_TRUE(rule.lifecycle.has_value());
  EXPECT_EQ(rule.lifecycle->delete_after_days, 35);
  EXPECT_EQ(rule.recovery_point_tags.at("source"), "backupctl");
  ASSERT_EQ(rule.copy_actions.size(), 1u);
  EXPECT_EQ(rule.copy_actions[0].lifecycle->delete_after_days, 90);
  EXPECT_TRUE(rule.rule_id.has_value());
  EXPECT_EQ(got.value().creator_request_id, "crid-nightly");
  EXPECT_EQ(got.value().version_id, made.value().version_id);

  UpdateBackupPlanInput update;
  update.backup_plan_id = id;
  update.backup_plan = SamplePlan("nightly", "primary");
  update.backup_plan.rules[0].lifecycle->delete_after_days = 60;
  Outcome<UpdateBackupPlanOutput> updated = client_->UpdateBackupPlan(update);
  ASSERT_TRUE(updated.ok()) << updated.error().ToString();
  EXPECT_NE(updated.value().version_id, made.value().version_id);

  got = client_->GetBackupPlan({id, std::nullopt});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value().backup_plan.rules[0].lifecycle->delete_after_days, 60);
  Outcome<GetBackupPlanOutput> first = client_->GetBackupPlan({id, made.value().version_id});
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first.value().backup_plan.rules[0].lifecycle->delete_after_days, 35);

  Outcome<DeleteBackupPlanOutput> deleted = client_->DeleteBackupPlan({id});
  ASSERT_TRUE(deleted.ok()) << deleted.error().ToString();
  EXPECT_EQ(deleted.value().backup_plan_id, id);
  EXPECT_GT(deleted.value().deletion_date, 0);
  // A deleted plan still answers GetBackupPlan, with its DeletionDate.
  got = client_->GetBackupPlan({id, std::nullopt});
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_TRUE(got.value().deletion_date.has_value());
}

TEST_F(PlansTest, ListBackupPlansAcrossPages) {
  std::set<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.insert(MakePlan("plan-" + std::to_string(i)));
  ASSERT_TRUE(client_->DeleteBackupPlan({*ids.begin()}).ok());

  auto list = [&](bool include_deleted, int* pages) {
    std::set<std::string> seen;
    ListBackupPlansInput in;
    in.max_results = 2;
    in.include_deleted = include_deleted;
    ReadAll(
        in, [&](const ListBackupPlansInput& page) { return client_->ListBackupPlans(page); },
        [&](const ListBackupPlansOutput& page) {
          for (const auto& p : page.backup_plans_list) {
            EXPECT_TRUE(seen.insert(p.backup_plan_id).second);
            EXPECT_EQ(p.backup_plan_name.rfind("plan-", 0), 0u);
            EXPECT_EQ(p.creator_request_id, "crid-" + p.backup_plan_name);
          }
        },
        pages);
    return seen;
  };
  int pages = 0;
  std::set<std::string> live = list(false, &pages);
  EXPECT_EQ(live.size(), 6u);
  EXPECT_EQ(live.count(*ids.begin()), 0u);
  EXPECT_GE(pages, 3);
  EXPECT_EQ(list(true, &pages), ids);
  EXPECT_GE(pages, 4);
}

TEST_F(PlansTest, ListBackupPlanVersionsAcrossPages) {
  std::string id = MakePlan("versioned");
  std::set<std::string> versions;
  versions.insert(client_->GetBackupPlan({id, std::nullopt}).value().version_id);
  for (int days = 40; days < 46; ++days) {
    UpdateBackupPlanInput update;
    update.backup_plan_id = id;
    update.backup_plan = SamplePlan("versioned", "primary");
    update.backup_plan.rules[0].lifecycle->delete_after_days = days;
    Outcome<UpdateBackupPlanOutput> out = client_->UpdateBackupPlan(update);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    versions.insert(out.value().version_id);
  }
  ASSERT_EQ(versions.size(), 7u);

  std::set<std::string> seen;
  int pages = 0;
  ListBackupPlanVersionsInput in;
  in.backup_plan_id = id;
  in.max_results = 2;
  ReadAll(
      in,
      [&](const ListBackupPlanVersionsInput& page) {
        return client_->ListBackupPlanVersions(page);
      },
      [&](const ListBackupPlanVersionsOutput& page) {
        for (const auto& v : page.backup_plan_versions_list) {
          EXPECT_EQ(v.backup_plan_id, id);
          seen.insert(v.version_id);
        }
      },
      &pages);
  EXPECT_EQ(seen, versions);
  EXPECT_GE(pages, 4);
}

TEST_F(PlansTest, SelectionsRoundTripAndPage) {
  std::string plan_id = MakePlan("with-selections");
  CreateBackupSelectionInput in;
  in.backup_plan_id = plan_id;
  in.backup_selection = SampleSelection("volumes");
  in.creator_request_id = "crid-volumes";
  Outcome<CreateBackupSelectionOutput> made = client_->CreateBackupSelection(in);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  const std::string selection_id = made.value().selection_id;
  EXPECT_EQ(made.value().backup_plan_id, plan_id);

  Outcome<GetBackupSelectionOutput> got = client_->GetBackupSelection({plan_id, selection_id});
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  const BackupSelection& s = got.value().backup_selection;
  BackupSelection want = SampleSelection("volumes");
  EXPECT_EQ(s.selection_name, want.selection_name);
  EXPECT_EQ(s.iam_role_arn, want.iam_role_arn);
  EXPECT_EQ(s.resources, want.resources);
  EXPECT_EQ(s.not_resources, want.not_resources);
  ASSERT_EQ(s.list_of_tags.size(), 1u);
  EXPECT_EQ(s.list_of_tags[0].condition_key, "backup");
  EXPECT_EQ(s.list_of_tags[0].condition_value, "daily");
  ASSERT_TRUE(s.conditions.has_value());
  ASSERT_EQ(s.conditions->string_equals.size(), 1u);
  EXPECT_EQ(s.conditions->string_equals[0].condition_key, "aws:ResourceTag/env");
  EXPECT_EQ(got.value().creator_request_id, "crid-volumes");

  std::set<std::string> ids = {selection_id};
  for (int i = 0; i < 6; ++i) {
    CreateBackupSelectionInput more;
    more.backup_plan_id = plan_id;
    more.backup_selection = SampleSelection("sel-" + std::to_string(i));
    Outcome<CreateBackupSelectionOutput> out = client_->CreateBackupSelection(more);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    ids.insert(out.value().selection_id);
  }
  std::set<std::string> seen;
  int pages = 0;
  ListBackupSelectionsInput list;
  list.backup_plan_id = plan_id;
  list.max_results = 2;
  ReadAll(
      list,
      [&](const ListBackupSelectionsInput& page) { return client_->ListBackupSelections(page); },
      [&](const ListBackupSelectionsOutput& page) {
        for (const auto& m : page.backup_selections_list) {
          EXPECT_EQ(m.backup_plan_id, plan_id);
          EXPECT_EQ(m.iam_role_arn, want.iam_role_arn);
          seen.insert(m.selection_id);
        }
      },
      &pages);
  EXPECT_EQ(seen, ids);
  EXPECT_GE(pages, 4);

  ASSERT_TRUE(client_->DeleteBackupSelection({plan_id, selection_id}).ok());
  Outcome<GetBackupSelectionOutput> gone = client_->GetBackupSelection({plan_id, selection_id});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace backupctl
