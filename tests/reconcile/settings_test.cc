// BackupRegionSettings and BackupGlobalSettings against a LocalAccount: only
// declared keys are compared and sent, settings are updated before anything
// else, never created or deleted; and the plan's opt-in warning.

#include <gtest/gtest.h>

#include <algorithm>

#include "base/backup_resource_types.h"
#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using testing::ChangePaths;
using testing::FindAction;
using testing::HasAction;
using testing::PlanAndApply;
using testing::PlanOrDie;
using testing::RecordingApi;
using testing::SmallTree;
using testing::TestOptions;

RegionSettings Region(std::map<std::string, bool> opt_in,
                      std::map<std::string, bool> managed = {}) {
  return {"region", std::move(opt_in), std::move(managed)};
}

class SettingsTest : public ::testing::Test {
 protected:
  SettingsTest() : account_(AccountOptions{}), api_(account_), options_(TestOptions(account_)) {}

  DescribeRegionSettingsOutput Live() { return account_.DescribeRegionSettings({}).value(); }

  LocalAccount account_;
  RecordingApi api_;
  ReconcileOptions options_;
};

TEST_F(SettingsTest, UpdatesOnlyTheDeclaredKeysThatDiffer) {
  DesiredState desired;
  desired.project.stack = "payments";
  // EBS is already opted in: no change; S3 is not; DynamoDB management is off.
  desired.region_settings.push_back(Region({{"EBS", true}, {"S3", true}}, {{"DynamoDB", true}}));
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  ASSERT_EQ(plan.actions.size(), 1u) << RenderPlanText(plan, false);
  const Action& a = FindAction(plan, "region-settings:region");
  EXPECT_EQ(a.type, ActionType::kUpdate);
  EXPECT_EQ(a.kind, Kind::kRegionSettings);
  EXPECT_EQ(ChangePaths(a),
            (std::vector<std::string>{"resourceTypeOptIn.S3", "resourceTypeManagement.DynamoDB"}));
  EXPECT_NE(RenderPlanText(plan, false).find("resourceTypeOptIn.S3: false -> true"),
            std::string::npos)
      << RenderPlanText(plan, false);

  // An undeclared type someone changed by hand stays as it is.
  UpdateRegionSettingsInput by_hand;
  by_hand.resource_type_opt_in_preference = {{"RDS", false}};
  ASSERT_TRUE(account_.UpdateRegionSettings(by_hand).ok());
  api_.Clear();
  ApplyReport report = PlanAndApply(api_, desired, options_);
  ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
  EXPECT_EQ(api_.writes(), 1);
  EXPECT_TRUE(Live().resource_type_opt_in_preference.at("S3"));
  EXPECT_FALSE(Live().resource_type_opt_in_preference.at("RDS"));
  EXPECT_TRUE(Live().resource_type_management_preference.at("DynamoDB"));
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());

  // Without the document, nothing is planned, and the settings stay.
  desired.region_settings.clear();
  options_.plan.prune = true;
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
  EXPECT_TRUE(Live().resource_type_opt_in_preference.at("S3"));
}

TEST_F(SettingsTest, SettingsRunBeforeVaultsPlansAndSelections) {
  DesiredState desired = SmallTree();
  desired.region_settings.push_back(Region({{"S3", true}}));
  desired.global_settings.push_back({"account", {{"isCrossAccountBackupEnabled", true}}});
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  EXPECT_EQ(FindAction(plan, "region-settings:region").level, 0);
  EXPECT_EQ(FindAction(plan, "global-settings:account").level, 0);
  for (const Action& a : plan.actions) {
    if (a.kind == Kind::kRegionSettings || a.kind == Kind::kGlobalSettings) continue;
    EXPECT_GE(a.level, 1) << a.id;
    EXPECT_NE(std::find(a.depends_on.begin(), a.depends_on.end(), "region-settings:region"),
              a.depends_on.end())
        << a.id;
  }
  EXPECT_EQ(plan.actions[0].kind == Kind::kRegionSettings ||
                plan.actions[0].kind == Kind::kGlobalSettings,
            true);
  ApplyReport report = PlanAndApply(api_, desired, options_);
  ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
  EXPECT_EQ(
      account_.DescribeGlobalSettings({}).value().global_settings.at("isCrossAccountBackupEnabled"),
      "true");
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).actions.empty());
}

TEST(SettingsMember, GlobalSettingsOfAMemberAccountFailAtApply) {
  AccountOptions member;
  member.management_account = false;
  LocalAccount account(member);
  RecordingApi api(account);
  ReconcileOptions options = TestOptions(account);
  DesiredState desired;
  desired.project.stack = "payments";
  desired.global_settings.push_back({"account", {{"isCrossAccountBackupEnabled", true}}});
  ApplyReport report = PlanAndApply(api, desired, options);
  EXPECT_EQ(report.failed, 1);
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_NE(report.outcomes[0].detail.find("InvalidRequestException"), std::string::npos)
      << report.outcomes[0].detail;
}

TEST_F(SettingsTest, UnreadableDeclaredSettingsAreUnknownAndPlanNothing) {
  DesiredState desired;
  desired.project.stack = "payments";
  desired.region_settings.push_back(Region({{"S3", true}}));
  api_.inject = [](const std::string& op) -> std::optional<ApiError> {
    if (op != "DescribeRegionSettings") return std::nullopt;
    return MakeError(ErrorKind::kAccessDenied, "AccessDeniedException", "denied");
  };
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  EXPECT_TRUE(plan.actions.empty());
  ASSERT_EQ(plan.unknowns.size(), 1u);
  EXPECT_EQ(plan.unknowns[0].kind, Kind::kRegionSettings);
}

TEST_F(SettingsTest, WarnsOfSelectedResourceTypesNotOptedIn) {
  DesiredState desired = SmallTree();
  desired.selections[0].resources = {"arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-b",
                                     "arn:aws:ec2:us-east-1:123456789012:volume/vol-1", "*"};
  ActionPlan plan = PlanOrDie(api_, desired, options_);
  ASSERT_EQ(plan.warnings.size(), 1u);  // S3 once; EBS is opted in; "*" cannot be judged
  EXPECT_NE(plan.warnings[0].find("BackupSelection daily/db selects S3 resources"),
            std::string::npos)
      << plan.warnings[0];
  const std::string text = RenderPlanText(plan, false);
  EXPECT_LT(text.find("Warning: BackupSelection daily/db"), text.find("+ vault:prod")) << text;
  EXPECT_EQ(PlanToJson(plan)["warnings"][0], plan.warnings[0]);
  EXPECT_NE(RenderPlanMarkdown(plan).find("> **Warning:** BackupSelection daily/db"),
            std::string::npos);

  // Declared opt-in wins over the live settings, before it is applied.
  desired.region_settings.push_back(Region({{"S3", true}}));
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).warnings.empty());
  desired.region_settings[0].resource_type_opt_in = {{"EBS", false}};
  plan = PlanOrDie(api_, desired, options_);
  ASSERT_EQ(plan.warnings.size(), 2u);
  EXPECT_NE(plan.warnings[1].find("EBS"), std::string::npos) << plan.warnings[1];

  // Tag-only selections name no resource type.
  desired.region_settings.clear();
  desired.selections[0].resources.clear();
  desired.selections[0].list_of_tags.push_back({"STRINGEQUALS", "backup", "daily"});
  EXPECT_TRUE(PlanOrDie(api_, desired, options_).warnings.empty());
}

TEST(ResourceTypeOfArn, MapsServiceAndResourceToAwsBackupNames) {
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:dynamodb:us-east-1:1:table/x"), "DynamoDB");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:ec2:us-east-1:1:volume/vol-1"), "EBS");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:ec2:us-east-1:1:instance/i-1"), "EC2");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:rds:us-east-1:1:cluster:aurora-1"), "Aurora");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:rds:us-east-1:1:db:pg"), "RDS");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1"), "EFS");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:storagegateway:us-east-1:1:gateway/sgw-1"),
            "Storage Gateway");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:s3:::bucket"), "S3");
  EXPECT_EQ(ResourceTypeOfArn("*"), "");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:ec2:us-east-1:1:*"), "");
  EXPECT_EQ(ResourceTypeOfArn("arn:aws:lambda:us-east-1:1:function:f"), "");
}

}  // namespace
}  // namespace backupctl
