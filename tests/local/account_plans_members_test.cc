// LocalAccount keeps every member of the plan document (IndexActions,
// ScanActions, ScanSettings, TargetLogicallyAirGappedBackupVaultArn, the
// lifecycle's archive opt-in) through GetBackupPlan and the state file, and
// records a vault's VaultType.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "providers/local/account.h"
#include "tests/local/account_test_util.h"

namespace backupctl {
namespace {

CreateBackupPlanInput FullPlanInput() {
  CreateBackupPlanInput in = PlanInput("scanned", "main");
  BackupRule& rule = in.backup_plan.rules[0];
  rule.lifecycle = Lifecycle{30, 400, true, std::nullopt};
  rule.target_logically_air_gapped_backup_vault_arn =
      "arn:aws:backup:us-east-1:123456789012:backup-vault:airgap";
  rule.index_actions = {{{"EBS"}}};
  rule.scan_actions = {{"GUARDDUTY", "FULL_SCAN"}};
  in.backup_plan.scan_settings = {{"GUARDDUTY", {"EBS"}, "arn:aws:iam::123456789012:role/s"}};
  return in;
}

void ExpectFull(const BackupPlan& plan) {
  ASSERT_EQ(plan.rules.size(), 1u);
  const BackupRule& rule = plan.rules[0];
  EXPECT_EQ(rule.lifecycle->opt_in_to_archive_for_supported_resources, true);
  EXPECT_EQ(rule.target_logically_air_gapped_backup_vault_arn,
            "arn:aws:backup:us-east-1:123456789012:backup-vault:airgap");
  ASSERT_EQ(rule.index_actions.size(), 1u);
  EXPECT_EQ(rule.index_actions[0].resource_types, std::vector<std::string>{"EBS"});
  ASSERT_EQ(rule.scan_actions.size(), 1u);
  EXPECT_EQ(rule.scan_actions[0].scan_mode, "FULL_SCAN");
  ASSERT_EQ(plan.scan_settings.size(), 1u);
  EXPECT_EQ(plan.scan_settings[0].scanner_role_arn, "arn:aws:iam::123456789012:role/s");
}

TEST(AccountPlanMembers, EveryMemberSurvivesGetAndARestart) {
  char dir[] = "/tmp/backupctl-members-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  AccountOptions options;
  options.state_file = std::string(dir) + "/state.json";
  std::string id;
  {
    auto account = LocalAccount::Open(options);
    ASSERT_TRUE(account.ok());
    ASSERT_TRUE(account.value()->CreateBackupVault(VaultInput("main")).ok());
    ASSERT_TRUE(account.value()->SeedAirGappedVault("airgap").ok());
    auto created = account.value()->CreateBackupPlan(FullPlanInput());
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    id = created.value().backup_plan_id;
    ExpectFull(account.value()->GetBackupPlan({id, std::nullopt}).value().backup_plan);
  }
  auto reopened = LocalAccount::Open(options);
  ASSERT_TRUE(reopened.ok());
  ExpectFull(reopened.value()->GetBackupPlan({id, std::nullopt}).value().backup_plan);
  auto vault = reopened.value()->DescribeBackupVault({"airgap"});
  ASSERT_TRUE(vault.ok());
  EXPECT_EQ(vault.value().vault_type, "LOGICALLY_AIR_GAPPED_BACKUP_VAULT");
  EXPECT_EQ(reopened.value()->DescribeBackupVault({"main"}).value().vault_type, "BACKUP_VAULT");
  std::filesystem::remove_all(dir);
}

TEST(AccountPlanMembers, BadValuesAreRefusedAsAwsDoes) {
  LocalAccount account{AccountOptions{}};
  ASSERT_TRUE(account.CreateBackupVault(VaultInput("main")).ok());
  auto with = [&](const std::function<void(CreateBackupPlanInput&)>& edit) {
    CreateBackupPlanInput in = FullPlanInput();
    edit(in);
    return account.CreateBackupPlan(in);
  };
  auto two_index = with([](auto& in) { in.backup_plan.rules[0].index_actions.push_back({}); });
  ASSERT_FALSE(two_index.ok());
  EXPECT_EQ(two_index.error().code, "InvalidParameterValueException");
  EXPECT_FALSE(with([](auto& in) {
                 in.backup_plan.rules[0].index_actions[0].resource_types = {"RDS"};
               }).ok());
  EXPECT_FALSE(with([](auto& in) {
                 in.backup_plan.rules[0].target_logically_air_gapped_backup_vault_arn = "x";
               }).ok());
  EXPECT_FALSE(
      with([](auto& in) { in.backup_plan.rules[0].scan_actions[0].scan_mode = "X"; }).ok());
  EXPECT_FALSE(with([](auto& in) { in.backup_plan.scan_settings[0].malware_scanner = "X"; }).ok());
}

}  // namespace
}  // namespace backupctl
