// Sample inputs and outputs for every operation, and a BackupApi fake that
// records what Dispatch decoded and answers with canned outputs.
// "Full" samples set every member backupctl's shapes carry, with unicode and
// URI-hostile characters; "minimal" samples set only the model's required ones.

#ifndef BACKUPCTL_TESTS_WIRE_SAMPLES_H_
#define BACKUPCTL_TESTS_WIRE_SAMPLES_H_

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

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
  StartBackupJobInput start_backup_job;
  DescribeBackupJobInput describe_backup_job;
  ListBackupJobsInput list_backup_jobs;
  ListCopyJobsInput list_copy_jobs;
  ListBackupJobSummariesInput backup_job_summaries;
  ListCopyJobSummariesInput copy_job_summaries;
  ListRestoreJobSummariesInput restore_job_summaries;
  DescribeRegionSettingsInput describe_region_settings;
  UpdateRegionSettingsInput update_region_settings;
  DescribeGlobalSettingsInput describe_global_settings;
  UpdateGlobalSettingsInput update_global_settings;

  // The sample of each input type: Sample<In>(inputs).
  auto Tie() const {
    return std::tie(create_vault, describe_vault, list_vaults, delete_vault, create_plan, get_plan,
                    list_plans, update_plan, delete_plan, list_plan_versions, create_selection,
                    get_selection, list_selections, delete_selection, put_notifications,
                    get_notifications, delete_notifications, put_policy, get_policy, delete_policy,
                    put_lock, delete_lock, tag, untag, list_tags, list_recovery_points,
                    start_backup_job, describe_backup_job, list_backup_jobs, list_copy_jobs,
                    backup_job_summaries, copy_job_summaries, restore_job_summaries,
                    describe_region_settings, update_region_settings, describe_global_settings,
                    update_global_settings);
  }
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
  StartBackupJobOutput start_backup_job;
  DescribeBackupJobOutput describe_backup_job;
  ListBackupJobsOutput list_backup_jobs;
  ListCopyJobsOutput list_copy_jobs;
  ListBackupJobSummariesOutput backup_job_summaries;
  ListCopyJobSummariesOutput copy_job_summaries;
  ListRestoreJobSummariesOutput restore_job_summaries;
  DescribeRegionSettingsOutput describe_region_settings;
  DescribeGlobalSettingsOutput describe_global_settings;

  // The sample of each output type: Sample<Out>(outputs).
  auto Tie() const {
    return std::tie(create_vault, describe_vault, list_vaults, create_plan, get_plan, list_plans,
                    update_plan, delete_plan, list_plan_versions, create_selection, get_selection,
                    list_selections, get_notifications, get_policy, list_tags, list_recovery_points,
                    start_backup_job, describe_backup_job, list_backup_jobs, list_copy_jobs,
                    backup_job_summaries, copy_job_summaries, restore_job_summaries,
                    describe_region_settings, describe_global_settings);
  }
};

Inputs FullInputs();
Inputs MinimalInputs();
Outputs FullOutputs();
Outputs MinimalOutputs();

// The sample of an operation's input or output type (Empty{} for Empty), so
// a test can walk providers/backup_operations.h.
template <typename In>
const In& Sample(const Inputs& inputs) {
  return std::get<const In&>(inputs.Tie());
}
template <typename Out>
Out Sample(const Outputs& outputs) {
  if constexpr (std::is_same_v<Out, Empty>) {
    return Empty{};
  } else {
    return std::get<const Out&>(outputs.Tie());
  }
}

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

#define BACKUPCTL_ANSWER(Name, Out, In, ...) \
  Outcome<Out> Name(const In& in) override { return Answer<Out>(#Name, in); }
  BACKUPCTL_OPERATIONS(BACKUPCTL_ANSWER)
#undef BACKUPCTL_ANSWER

 private:
  template <typename Out, typename In>
  Outcome<Out> Answer(const char* op, const In& in) {
    last_operation = op;
    last_input = ToJson(in);
    if (error) return *error;
    return Sample<Out>(outputs);
  }
};

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_WIRE_SAMPLES_H_
