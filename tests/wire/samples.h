// Sample inputs and outputs for every operation, and a BackupApi fake that
// records what Dispatch decoded and answers with canned outputs.
// "Full" samples set every member backupctl's shapes carry, with unicode and
// URI-hostile characters; "minimal" samples set only the model's required ones.

#ifndef BACKUPCTL_TESTS_WIRE_SAMPLES_H_
#define BACKUPCTL_TESTS_WIRE_SAMPLES_H_

#include <optional>
#include <string>

#include "providers/backup_api.h"
#include "providers/wire/json_shapes.h"

namespace backupctl::testing {

// An ARN with every character class a URI label must survive.
inline const char kHostileArn[] =
    "arn:aws:backup:us-east-1:123456789012:backup-vault:v/a+b=c d%20é~_.-";

struct Inputs {
  CreateBackupVaultInput create_vault;
  DescribeBackupVaultInput describe_vault;
  ListBackupVaultsInput list_vaults;
  DeleteBackupVaultInput delete_vault;
  CreateBackupPlanInput create_plan;
  GetBackupPlanInput get_plan;
  ListBackupPlansInput list_plans;
  UpdateBackupPlanInput update_plan;
  DeleteBackupPlanInput delete_plan;
  ListBackupPlanVersionsInput list_plan_versions;
  CreateBackupSelectionInput create_selection;
  GetBackupSelectionInput get_selection;
  ListBackupSelectionsInput list_selections;
  DeleteBackupSelectionInput delete_selection;
  PutBackupVaultNotificationsInput put_notifications;
  GetBackupVaultNotificationsInput get_notifications;
  DeleteBackupVaultNotificationsInput delete_notifications;
  PutBackupVaultAccessPolicyInput put_policy;
  GetBackupVaultAccessPolicyInput get_policy;
  DeleteBackupVaultAccessPolicyInput delete_policy;
  PutBackupVaultLockConfigurationInput put_lock;
  DeleteBackupVaultLockConfigurationInput delete_lock;
  TagResourceInput tag;
  UntagResourceInput untag;
  ListTagsInput list_tags;
  ListRecoveryPointsByBackupVaultInput list_recovery_points;
};

struct Outputs {
  CreateBackupVaultOutput create_vault;
  DescribeBackupVaultOutput describe_vault;
  ListBackupVaultsOutput list_vaults;
  CreateBackupPlanOutput create_plan;
  GetBackupPlanOutput get_plan;
  ListBackupPlansOutput list_plans;
  UpdateBackupPlanOutput update_plan;
  DeleteBackupPlanOutput delete_plan;
  ListBackupPlanVersionsOutput list_plan_versions;
  CreateBackupSelectionOutput create_selection;
  GetBackupSelectionOutput get_selection;
  ListBackupSelectionsOutput list_selections;
  GetBackupVaultNotificationsOutput get_notifications;
  GetBackupVaultAccessPolicyOutput get_policy;
  ListTagsOutput list_tags;
  ListRecoveryPointsByBackupVaultOutput list_recovery_points;
};

Inputs FullInputs();
Inputs MinimalInputs();
Outputs FullOutputs();
Outputs MinimalOutputs();

BackupPlan FullPlan();
BackupSelection FullSelection();

// Records the operation name and the decoded input (as JSON) of the last
// call; answers with `outputs`, or with `error` when set.
class RecordingApi : public BackupApi {
 public:
  Outputs outputs;
  std::optional<ApiError> error;
  std::string last_operation;
  Json last_input;

  Outcome<CreateBackupVaultOutput> CreateBackupVault(const CreateBackupVaultInput& in) override;
  Outcome<DescribeBackupVaultOutput> DescribeBackupVault(
      const DescribeBackupVaultInput& in) override;
  Outcome<ListBackupVaultsOutput> ListBackupVaults(const ListBackupVaultsInput& in) override;
  EmptyOutcome DeleteBackupVault(const DeleteBackupVaultInput& in) override;
  Outcome<CreateBackupPlanOutput> CreateBackupPlan(const CreateBackupPlanInput& in) override;
  Outcome<GetBackupPlanOutput> GetBackupPlan(const GetBackupPlanInput& in) override;
  Outcome<ListBackupPlansOutput> ListBackupPlans(const ListBackupPlansInput& in) override;
  Outcome<UpdateBackupPlanOutput> UpdateBackupPlan(const UpdateBackupPlanInput& in) override;
  Outcome<DeleteBackupPlanOutput> DeleteBackupPlan(const DeleteBackupPlanInput& in) override;
  Outcome<ListBackupPlanVersionsOutput> ListBackupPlanVersions(
      const ListBackupPlanVersionsInput& in) override;
  Outcome<CreateBackupSelectionOutput> CreateBackupSelection(
      const CreateBackupSelectionInput& in) override;
  Outcome<GetBackupSelectionOutput> GetBackupSelection(const GetBackupSelectionInput& in) override;
  Outcome<ListBackupSelectionsOutput> ListBackupSelections(
      const ListBackupSelectionsInput& in) override;
  EmptyOutcome DeleteBackupSelection(const DeleteBackupSelectionInput& in) override;
  EmptyOutcome PutBackupVaultNotifications(const PutBackupVaultNotificationsInput& in) override;
  Outcome<GetBackupVaultNotificationsOutput> GetBackupVaultNotifications(
      const GetBackupVaultNotificationsInput& in) override;
  EmptyOutcome DeleteBackupVaultNotifications(
      const DeleteBackupVaultNotificationsInput& in) override;
  EmptyOutcome PutBackupVaultAccessPolicy(const PutBackupVaultAccessPolicyInput& in) override;
  Outcome<GetBackupVaultAccessPolicyOutput> GetBackupVaultAccessPolicy(
      const GetBackupVaultAccessPolicyInput& in) override;
  EmptyOutcome DeleteBackupVaultAccessPolicy(const DeleteBackupVaultAccessPolicyInput& in) override;
  EmptyOutcome PutBackupVaultLockConfiguration(
      const PutBackupVaultLockConfigurationInput& in) override;
  EmptyOutcome DeleteBackupVaultLockConfiguration(
      const DeleteBackupVaultLockConfigurationInput& in) override;
  EmptyOutcome TagResource(const TagResourceInput& in) override;
  EmptyOutcome UntagResource(const UntagResourceInput& in) override;
  Outcome<ListTagsOutput> ListTags(const ListTagsInput& in) override;
  Outcome<ListRecoveryPointsByBackupVaultOutput> ListRecoveryPointsByBackupVault(
      const ListRecoveryPointsByBackupVaultInput& in) override;

 private:
  template <typename In, typename Out>
  Outcome<Out> Answer(const char* op, const In& in, const Out& out) {
    last_operation = op;
    last_input = ToJson(in);
    if (error) return *error;
    return out;
  }
};

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_WIRE_SAMPLES_H_
