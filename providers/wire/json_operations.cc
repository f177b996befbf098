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
    Field("BackupVaultName", &S::backup_vault_name, kRequired),
    Field("BackupVaultTags", &S::backup_vault_tags),
    Field("EncryptionKeyArn", &S::encryption_key_arn),
    Field("CreatorRequestId", &S::creator_request_id))

BACKUPCTL_JSON_CODEC(CreateBackupVaultOutput,
    Field("BackupVaultName", &S::backup_vault_name),
    Field("BackupVaultArn", &S::backup_vault_arn),
    Field("CreationDate", &S::creation_date))

BACKUPCTL_JSON_CODEC(DescribeBackupVaultInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(DescribeBackupVaultOutput,
    Field("BackupVaultName", &S::backup_vault_name),
    Field("BackupVaultArn", &S::backup_vault_arn),
    Field("VaultType", &S::vault_type),
    Field("VaultState", &S::vault_state),
    Field("EncryptionKeyArn", &S::encryption_key_arn),
    Field("CreationDate", &S::creation_date),
    Field("CreatorRequestId", &S::creator_request_id),
    Field("NumberOfRecoveryPoints", &S::number_of_recovery_points),
    Field("Locked", &S::locked),
    Field("MinRetentionDays", &S::min_retention_days),
    Field("MaxRetentionDays", &S::max_retention_days),
    Field("LockDate", &S::lock_date))

BACKUPCTL_JSON_CODEC(ListBackupVaultsInput,
    Field("NextToken", &S::next_token),
    Field("MaxResults", &S::max_results))

BACKUPCTL_JSON_CODEC(ListBackupVaultsOutput,
    Field("BackupVaultList", &S::backup_vault_list, kAlways),
    Field("NextToken", &S::next_token))

BACKUPCTL_JSON_CODEC(DeleteBackupVaultInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired))

// ---- plans ------------------------------------------------------------------

BACKUPCTL_JSON_CODEC(CreateBackupPlanInput,
    Field("BackupPlan", &S::backup_plan, kRequired),
    Field("BackupPlanTags", &S::backup_plan_tags),
    Field("CreatorRequestId", &S::creator_request_id))

BACKUPCTL_JSON_CODEC(CreateBackupPlanOutput,
    Field("BackupPlanId", &S::backup_plan_id),
    Field("BackupPlanArn", &S::backup_plan_arn),
    Field("CreationDate", &S::creation_date),
    Field("VersionId", &S::version_id),
    Field("AdvancedBackupSettings", &S::advanced_backup_settings))

BACKUPCTL_JSON_CODEC(GetBackupPlanInput,
    Field("BackupPlanId", &S::backup_plan_id, kRequired),
    Field("VersionId", &S::version_id))

BACKUPCTL_JSON_CODEC(GetBackupPlanOutput,
    Field("BackupPlan", &S::backup_plan),
    Field("BackupPlanId", &S::backup_plan_id),
    Field("BackupPlanArn", &S::backup_plan_arn),
    Field("VersionId", &S::version_id),
    Field("CreatorRequestId", &S::creator_request_id),
    Field("CreationDate", &S::creation_date),
    Field("DeletionDate", &S::deletion_date),
    Field("LastExecutionDate", &S::last_execution_date),
    Field("AdvancedBackupSettings", &S::advanced_backup_settings))

BACKUPCTL_JSON_CODEC(ListBackupPlansInput,
    Field("NextToken", &S::next_token),
    Field("MaxResults", &S::max_results),
    Field("IncludeDeleted", &S::include_deleted))

BACKUPCTL_JSON_CODEC(ListBackupPlansOutput,
    Field("NextToken", &S::next_token),
    Field("BackupPlansList", &S::backup_plans_list, kAlways))

BACKUPCTL_JSON_CODEC(UpdateBackupPlanInput,
    Field("BackupPlanId", &S::backup_plan_id, kRequired),
    Field("BackupPlan", &S::backup_plan, kRequired))

BACKUPCTL_JSON_CODEC(UpdateBackupPlanOutput,
    Field("BackupPlanId", &S::backup_plan_id),
    Field("BackupPlanArn", &S::backup_plan_arn),
    Field("CreationDate", &S::creation_date),
    Field("VersionId", &S::version_id),
    Field("AdvancedBackupSettings", &S::advanced_backup_settings))

BACKUPCTL_JSON_CODEC(DeleteBackupPlanInput,
    Field("BackupPlanId", &S::backup_plan_id, kRequired))

BACKUPCTL_JSON_CODEC(DeleteBackupPlanOutput,
    Field("BackupPlanId", &S::backup_plan_id),
    Field("BackupPlanArn", &S::backup_plan_arn),
    Field("DeletionDate", &S::deletion_date),
    Field("VersionId", &S::version_id))

BACKUPCTL_JSON_CODEC(ListBackupPlanVersionsInput,
    Field("BackupPlanId", &S::backup_plan_id, kRequired),
    Field("NextToken", &S::next_token),
    Field("MaxResults", &S::max_results))

BACKUPCTL_JSON_CODEC(ListBackupPlanVersionsOutput,
    Field("NextToken", &S::next_token),
    Field("BackupPlanVersionsList", &S::backup_plan_versions_list, kAlways))

// ---- selections -------------------------------------------------------------

BACKUPCTL_JSON_CODEC(CreateBackupSelectionInput,
    Field("BackupPlanId", &S::backup_plan_id, kRequired),
    Field("BackupSelection", &S::backup_selection, kRequired),
    Field("CreatorRequestId", &S::creator_request_id))

BACKUPCTL_JSON_CODEC(CreateBackupSelectionOutput,
    Field("SelectionId", &S::selection_id),
    Field("BackupPlanId", &S::backup_plan_id),
    Field("CreationDate", &S::creation_date))

BACKUPCTL_JSON_CODEC(GetBackupSelectionInput,
    Field("BackupPlanId", &S::backup_plan_id, kRequired),
    Field("SelectionId", &S::selection_id, kRequired))

BACKUPCTL_JSON_CODEC(GetBackupSelectionOutput,
    Field("BackupSelection", &S::backup_selection),
    Field("SelectionId", &S::selection_id),
    Field("BackupPlanId", &S::backup_plan_id),
    Field("CreationDate", &S::creation_date),
    Field("CreatorRequestId", &S::creator_request_id))

BACKUPCTL_JSON_CODEC(ListBackupSelectionsInput,
    Field("BackupPlanId", &S::backup_plan_id, kRequired),
    Field("NextToken", &S::next_token),
    Field("MaxResults", &S::max_results))

BACKUPCTL_JSON_CODEC(ListBackupSelectionsOutput,
    Field("NextToken", &S::next_token),
    Field("BackupSelectionsList", &S::backup_selections_list, kAlways))

BACKUPCTL_JSON_CODEC(DeleteBackupSelectionInput,
    Field("BackupPlanId", &S::backup_plan_id, kRequired),
    Field("SelectionId", &S::selection_id, kRequired))

// ---- notifications, access policy, lock -------------------------------------

BACKUPCTL_JSON_CODEC(
    PutBackupVaultNotificationsInput,
    Field("BackupVaultName", &PutBackupVaultNotificationsInput::backup_vault_name, kRequired),
    Field("SNSTopicArn", &PutBackupVaultNotificationsInput::sns_topic_arn, kRequired),
    Field("BackupVaultEvents", &PutBackupVaultNotificationsInput::backup_vault_events, kRequired))

BACKUPCTL_JSON_CODEC(GetBackupVaultNotificationsInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(GetBackupVaultNotificationsOutput,
    Field("BackupVaultName", &S::backup_vault_name),
    Field("BackupVaultArn", &S::backup_vault_arn),
    Field("SNSTopicArn", &S::sns_topic_arn),
    Field("BackupVaultEvents", &S::backup_vault_events, kAlways))

BACKUPCTL_JSON_CODEC(DeleteBackupVaultNotificationsInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(PutBackupVaultAccessPolicyInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired),
    Field("Policy", &S::policy))

BACKUPCTL_JSON_CODEC(GetBackupVaultAccessPolicyInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(GetBackupVaultAccessPolicyOutput,
    Field("BackupVaultName", &S::backup_vault_name),
    Field("BackupVaultArn", &S::backup_vault_arn),
    Field("Policy", &S::policy))

BACKUPCTL_JSON_CODEC(DeleteBackupVaultAccessPolicyInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired))

BACKUPCTL_JSON_CODEC(
    PutBackupVaultLockConfigurationInput,
    Field("BackupVaultName", &PutBackupVaultLockConfigurationInput::backup_vault_name, kRequired),
    Field("MinRetentionDays", &PutBackupVaultLockConfigurationInput::min_retention_days),
    Field("MaxRetentionDays", &PutBackupVaultLockConfigurationInput::max_retention_days),
    Field("ChangeableForDays", &PutBackupVaultLockConfigurationInput::changeable_for_days))

BACKUPCTL_JSON_CODEC(DeleteBackupVaultLockConfigurationInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired))

// ---- tags -------------------------------------------------------------------

BACKUPCTL_JSON_CODEC(TagResourceInput,
    Field("ResourceArn", &S::resource_arn, kRequired),
    Field("Tags", &S::tags, kRequired))

BACKUPCTL_JSON_CODEC(UntagResourceInput,
    Field("ResourceArn", &S::resource_arn, kRequired),
    Field("TagKeyList", &S::tag_key_list, kRequired))

BACKUPCTL_JSON_CODEC(ListTagsInput,
    Field("ResourceArn", &S::resource_arn, kRequired),
    Field("NextToken", &S::next_token),
    Field("MaxResults", &S::max_results))

BACKUPCTL_JSON_CODEC(ListTagsOutput,
    Field("NextToken", &S::next_token),
    Field("Tags", &S::tags, kAlways))

// ---- recovery points --------------------------------------------------------

BACKUPCTL_JSON_CODEC(ListRecoveryPointsByBackupVaultInput,
    Field("BackupVaultName", &S::backup_vault_name, kRequired),
    Field("NextToken", &S::next_token),
    Field("MaxResults", &S::max_results))

BACKUPCTL_JSON_CODEC(ListRecoveryPointsByBackupVaultOutput,
    Field("NextToken", &S::next_token),
    Field("RecoveryPoints", &S::recovery_points, kAlways))

// ---- account and Region settings --------------------------------------------

BACKUPCTL_JSON_CODEC(DescribeRegionSettingsInput)

BACKUPCTL_JSON_CODEC(DescribeRegionSettingsOutput,
    Field("ResourceTypeOptInPreference", &S::resource_type_opt_in_preference),
    Field("ResourceTypeManagementPreference", &S::resource_type_management_preference))

BACKUPCTL_JSON_CODEC(UpdateRegionSettingsInput,
    Field("ResourceTypeOptInPreference", &S::resource_type_opt_in_preference),
    Field("ResourceTypeManagementPreference", &S::resource_type_management_preference))

BACKUPCTL_JSON_CODEC(DescribeGlobalSettingsInput)

BACKUPCTL_JSON_CODEC(DescribeGlobalSettingsOutput,
    Field("GlobalSettings", &S::global_settings),
    Field("LastUpdateTime", &S::last_update_time))

BACKUPCTL_JSON_CODEC(UpdateGlobalSettingsInput,
    Field("GlobalSettings", &S::global_settings))
// clang-format on

}  // namespace backupctl
