// The whole plan document round-trips against a LocalAccount: what the API
// set on a live plan and backupctl does not declare survives an update and is
// shown in the plan; declarable members converge with no diff afterwards; a
// logically air-gapped vault of a declared name is a conflict.

#include <gtest/gtest.h>

#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using testing::ChangePaths;
using testing::FindAction;
using testing::PlanAndApply;
using testing::PlanOrDie;
using testing::SmallTree;
using testing::TestOptions;

constexpr char kAirGapped[] = "arn:aws:backup:us-east-1:123456789012:backup-vault:airgap";

class PlanRoundTripTest : public ::testing::Test {
 protected:
  PlanRoundTripTest() : account_(AccountOptions{}), options_(TestOptions(account_)) {}

  void Converge(const DesiredState& desired) {
    ApplyReport report = PlanAndApply(account_, desired, options_);
    ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
    ActionPlan again = PlanOrDie(account_, desired, options_);
    ASSERT_TRUE(again.actions.empty()) << RenderPlanText(again, false);
  }

  std::string PlanId(const std::string& name) {
    auto out = account_.ListBackupPlans({});
    if (!out.ok()) return "";
    for (const auto& p : out.value().backup_plans_list) {
      if (p.backup_plan_name == name) return p.backup_plan_id;
    }
    ADD_FAILURE() << "no plan " << name;
    return "";
  }

  BackupPlan LiveBackupPlan(const std::string& name) {
    GetBackupPlanInput in;
    in.backup_plan_id = PlanId(name);
    auto out = account_.GetBackupPlan(in);
    EXPECT_TRUE(out.ok());
    return out.ok() ? out.value().backup_plan : BackupPlan{};
  }

  // Someone changes the live plan through the API (console, CLI, another tool).
  void EditLivePlan(const std::string& name, const std::function<void(BackupPlan&)>& edit) {
    UpdateBackupPlanInput in;
    in.backup_plan_id = PlanId(name);
    in.backup_plan = LiveBackupPlan(name);
    edit(in.backup_plan);
    auto out = account_.UpdateBackupPlan(in);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
  }

  static void AddScanning(BackupPlan& plan) {
    plan.rules[0].scan_actions = {{"GUARDDUTY", "INCREMENTAL_SCAN"}};
    plan.scan_settings = {{"GUARDDUTY", {"EBS"}, "arn:aws:iam::123456789012:role/scanner"}};
  }

  LocalAccount account_;
  ReconcileOptions options_;
};

TEST_F(PlanRoundTripTest, KeptMembersSurviveAnUnrelatedUpdateAndAreShown) {
  DesiredState desired = SmallTree();
  Converge(desired);
  EditLivePlan("daily", AddScanning);

  desired.plans[0].rules[0].lifecycle->delete_after_days = 90;
  ActionPlan plan = PlanOrDie(account_, desired, options_);
  const Action& a = FindAction(plan, "plan:daily");
  EXPECT_EQ(ChangePaths(a), std::vector<std::string>{"rule daily: deleteAfterDays"});
  EXPECT_EQ(a.kept, (std::vector<std::string>{
                        R"(ScanSettings [{"MalwareScanner":"GUARDDUTY","ResourceTypes":["EBS"],)"
                        R"("ScannerRoleArn":"arn:aws:iam::123456789012:role/scanner"}])",
                        R"(rule daily: ScanActions [{"MalwareScanner":"GUARDDUTY",)"
                        R"("ScanMode":"INCREMENTAL_SCAN"}])"}));
  const std::string text = RenderPlanText(plan, false);
  EXPECT_NE(text.find("kept: rule daily: ScanActions"), std::string::npos) << text;
  EXPECT_EQ(PlanToJson(plan)["actions"][0]["kept"].size(), 2u);

  Converge(desired);
  BackupPlan live = LiveBackupPlan("daily");
  EXPECT_EQ(live.rules[0].lifecycle->delete_after_days, 90);
  ASSERT_EQ(live.rules[0].scan_actions.size(), 1u);
  EXPECT_EQ(live.rules[0].scan_actions[0].scan_mode, "INCREMENTAL_SCAN");
  ASSERT_EQ(live.scan_settings.size(), 1u);
  EXPECT_EQ(live.scan_settings[0].resource_types, std::vector<std::string>{"EBS"});
}

TEST_F(PlanRoundTripTest, UndeclaredIndexActionsAreAVisibleChangeNeverASilentOne) {
  DesiredState desired = SmallTree();
  Converge(desired);
  EditLivePlan("daily", [](BackupPlan& p) { p.rules[0].index_actions = {{{"EBS"}}}; });

  ActionPlan plan = PlanOrDie(account_, desired, options_);
  const Action& a = FindAction(plan, "plan:daily");
  ASSERT_EQ(a.changes.size(), 1u) << RenderPlanText(plan, false);
  EXPECT_EQ(a.changes[0].ToString(), R"(rule daily: indexActions: -{"resourceTypes":["EBS"]})");

  desired.plans[0].rules[0].index_actions = {{{"EBS"}}};
  EXPECT_TRUE(PlanOrDie(account_, desired, options_).actions.empty());
}

TEST_F(PlanRoundTripTest, DeclaredNewMembersConvergeWithNoDiffAfterwards) {
  DesiredState desired = SmallTree();
  Rule& rule = desired.plans[0].rules[0];
  rule.lifecycle = LifecycleSpec{30, 400, true};
  rule.target_logically_air_gapped_backup_vault_arn = kAirGapped;
  rule.index_actions = {{{"S3", "EBS"}}};
  CopyActionSpec copy{"arn:aws:backup:eu-west-1:123456789012:backup-vault:dr",
                      LifecycleSpec{30, 200, true}};
  rule.copy_actions.push_back(copy);
  Converge(desired);

  BackupPlan live = LiveBackupPlan("daily");
  EXPECT_EQ(live.rules[0].lifecycle->opt_in_to_archive_for_supported_resources, true);
  EXPECT_EQ(live.rules[0].copy_actions[0].lifecycle->opt_in_to_archive_for_supported_resources,
            true);
  EXPECT_EQ(live.rules[0].target_logically_air_gapped_backup_vault_arn, kAirGapped);
  ASSERT_EQ(live.rules[0].index_actions.size(), 1u);

  rule.lifecycle->opt_in_to_archive_for_supported_resources = false;
  rule.target_logically_air_gapped_backup_vault_arn.reset();
  ActionPlan plan = PlanOrDie(account_, desired, options_);
  EXPECT_EQ(ChangePaths(FindAction(plan, "plan:daily")),
            (std::vector<std::string>{"rule daily: optInToArchiveForSupportedResources",
                                      "rule daily: targetLogicallyAirGappedBackupVaultArn"}));
  Converge(desired);
}

TEST_F(PlanRoundTripTest, AirGappedVaultOfADeclaredNameIsAConflictEvenWhenAdopting) {
  ASSERT_TRUE(account_.SeedAirGappedVault("prod").ok());
  options_.plan.adopt = true;
  ActionPlan plan = PlanOrDie(account_, SmallTree(), options_);
  const Action& a = FindAction(plan, "vault:prod");
  EXPECT_EQ(a.type, ActionType::kConflict);
  EXPECT_NE(a.reason.find("LOGICALLY_AIR_GAPPED_BACKUP_VAULT"), std::string::npos) << a.reason;
  EXPECT_EQ(FindAction(plan, "plan:daily").depends_on, std::vector<std::string>{"vault:prod"});
  ApplyReport report = Apply(plan, account_, options_.apply);
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(testing::CountPlansNamed(account_, "daily"), 0);
  auto vault = account_.DescribeBackupVault({"prod"});
  ASSERT_TRUE(vault.ok());
  EXPECT_EQ(vault.value().vault_type, "LOGICALLY_AIR_GAPPED_BACKUP_VAULT");
  ListTagsInput tags_in;
  tags_in.resource_arn = vault.value().backup_vault_arn;
  auto tags = account_.ListTags(tags_in);
  ASSERT_TRUE(tags.ok());
  EXPECT_TRUE(tags.value().tags.empty());
}

}  // namespace
}  // namespace backupctl
