// One tour of the whole API through AwsBackupClient over HTTP: every
// operation of the wire codec's table must complete with a 2xx at least once,
// so an operation added to the table without a client round trip fails here.

#include <gtest/gtest.h>

#include <set>

#include "providers/wire/operations.h"
#include "tests/client_e2e/emulator_fixture.h"

namespace backupctl {
namespace {

using testing::EmulatorTest;
using testing::SamplePlan;
using testing::SampleSelection;

template <typename T>
T Ok(Outcome<T> outcome) {
  EXPECT_TRUE(outcome.ok()) << outcome.error().ToString();
  return outcome.ok() ? std::move(outcome.value()) : T{};
}

void Ok(EmptyOutcome outcome) { EXPECT_TRUE(outcome.ok()) << outcome.error().ToString(); }

class OperationsTest : public EmulatorTest {};

TEST_F(OperationsTest, EveryOperationRoundTrips) {
  BackupApi& api = *client_;
  const std::string vault =
      Ok(api.CreateBackupVault({"tour", {{"team", "a"}}, {}, {"crid-tour"}})).backup_vault_arn;
  EXPECT_EQ(Ok(api.DescribeBackupVault({"tour"})).backup_vault_arn, vault);
  EXPECT_EQ(Ok(api.ListBackupVaults({})).backup_vault_list.size(), 1u);

  Ok(api.PutBackupVaultNotifications(
      {"tour", "arn:aws:sns:us-east-1:123456789012:backup", {"BACKUP_JOB_COMPLETED"}}));
  EXPECT_EQ(Ok(api.GetBackupVaultNotifications({"tour"})).backup_vault_events.size(), 1u);
  Ok(api.PutBackupVaultAccessPolicy(
      {"tour",
       std::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny",)"
                   R"("Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]})")}));
  EXPECT_FALSE(Ok(api.GetBackupVaultAccessPolicy({"tour"})).policy.empty());
  Ok(api.PutBackupVaultLockConfiguration({"tour", 7, 365, std::nullopt}));
  EXPECT_TRUE(Ok(api.DescribeBackupVault({"tour"})).locked);

  Ok(api.TagResource({vault, {{"env", "test"}}}));
  EXPECT_EQ(Ok(api.ListTags({vault, {}, {}})).tags.size(), 2u);
  Ok(api.UntagResource({vault, {"env"}}));
  ASSERT_TRUE(server_->account().SeedRecoveryPoints("tour", 2).ok());
  EXPECT_EQ(Ok(api.ListRecoveryPointsByBackupVault({"tour", {}, {}})).recovery_points.size(), 2u);

  CreateBackupPlanInput create;
  create.backup_plan = SamplePlan("tour-plan", "tour");
  create.creator_request_id = "crid-tour-plan";
  const std::string plan = Ok(api.CreateBackupPlan(create)).backup_plan_id;
  EXPECT_EQ(Ok(api.GetBackupPlan({plan, std::nullopt})).backup_plan.backup_plan_name, "tour-plan");
  BackupPlanInput changed = SamplePlan("tour-plan", "tour");
  changed.rules[0].lifecycle->delete_after_days = 60;
  Ok(api.UpdateBackupPlan({plan, changed}));
  EXPECT_EQ(Ok(api.ListBackupPlanVersions({plan, {}, {}})).backup_plan_versions_list.size(), 2u);
  EXPECT_EQ(Ok(api.ListBackupPlans({})).backup_plans_list.size(), 1u);

  const std::string selection =
      Ok(api.CreateBackupSelection({plan, SampleSelection("tour-sel"), {"crid-tour-sel"}}))
          .selection_id;
  EXPECT_EQ(Ok(api.GetBackupSelection({plan, selection})).backup_selection.selection_name,
            "tour-sel");
  EXPECT_EQ(Ok(api.ListBackupSelections({plan, {}, {}})).backup_selections_list.size(), 1u);
  Ok(api.DeleteBackupSelection({plan, selection}));
  Ok(api.DeleteBackupPlan({plan}));

  Ok(api.DeleteBackupVaultNotifications({"tour"}));
  Ok(api.DeleteBackupVaultAccessPolicy({"tour"}));
  Ok(api.DeleteBackupVaultLockConfiguration({"tour"}));
  Ok(api.CreateBackupVault({"empty", {}, {}, {}}));
  Ok(api.DeleteBackupVault({"empty"}));

  // Jobs: one on-demand backup into the locked vault, last, so that its recovery point
  // cannot change the counts above; its retention within the lock; then each job read and summary.
  StartBackupJobInput start;
  start.backup_vault_name = "tour";
  start.resource_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/tour";
  start.iam_role_arn = "arn:aws:iam::123456789012:role/backup";
  start.idempotency_token = "tour-job";
  start.lifecycle = Lifecycle{};
  start.lifecycle->delete_after_days = 7;
  const std::string job = Ok(api.StartBackupJob(start)).backup_job_id.value_or("");
  EXPECT_EQ(Ok(api.DescribeBackupJob({job})).backup_job_id, job);
  EXPECT_EQ(Ok(api.ListBackupJobs({})).backup_jobs.size(), 1u);
  EXPECT_TRUE(Ok(api.ListCopyJobs({})).copy_jobs.empty());
  Ok(api.ListBackupJobSummaries({}));
  Ok(api.ListCopyJobSummaries({}));
  Ok(api.ListRestoreJobSummaries({}));
  // Settings: the emulator's default account is its organisation's management account.
  UpdateRegionSettingsInput region;
  region.resource_type_opt_in_preference = {{"S3", true}};
  Ok(api.UpdateRegionSettings(region));
  EXPECT_TRUE(Ok(api.DescribeRegionSettings({})).resource_type_opt_in_preference.at("S3"));
  UpdateGlobalSettingsInput global;
  global.global_settings = {{"isCrossAccountBackupEnabled", "true"}};
  Ok(api.UpdateGlobalSettings(global));
  EXPECT_EQ(Ok(api.DescribeGlobalSettings({})).global_settings.at("isCrossAccountBackupEnabled"),
            "true");

  std::set<std::string> answered;
  for (const RequestRecord& r : server_->request_log().Records()) {
    EXPECT_TRUE(r.signature_valid) << r.operation;
    if (r.status >= 200 && r.status < 300) answered.insert(r.operation);
  }
  for (const OperationInfo& op : Operations()) {
    EXPECT_TRUE(answered.count(op.name)) << op.name << " never round-tripped";
  }
  EXPECT_EQ(answered.size(), Operations().size());
}

}  // namespace
}  // namespace backupctl
