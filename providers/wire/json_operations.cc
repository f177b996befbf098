// JSON codecs of the operations' input and output shapes.

#include "providers/wire/json_io.h"
#include "providers/wire/json_shapes.h"

namespace backupctl {
namespace {

using json_io::Get;
using json_io::kRequired;
using json_io::Put;
using json_io::PutAlways;
using json_io::PutTime;
using json_io::RequireObject;

}  // namespace

// ---- vaults -----------------------------------------------------------------

Json ToJson(const CreateBackupVaultInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultTags", v.backup_vault_tags);
  Put(j, "EncryptionKeyArn", v.encryption_key_arn);
  Put(j, "CreatorRequestId", v.creator_request_id);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupVaultInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "BackupVaultTags", &out->backup_vault_tags);
  Get(in, "EncryptionKeyArn", &out->encryption_key_arn);
  Get(in, "CreatorRequestId", &out->creator_request_id);
}

Json ToJson(const CreateBackupVaultOutput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  PutTime(j, "CreationDate", v.creation_date);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupVaultOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "CreationDate", &out->creation_date);
}

Json ToJson(const DescribeBackupVaultInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DescribeBackupVaultInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const DescribeBackupVaultOutput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  Put(j, "VaultType", v.vault_type);
  Put(j, "VaultState", v.vault_state);
  Put(j, "EncryptionKeyArn", v.encryption_key_arn);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "CreatorRequestId", v.creator_request_id);
  Put(j, "NumberOfRecoveryPoints", v.number_of_recovery_points);
  Put(j, "Locked", v.locked);
  Put(j, "MinRetentionDays", v.min_retention_days);
  Put(j, "MaxRetentionDays", v.max_retention_days);
  PutTime(j, "LockDate", v.lock_date);
  return j;
}
void FromJson(const JsonIn& in, DescribeBackupVaultOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "VaultType", &out->vault_type);
  Get(in, "VaultState", &out->vault_state);
  Get(in, "EncryptionKeyArn", &out->encryption_key_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "CreatorRequestId", &out->creator_request_id);
  Get(in, "NumberOfRecoveryPoints", &out->number_of_recovery_points);
  Get(in, "Locked", &out->locked);
  Get(in, "MinRetentionDays", &out->min_retention_days);
  Get(in, "MaxRetentionDays", &out->max_retention_days);
  Get(in, "LockDate", &out->lock_date);
}

Json ToJson(const ListBackupVaultsInput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListBackupVaultsInput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListBackupVaultsOutput& v) {
  Json j = Json::object();
  PutAlways(j, "BackupVaultList", v.backup_vault_list);
  Put(j, "NextToken", v.next_token);
  return j;
}
void FromJson(const JsonIn& in, ListBackupVaultsOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultList", &out->backup_vault_list);
  Get(in, "NextToken", &out->next_token);
}

Json ToJson(const DeleteBackupVaultInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupVaultInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

// ---- plans ------------------------------------------------------------------

Json ToJson(const CreateBackupPlanInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlan", v.backup_plan);
  Put(j, "BackupPlanTags", v.backup_plan_tags);
  Put(j, "CreatorRequestId", v.creator_request_id);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupPlanInput* out) {
  RequireObject(in);
  Get(in, "BackupPlan", &out->backup_plan, kRequired);
  Get(in, "BackupPlanTags", &out->backup_plan_tags);
  Get(in, "CreatorRequestId", &out->creator_request_id);
}

Json ToJson(const CreateBackupPlanOutput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "VersionId", v.version_id);
  Put(j, "AdvancedBackupSettings", v.advanced_backup_settings);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupPlanOutput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "VersionId", &out->version_id);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
}

Json ToJson(const GetBackupPlanInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "VersionId", v.version_id);
  return j;
}
void FromJson(const JsonIn& in, GetBackupPlanInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "VersionId", &out->version_id);
}

Json ToJson(const GetBackupPlanOutput& v) {
  Json j = Json::object();
  Put(j, "BackupPlan", v.backup_plan);
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  Put(j, "VersionId", v.version_id);
  Put(j, "CreatorRequestId", v.creator_request_id);
  PutTime(j, "CreationDate", v.creation_date);
  PutTime(j, "DeletionDate", v.deletion_date);
  PutTime(j, "LastExecutionDate", v.last_execution_date);
  Put(j, "AdvancedBackupSettings", v.advanced_backup_settings);
  return j;
}
void FromJson(const JsonIn& in, GetBackupPlanOutput* out) {
  RequireObject(in);
  Get(in, "BackupPlan", &out->backup_plan);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "VersionId", &out->version_id);
  Get(in, "CreatorRequestId", &out->creator_request_id);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "DeletionDate", &out->deletion_date);
  Get(in, "LastExecutionDate", &out->last_execution_date);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
}

Json ToJson(const ListBackupPlansInput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  Put(j, "IncludeDeleted", v.include_deleted);
  return j;
}
void FromJson(const JsonIn& in, ListBackupPlansInput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
  Get(in, "IncludeDeleted", &out->include_deleted);
}

Json ToJson(const ListBackupPlansOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "BackupPlansList", v.backup_plans_list);
  return j;
}
void FromJson(const JsonIn& in, ListBackupPlansOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "BackupPlansList", &out->backup_plans_list);
}

Json ToJson(const UpdateBackupPlanInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlan", v.backup_plan);
  return j;
}
void FromJson(const JsonIn& in, UpdateBackupPlanInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "BackupPlan", &out->backup_plan, kRequired);
}

Json ToJson(const UpdateBackupPlanOutput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "VersionId", v.version_id);
  Put(j, "AdvancedBackupSettings", v.advanced_backup_settings);
  return j;
}
void FromJson(const JsonIn& in, UpdateBackupPlanOutput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "VersionId", &out->version_id);
  Get(in, "AdvancedBackupSettings", &out->advanced_backup_settings);
}

Json ToJson(const DeleteBackupPlanInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupPlanInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
}

Json ToJson(const DeleteBackupPlanOutput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  PutTime(j, "DeletionDate", v.deletion_date);
  Put(j, "VersionId", v.version_id);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupPlanOutput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "DeletionDate", &out->deletion_date);
  Get(in, "VersionId", &out->version_id);
}

Json ToJson(const ListBackupPlanVersionsInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListBackupPlanVersionsInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListBackupPlanVersionsOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "BackupPlanVersionsList", v.backup_plan_versions_list);
  return j;
}
void FromJson(const JsonIn& in, ListBackupPlanVersionsOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "BackupPlanVersionsList", &out->backup_plan_versions_list);
}

// ---- selections -------------------------------------------------------------

Json ToJson(const CreateBackupSelectionInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupSelection", v.backup_selection);
  Put(j, "CreatorRequestId", v.creator_request_id);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupSelectionInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "BackupSelection", &out->backup_selection, kRequired);
  Get(in, "CreatorRequestId", &out->creator_request_id);
}

Json ToJson(const CreateBackupSelectionOutput& v) {
  Json j = Json::object();
  Put(j, "SelectionId", v.selection_id);
  Put(j, "BackupPlanId", v.backup_plan_id);
  PutTime(j, "CreationDate", v.creation_date);
  return j;
}
void FromJson(const JsonIn& in, CreateBackupSelectionOutput* out) {
  RequireObject(in);
  Get(in, "SelectionId", &out->selection_id);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "CreationDate", &out->creation_date);
}

Json ToJson(const GetBackupSelectionInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "SelectionId", v.selection_id);
  return j;
}
void FromJson(const JsonIn& in, GetBackupSelectionInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "SelectionId", &out->selection_id, kRequired);
}

Json ToJson(const GetBackupSelectionOutput& v) {
  Json j = Json::object();
  Put(j, "BackupSelection", v.backup_selection);
  Put(j, "SelectionId", v.selection_id);
  Put(j, "BackupPlanId", v.backup_plan_id);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "CreatorRequestId", v.creator_request_id);
  return j;
}
void FromJson(const JsonIn& in, GetBackupSelectionOutput* out) {
  RequireObject(in);
  Get(in, "BackupSelection", &out->backup_selection);
  Get(in, "SelectionId", &out->selection_id);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "CreatorRequestId", &out->creator_request_id);
}

Json ToJson(const ListBackupSelectionsInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListBackupSelectionsInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListBackupSelectionsOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "BackupSelectionsList", v.backup_selections_list);
  return j;
}
void FromJson(const JsonIn& in, ListBackupSelectionsOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "BackupSelectionsList", &out->backup_selections_list);
}

Json ToJson(const DeleteBackupSelectionInput& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "SelectionId", v.selection_id);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupSelectionInput* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id, kRequired);
  Get(in, "SelectionId", &out->selection_id, kRequired);
}

// ---- notifications, access policy, lock -------------------------------------

Json ToJson(const PutBackupVaultNotificationsInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "SNSTopicArn", v.sns_topic_arn);
  PutAlways(j, "BackupVaultEvents", v.backup_vault_events);
  return j;
}
void FromJson(const JsonIn& in, PutBackupVaultNotificationsInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "SNSTopicArn", &out->sns_topic_arn, kRequired);
  Get(in, "BackupVaultEvents", &out->backup_vault_events, kRequired);
}

Json ToJson(const GetBackupVaultNotificationsInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, GetBackupVaultNotificationsInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const GetBackupVaultNotificationsOutput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  Put(j, "SNSTopicArn", v.sns_topic_arn);
  PutAlways(j, "BackupVaultEvents", v.backup_vault_events);
  return j;
}
void FromJson(const JsonIn& in, GetBackupVaultNotificationsOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "SNSTopicArn", &out->sns_topic_arn);
  Get(in, "BackupVaultEvents", &out->backup_vault_events);
}

Json ToJson(const DeleteBackupVaultNotificationsInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupVaultNotificationsInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const PutBackupVaultAccessPolicyInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "Policy", v.policy);
  return j;
}
void FromJson(const JsonIn& in, PutBackupVaultAccessPolicyInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "Policy", &out->policy);
}

Json ToJson(const GetBackupVaultAccessPolicyInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, GetBackupVaultAccessPolicyInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const GetBackupVaultAccessPolicyOutput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  Put(j, "Policy", v.policy);
  return j;
}
void FromJson(const JsonIn& in, GetBackupVaultAccessPolicyOutput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "Policy", &out->policy);
}

Json ToJson(const DeleteBackupVaultAccessPolicyInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupVaultAccessPolicyInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

Json ToJson(const PutBackupVaultLockConfigurationInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "MinRetentionDays", v.min_retention_days);
  Put(j, "MaxRetentionDays", v.max_retention_days);
  Put(j, "ChangeableForDays", v.changeable_for_days);
  return j;
}
void FromJson(const JsonIn& in, PutBackupVaultLockConfigurationInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "MinRetentionDays", &out->min_retention_days);
  Get(in, "MaxRetentionDays", &out->max_retention_days);
  Get(in, "ChangeableForDays", &out->changeable_for_days);
}

Json ToJson(const DeleteBackupVaultLockConfigurationInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  return j;
}
void FromJson(const JsonIn& in, DeleteBackupVaultLockConfigurationInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
}

// ---- tags -------------------------------------------------------------------

Json ToJson(const TagResourceInput& v) {
  Json j = Json::object();
  Put(j, "ResourceArn", v.resource_arn);
  PutAlways(j, "Tags", v.tags);
  return j;
}
void FromJson(const JsonIn& in, TagResourceInput* out) {
  RequireObject(in);
  Get(in, "ResourceArn", &out->resource_arn, kRequired);
  Get(in, "Tags", &out->tags, kRequired);
}

Json ToJson(const UntagResourceInput& v) {
  Json j = Json::object();
  Put(j, "ResourceArn", v.resource_arn);
  PutAlways(j, "TagKeyList", v.tag_key_list);
  return j;
}
void FromJson(const JsonIn& in, UntagResourceInput* out) {
  RequireObject(in);
  Get(in, "ResourceArn", &out->resource_arn, kRequired);
  Get(in, "TagKeyList", &out->tag_key_list, kRequired);
}

Json ToJson(const ListTagsInput& v) {
  Json j = Json::object();
  Put(j, "ResourceArn", v.resource_arn);
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListTagsInput* out) {
  RequireObject(in);
  Get(in, "ResourceArn", &out->resource_arn, kRequired);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListTagsOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "Tags", v.tags);
  return j;
}
void FromJson(const JsonIn& in, ListTagsOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "Tags", &out->tags);
}

// ---- recovery points --------------------------------------------------------

Json ToJson(const ListRecoveryPointsByBackupVaultInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  return j;
}
void FromJson(const JsonIn& in, ListRecoveryPointsByBackupVaultInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
}

Json ToJson(const ListRecoveryPointsByBackupVaultOutput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  PutAlways(j, "RecoveryPoints", v.recovery_points);
  return j;
}
void FromJson(const JsonIn& in, ListRecoveryPointsByBackupVaultOutput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "RecoveryPoints", &out->recovery_points);
}

}  // namespace backupctl
