// The JSON codecs of the operations' input and output shapes, one
// description each (json_io.h); json_shapes.h declares them from the
// operation table.

#include "providers/wire/json_io.h"
#include "providers/wire/json_shapes.h"

namespace backupctl {
namespace {

using json_io::Field;
using json_io::kAlways;
using json_io::kRequired;

}  // namespace

// clang-format off
// ---- vaults -----------------------------------------------------------------

BACKUPCTL_JSON_CODEC(CreateBackupVaultInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired),
    BACKUPCTL_MEMBER(backup_vault_tags),
    BACKUPCTL_MEMBER(encryption_key_arn),
    BACKUPCTL_MEMBER(creator_request_id))

BACKUPCTL_JSON_CODEC(CreateBackupVaultOutput,
    BACKUPCTL_MEMBER(backup_vault_name),
    BACKUPCTL_MEMBER(backup_vault_arn),
    BACKUPCTL_MEMBER(creation_date))

BACKUPCTL_JSON_CODEC(DescribeBackupVaultInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(DescribeBackupVaultOutput,
    BACKUPCTL_MEMBER(backup_vault_name),
    BACKUPCTL_MEMBER(backup_vault_arn),
    BACKUPCTL_MEMBER(vault_type),
    BACKUPCTL_MEMBER(vault_state),
    BACKUPCTL_MEMBER(encryption_key_arn),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(creator_request_id),
    BACKUPCTL_MEMBER(number_of_recovery_points),
    BACKUPCTL_MEMBER(locked),
    BACKUPCTL_MEMBER(min_retention_days),
    BACKUPCTL_MEMBER(max_retention_days),
    BACKUPCTL_MEMBER(lock_date))

BACKUPCTL_JSON_CODEC(ListBackupVaultsInput,
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(max_results))

BACKUPCTL_JSON_CODEC(ListBackupVaultsOutput,
    BACKUPCTL_MEMBER(backup_vault_list, kAlways),
    BACKUPCTL_MEMBER(next_token))

BACKUPCTL_JSON_CODEC(DeleteBackupVaultInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired))

// ---- plans ------------------------------------------------------------------

BACKUPCTL_JSON_CODEC(CreateBackupPlanInput,
    BACKUPCTL_MEMBER(backup_plan, kRequired),
    BACKUPCTL_MEMBER(backup_plan_tags),
    BACKUPCTL_MEMBER(creator_request_id))

BACKUPCTL_JSON_CODEC(CreateBackupPlanOutput,
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(backup_plan_arn),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(version_id),
    BACKUPCTL_MEMBER(advanced_backup_settings))

BACKUPCTL_JSON_CODEC(GetBackupPlanInput,
    BACKUPCTL_MEMBER(backup_plan_id, kRequired),
    BACKUPCTL_MEMBER(version_id))

BACKUPCTL_JSON_CODEC(GetBackupPlanOutput,
    BACKUPCTL_MEMBER(backup_plan),
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(backup_plan_arn),
    BACKUPCTL_MEMBER(version_id),
    BACKUPCTL_MEMBER(creator_request_id),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(deletion_date),
    BACKUPCTL_MEMBER(last_execution_date),
    BACKUPCTL_MEMBER(advanced_backup_settings))

BACKUPCTL_JSON_CODEC(ListBackupPlansInput,
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(max_results),
    BACKUPCTL_MEMBER(include_deleted))

BACKUPCTL_JSON_CODEC(ListBackupPlansOutput,
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(backup_plans_list, kAlways))

BACKUPCTL_JSON_CODEC(UpdateBackupPlanInput,
    BACKUPCTL_MEMBER(backup_plan_id, kRequired),
    BACKUPCTL_MEMBER(backup_plan, kRequired))

BACKUPCTL_JSON_CODEC(UpdateBackupPlanOutput,
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(backup_plan_arn),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(version_id),
    BACKUPCTL_MEMBER(advanced_backup_settings))

BACKUPCTL_JSON_CODEC(DeleteBackupPlanInput,
    BACKUPCTL_MEMBER(backup_plan_id, kRequired))

BACKUPCTL_JSON_CODEC(DeleteBackupPlanOutput,
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(backup_plan_arn),
    BACKUPCTL_MEMBER(deletion_date),
    BACKUPCTL_MEMBER(version_id))

BACKUPCTL_JSON_CODEC(ListBackupPlanVersionsInput,
    BACKUPCTL_MEMBER(backup_plan_id, kRequired),
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(max_results))

BACKUPCTL_JSON_CODEC(ListBackupPlanVersionsOutput,
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(backup_plan_versions_list, kAlways))

// ---- selections -------------------------------------------------------------

BACKUPCTL_JSON_CODEC(CreateBackupSelectionInput,
    BACKUPCTL_MEMBER(backup_plan_id, kRequired),
    BACKUPCTL_MEMBER(backup_selection, kRequired),
    BACKUPCTL_MEMBER(creator_request_id))

BACKUPCTL_JSON_CODEC(CreateBackupSelectionOutput,
    BACKUPCTL_MEMBER(selection_id),
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(creation_date))

BACKUPCTL_JSON_CODEC(GetBackupSelectionInput,
    BACKUPCTL_MEMBER(backup_plan_id, kRequired),
    BACKUPCTL_MEMBER(selection_id, kRequired))

BACKUPCTL_JSON_CODEC(GetBackupSelectionOutput,
    BACKUPCTL_MEMBER(backup_selection),
    BACKUPCTL_MEMBER(selection_id),
    BACKUPCTL_MEMBER(backup_plan_id),
    BACKUPCTL_MEMBER(creation_date),
    BACKUPCTL_MEMBER(creator_request_id))

BACKUPCTL_JSON_CODEC(ListBackupSelectionsInput,
    BACKUPCTL_MEMBER(backup_plan_id, kRequired),
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(max_results))

BACKUPCTL_JSON_CODEC(ListBackupSelectionsOutput,
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(backup_selections_list, kAlways))

BACKUPCTL_JSON_CODEC(DeleteBackupSelectionInput,
    BACKUPCTL_MEMBER(backup_plan_id, kRequired),
    BACKUPCTL_MEMBER(selection_id, kRequired))

// ---- notifications, access policy, lock -------------------------------------

BACKUPCTL_JSON_CODEC(PutBackupVaultNotificationsInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired),
    Field("SNSTopicArn", &S::sns_topic_arn, kRequired),
    BACKUPCTL_MEMBER(backup_vault_events, kRequired))

BACKUPCTL_JSON_CODEC(GetBackupVaultNotificationsInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(GetBackupVaultNotificationsOutput,
    BACKUPCTL_MEMBER(backup_vault_name),
    BACKUPCTL_MEMBER(backup_vault_arn),
    Field("SNSTopicArn", &S::sns_topic_arn),
    BACKUPCTL_MEMBER(backup_vault_events, kAlways))

BACKUPCTL_JSON_CODEC(DeleteBackupVaultNotificationsInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(PutBackupVaultAccessPolicyInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired),
    BACKUPCTL_MEMBER(policy))

BACKUPCTL_JSON_CODEC(GetBackupVaultAccessPolicyInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(GetBackupVaultAccessPolicyOutput,
    BACKUPCTL_MEMBER(backup_vault_name),
    BACKUPCTL_MEMBER(backup_vault_arn),
    BACKUPCTL_MEMBER(policy))

BACKUPCTL_JSON_CODEC(DeleteBackupVaultAccessPolicyInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(PutBackupVaultLockConfigurationInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired),
    BACKUPCTL_MEMBER(min_retention_days),
    BACKUPCTL_MEMBER(max_retention_days),
    BACKUPCTL_MEMBER(changeable_for_days))

BACKUPCTL_JSON_CODEC(DeleteBackupVaultLockConfigurationInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired))

// ---- tags -------------------------------------------------------------------

BACKUPCTL_JSON_CODEC(TagResourceInput,
    BACKUPCTL_MEMBER(resource_arn, kRequired),
    BACKUPCTL_MEMBER(tags, kRequired))

BACKUPCTL_JSON_CODEC(UntagResourceInput,
    BACKUPCTL_MEMBER(resource_arn, kRequired),
    BACKUPCTL_MEMBER(tag_key_list, kRequired))

BACKUPCTL_JSON_CODEC(ListTagsInput,
    BACKUPCTL_MEMBER(resource_arn, kRequired),
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(max_results))

BACKUPCTL_JSON_CODEC(ListTagsOutput,
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(tags, kAlways))

// ---- recovery points --------------------------------------------------------

BACKUPCTL_JSON_CODEC(ListRecoveryPointsByBackupVaultInput,
    BACKUPCTL_MEMBER(backup_vault_name, kRequired),
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(max_results))

BACKUPCTL_JSON_CODEC(ListRecoveryPointsByBackupVaultOutput,
    BACKUPCTL_MEMBER(next_token),
    BACKUPCTL_MEMBER(recovery_points, kAlways))

// ---- account and Region settings --------------------------------------------

BACKUPCTL_JSON_CODEC(DescribeRegionSettingsInput)

BACKUPCTL_JSON_CODEC(DescribeRegionSettingsOutput,
    BACKUPCTL_MEMBER(resource_type_opt_in_preference),
    BACKUPCTL_MEMBER(resource_type_management_preference))

BACKUPCTL_JSON_CODEC(UpdateRegionSettingsInput,
    BACKUPCTL_MEMBER(resource_type_opt_in_preference),
    BACKUPCTL_MEMBER(resource_type_management_preference))

BACKUPCTL_JSON_CODEC(DescribeGlobalSettingsInput)

BACKUPCTL_JSON_CODEC(DescribeGlobalSettingsOutput,
    BACKUPCTL_MEMBER(global_settings),
    BACKUPCTL_MEMBER(last_update_time))

BACKUPCTL_JSON_CODEC(UpdateGlobalSettingsInput,
    BACKUPCTL_MEMBER(global_settings))
// clang-format on

}  // namespace backupctl
