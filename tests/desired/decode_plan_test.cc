// The rule members added for the whole-plan round trip (docs/reconcile.md):
// targetLogicallyAirGappedBackupVaultArn and indexActions are declarable,
// checked, and in the JSON Schema; ScanActions and ScanSettings are not.

#include <gtest/gtest.h>

#include "desired/json_schema.h"
#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

std::string PlanWithRule(const std::string& extra) {
  return "apiVersion: backupctl/v1\n"
         "kind: BackupVault\n"
         "metadata: {name: main}\n"
         "spec: {}\n"
         "---\n"
         "apiVersion: backupctl/v1\n"
         "kind: BackupPlan\n"
         "metadata: {name: daily}\n"
         "spec:\n"
         "  rules:\n"
         "    - ruleName: daily\n"
         "      targetBackupVaultName: main\n"
         "      lifecycle: {moveToColdStorageAfterDays: 30, deleteAfterDays: 400,\n"
         "                  optInToArchiveForSupportedResources: true}\n" +
         extra;
}

TEST(PlanMembers, AirGappedTargetAndIndexActionsAreDeclarable) {
  LoadResult r =
      LoadOne(PlanWithRule("      targetLogicallyAirGappedBackupVaultArn: "
                           "arn:aws:backup:us-east-1:123456789012:backup-vault:airgap\n"
                           "      indexActions: [{resourceTypes: [EBS, S3]}]\n"));
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Lines(r));
  ASSERT_EQ(r.state.plans.size(), 1u);
  const Rule& rule = r.state.plans[0].rules.at(0);
  EXPECT_EQ(rule.target_logically_air_gapped_backup_vault_arn,
            "arn:aws:backup:us-east-1:123456789012:backup-vault:airgap");
  ASSERT_EQ(rule.index_actions.size(), 1u);
  EXPECT_EQ(rule.index_actions[0].resource_types, (std::vector<std::string>{"EBS", "S3"}));
  ASSERT_TRUE(rule.lifecycle);
  EXPECT_EQ(rule.lifecycle->opt_in_to_archive_for_supported_resources, true);
}

TEST(PlanMembers, BadValuesAreErrorsAtTheirLine) {
  LoadResult r = LoadOne(PlanWithRule(
      "      targetLogicallyAirGappedBackupVaultArn: arn:aws:backup:us-east-1:1:plan:x\n"
      "      indexActions:\n"
      "        - resourceTypes: [EBS]\n"
      "        - resourceTypes: [RDS]\n"));
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(Mentions(r, "main.yaml:15:")) << ::testing::PrintToString(Lines(r));
  EXPECT_TRUE(Mentions(r, "at most one indexActions entry")) << ::testing::PrintToString(Lines(r));
  EXPECT_TRUE(Mentions(r, "RDS")) << ::testing::PrintToString(Lines(r));
}

TEST(PlanMembers, KeptMembersAreNotDeclarable) {
  LoadResult r = LoadOne(PlanWithRule("      scanActions: [{malwareScanner: GUARDDUTY}]\n"));
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(Mentions(r, "scanActions")) << ::testing::PrintToString(Lines(r));
}

TEST(PlanMembers, TheJsonSchemaDescribesTheNewFields) {
  const nlohmann::json schema = DocumentSchema();
  const nlohmann::json& rule = schema.at("definitions").at("rule").at("properties");
  EXPECT_TRUE(rule.contains("targetLogicallyAirGappedBackupVaultArn"));
  ASSERT_TRUE(rule.contains("indexActions"));
  const nlohmann::json& index = schema.at("definitions").at("indexAction").at("properties");
  EXPECT_EQ(index.at("resourceTypes").at("items").at("enum"), nlohmann::json::array({"EBS", "S3"}));
  EXPECT_FALSE(rule.contains("scanActions"));
}

}  // namespace
}  // namespace backupctl
