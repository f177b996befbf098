// JSON codecs of the job shapes: StartBackupJob, DescribeBackupJob,
// ListBackupJobs, ListCopyJobs and the three List*JobSummaries.

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

void PutBackupJobMembers(Json& j, const BackupJob& v) {
  Put(j, "AccountId", v.account_id);
  Put(j, "BackupJobId", v.backup_job_id);
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "BackupVaultArn", v.backup_vault_arn);
  Put(j, "VaultType", v.vault_type);
  Put(j, "RecoveryPointArn", v.recovery_point_arn);
  Put(j, "RecoveryPointLifecycle", v.recovery_point_lifecycle);
  Put(j, "ResourceArn", v.resource_arn);
  PutTime(j, "CreationDate", v.creation_date);
  PutTime(j, "CompletionDate", v.completion_date);
  Put(j, "State", v.state);
  Put(j, "StatusMessage", v.status_message);
  Put(j, "PercentDone", v.percent_done);
  Put(j, "BackupSizeInBytes", v.backup_size_in_bytes);
  Put(j, "IamRoleArn", v.iam_role_arn);
  Put(j, "CreatedBy", v.created_by);
  PutTime(j, "ExpectedCompletionDate", v.expected_completion_date);
  PutTime(j, "StartBy", v.start_by);
  Put(j, "ResourceType", v.resource_type);
  Put(j, "BytesTransferred", v.bytes_transferred);
  Put(j, "BackupType", v.backup_type);
  Put(j, "IsParent", v.is_parent);
  Put(j, "ResourceName", v.resource_name);
  PutTime(j, "InitiationDate", v.initiation_date);
  Put(j, "MessageCategory", v.message_category);
}

void GetBackupJobMembers(const JsonIn& in, BackupJob* out) {
  RequireObject(in);
  Get(in, "AccountId", &out->account_id);
  Get(in, "BackupJobId", &out->backup_job_id);
  Get(in, "BackupVaultName", &out->backup_vault_name);
  Get(in, "BackupVaultArn", &out->backup_vault_arn);
  Get(in, "VaultType", &out->vault_type);
  Get(in, "RecoveryPointArn", &out->recovery_point_arn);
  Get(in, "RecoveryPointLifecycle", &out->recovery_point_lifecycle);
  Get(in, "ResourceArn", &out->resource_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "CompletionDate", &out->completion_date);
  Get(in, "State", &out->state);
  Get(in, "StatusMessage", &out->status_message);
  Get(in, "PercentDone", &out->percent_done);
  Get(in, "BackupSizeInBytes", &out->backup_size_in_bytes);
  Get(in, "IamRoleArn", &out->iam_role_arn);
  Get(in, "CreatedBy", &out->created_by);
  Get(in, "ExpectedCompletionDate", &out->expected_completion_date);
  Get(in, "StartBy", &out->start_by);
  Get(in, "ResourceType", &out->resource_type);
  Get(in, "BytesTransferred", &out->bytes_transferred);
  Get(in, "BackupType", &out->backup_type);
  Get(in, "IsParent", &out->is_parent);
  Get(in, "ResourceName", &out->resource_name);
  Get(in, "InitiationDate", &out->initiation_date);
  Get(in, "MessageCategory", &out->message_category);
}

// The members all three List*JobSummaries inputs share; restore's have no
// MessageCategory.
void PutSummariesInput(Json& j, const ListJobSummariesInput& v, bool message_category) {
  Put(j, "AccountId", v.account_id);
  Put(j, "State", v.state);
  Put(j, "ResourceType", v.resource_type);
  if (message_category) Put(j, "MessageCategory", v.message_category);
  Put(j, "AggregationPeriod", v.aggregation_period);
  Put(j, "MaxResults", v.max_results);
  Put(j, "NextToken", v.next_token);
}

void GetSummariesInput(const JsonIn& in, ListJobSummariesInput* out, bool message_category) {
  RequireObject(in);
  Get(in, "AccountId", &out->account_id);
  Get(in, "State", &out->state);
  Get(in, "ResourceType", &out->resource_type);
  if (message_category) Get(in, "MessageCategory", &out->message_category);
  Get(in, "AggregationPeriod", &out->aggregation_period);
  Get(in, "MaxResults", &out->max_results);
  Get(in, "NextToken", &out->next_token);
}

}  // namespace

// ---- member shapes ------------------------------------------------------------

Json ToJson(const RecoveryPointCreator& v) {
  Json j = Json::object();
  Put(j, "BackupPlanId", v.backup_plan_id);
  Put(j, "BackupPlanArn", v.backup_plan_arn);
  Put(j, "BackupPlanName", v.backup_plan_name);
  Put(j, "BackupPlanVersion", v.backup_plan_version);
  Put(j, "BackupRuleId", v.backup_rule_id);
  Put(j, "BackupRuleName", v.backup_rule_name);
  Put(j, "BackupRuleCron", v.backup_rule_cron);
  Put(j, "BackupRuleTimezone", v.backup_rule_timezone);
  return j;
}
void FromJson(const JsonIn& in, RecoveryPointCreator* out) {
  RequireObject(in);
  Get(in, "BackupPlanId", &out->backup_plan_id);
  Get(in, "BackupPlanArn", &out->backup_plan_arn);
  Get(in, "BackupPlanName", &out->backup_plan_name);
  Get(in, "BackupPlanVersion", &out->backup_plan_version);
  Get(in, "BackupRuleId", &out->backup_rule_id);
  Get(in, "BackupRuleName", &out->backup_rule_name);
  Get(in, "BackupRuleCron", &out->backup_rule_cron);
  Get(in, "BackupRuleTimezone", &out->backup_rule_timezone);
}

Json ToJson(const BackupJob& v) {
  Json j = Json::object();
  PutBackupJobMembers(j, v);
  return j;
}
void FromJson(const JsonIn& in, BackupJob* out) { GetBackupJobMembers(in, out); }

Json ToJson(const CopyJob& v) {
  Json j = Json::object();
  Put(j, "AccountId", v.account_id);
  Put(j, "CopyJobId", v.copy_job_id);
  Put(j, "SourceBackupVaultArn", v.source_backup_vault_arn);
  Put(j, "SourceRecoveryPointArn", v.source_recovery_point_arn);
  Put(j, "DestinationBackupVaultArn", v.destination_backup_vault_arn);
  Put(j, "DestinationVaultType", v.destination_vault_type);
  Put(j, "DestinationRecoveryPointArn", v.destination_recovery_point_arn);
  Put(j, "DestinationRecoveryPointLifecycle", v.destination_recovery_point_lifecycle);
  Put(j, "ResourceArn", v.resource_arn);
  PutTime(j, "CreationDate", v.creation_date);
  PutTime(j, "CompletionDate", v.completion_date);
  Put(j, "State", v.state);
  Put(j, "StatusMessage", v.status_message);
  Put(j, "BackupSizeInBytes", v.backup_size_in_bytes);
  Put(j, "IamRoleArn", v.iam_role_arn);
  Put(j, "CreatedBy", v.created_by);
  Put(j, "CreatedByBackupJobId", v.created_by_backup_job_id);
  Put(j, "ResourceType", v.resource_type);
  Put(j, "ParentJobId", v.parent_job_id);
  Put(j, "IsParent", v.is_parent);
  Put(j, "ResourceName", v.resource_name);
  Put(j, "MessageCategory", v.message_category);
  return j;
}
void FromJson(const JsonIn& in, CopyJob* out) {
  RequireObject(in);
  Get(in, "AccountId", &out->account_id);
  Get(in, "CopyJobId", &out->copy_job_id);
  Get(in, "SourceBackupVaultArn", &out->source_backup_vault_arn);
  Get(in, "SourceRecoveryPointArn", &out->source_recovery_point_arn);
  Get(in, "DestinationBackupVaultArn", &out->destination_backup_vault_arn);
  Get(in, "DestinationVaultType", &out->destination_vault_type);
  Get(in, "DestinationRecoveryPointArn", &out->destination_recovery_point_arn);
  Get(in, "DestinationRecoveryPointLifecycle", &out->destination_recovery_point_lifecycle);
  Get(in, "ResourceArn", &out->resource_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "CompletionDate", &out->completion_date);
  Get(in, "State", &out->state);
  Get(in, "StatusMessage", &out->status_message);
  Get(in, "BackupSizeInBytes", &out->backup_size_in_bytes);
  Get(in, "IamRoleArn", &out->iam_role_arn);
  Get(in, "CreatedBy", &out->created_by);
  Get(in, "CreatedByBackupJobId", &out->created_by_backup_job_id);
  Get(in, "ResourceType", &out->resource_type);
  Get(in, "ParentJobId", &out->parent_job_id);
  Get(in, "IsParent", &out->is_parent);
  Get(in, "ResourceName", &out->resource_name);
  Get(in, "MessageCategory", &out->message_category);
}

Json ToJson(const JobSummary& v) {
  Json j = Json::object();
  Put(j, "Region", v.region);
  Put(j, "AccountId", v.account_id);
  Put(j, "State", v.state);
  Put(j, "ResourceType", v.resource_type);
  Put(j, "MessageCategory", v.message_category);
  Put(j, "Count", v.count);
  PutTime(j, "StartTime", v.start_time);
  PutTime(j, "EndTime", v.end_time);
  return j;
}
void FromJson(const JsonIn& in, JobSummary* out) {
  RequireObject(in);
  Get(in, "Region", &out->region);
  Get(in, "AccountId", &out->account_id);
  Get(in, "State", &out->state);
  Get(in, "ResourceType", &out->resource_type);
  Get(in, "MessageCategory", &out->message_category);
  Get(in, "Count", &out->count);
  Get(in, "StartTime", &out->start_time);
  Get(in, "EndTime", &out->end_time);
}

// ---- StartBackupJob, DescribeBackupJob ------------------------------------------

Json ToJson(const StartBackupJobInput& v) {
  Json j = Json::object();
  Put(j, "BackupVaultName", v.backup_vault_name);
  Put(j, "LogicallyAirGappedBackupVaultArn", v.logically_air_gapped_backup_vault_arn);
  Put(j, "ResourceArn", v.resource_arn);
  Put(j, "IamRoleArn", v.iam_role_arn);
  Put(j, "IdempotencyToken", v.idempotency_token);
  Put(j, "StartWindowMinutes", v.start_window_minutes);
  Put(j, "CompleteWindowMinutes", v.complete_window_minutes);
  Put(j, "Lifecycle", v.lifecycle);
  Put(j, "RecoveryPointTags", v.recovery_point_tags);
  Put(j, "BackupOptions", v.backup_options);
  Put(j, "Index", v.index);
  return j;
}
void FromJson(const JsonIn& in, StartBackupJobInput* out) {
  RequireObject(in);
  Get(in, "BackupVaultName", &out->backup_vault_name, kRequired);
  Get(in, "LogicallyAirGappedBackupVaultArn", &out->logically_air_gapped_backup_vault_arn);
  Get(in, "ResourceArn", &out->resource_arn, kRequired);
  Get(in, "IamRoleArn", &out->iam_role_arn, kRequired);
  Get(in, "IdempotencyToken", &out->idempotency_token);
  Get(in, "StartWindowMinutes", &out->start_window_minutes);
  Get(in, "CompleteWindowMinutes", &out->complete_window_minutes);
  Get(in, "Lifecycle", &out->lifecycle);
  Get(in, "RecoveryPointTags", &out->recovery_point_tags);
  Get(in, "BackupOptions", &out->backup_options);
  Get(in, "Index", &out->index);
}

Json ToJson(const StartBackupJobOutput& v) {
  Json j = Json::object();
  Put(j, "BackupJobId", v.backup_job_id);
  Put(j, "RecoveryPointArn", v.recovery_point_arn);
  PutTime(j, "CreationDate", v.creation_date);
  Put(j, "IsParent", v.is_parent);
  return j;
}
void FromJson(const JsonIn& in, StartBackupJobOutput* out) {
  RequireObject(in);
  Get(in, "BackupJobId", &out->backup_job_id);
  Get(in, "RecoveryPointArn", &out->recovery_point_arn);
  Get(in, "CreationDate", &out->creation_date);
  Get(in, "IsParent", &out->is_parent);
}

Json ToJson(const DescribeBackupJobInput& v) {
  Json j = Json::object();
  Put(j, "BackupJobId", v.backup_job_id);
  return j;
}
void FromJson(const JsonIn& in, DescribeBackupJobInput* out) {
  RequireObject(in);
  Get(in, "BackupJobId", &out->backup_job_id, kRequired);
}

Json ToJson(const DescribeBackupJobOutput& v) {
  Json j = Json::object();
  PutBackupJobMembers(j, v);
  Put(j, "NumberOfChildJobs", v.number_of_child_jobs);
  return j;
}
void FromJson(const JsonIn& in, DescribeBackupJobOutput* out) {
  GetBackupJobMembers(in, out);
  Get(in, "NumberOfChildJobs", &out->number_of_child_jobs);
}

// ---- ListBackupJobs, ListCopyJobs ---------------------------------------------------

Json ToJson(const ListBackupJobsInput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  Put(j, "ByResourceArn", v.by_resource_arn);
  Put(j, "ByState", v.by_state);
  Put(j, "ByBackupVaultName", v.by_backup_vault_name);
  PutTime(j, "ByCreatedBefore", v.by_created_before);
  PutTime(j, "ByCreatedAfter", v.by_created_after);
  Put(j, "ByResourceType", v.by_resource_type);
  Put(j, "ByAccountId", v.by_account_id);
  PutTime(j, "ByCompleteAfter", v.by_complete_after);
  PutTime(j, "ByCompleteBefore", v.by_complete_before);
  Put(j, "ByParentJobId", v.by_parent_job_id);
  Put(j, "ByMessageCategory", v.by_message_category);
  return j;
}
void FromJson(const JsonIn& in, ListBackupJobsInput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
  Get(in, "ByResourceArn", &out->by_resource_arn);
  Get(in, "ByState", &out->by_state);
  Get(in, "ByBackupVaultName", &out->by_backup_vault_name);
  Get(in, "ByCreatedBefore", &out->by_created_before);
  Get(in, "ByCreatedAfter", &out->by_created_after);
  Get(in, "ByResourceType", &out->by_resource_type);
  Get(in, "ByAccountId", &out->by_account_id);
  Get(in, "ByCompleteAfter", &out->by_complete_after);
  Get(in, "ByCompleteBefore", &out->by_complete_before);
  Get(in, "ByParentJobId", &out->by_parent_job_id);
  Get(in, "ByMessageCategory", &out->by_message_category);
}

Json ToJson(const ListBackupJobsOutput& v) {
  Json j = Json::object();
  PutAlways(j, "BackupJobs", v.backup_jobs);
  Put(j, "NextToken", v.next_token);
  return j;
}
void FromJson(const JsonIn& in, ListBackupJobsOutput* out) {
  RequireObject(in);
  Get(in, "BackupJobs", &out->backup_jobs);
  Get(in, "NextToken", &out->next_token);
}

Json ToJson(const ListCopyJobsInput& v) {
  Json j = Json::object();
  Put(j, "NextToken", v.next_token);
  Put(j, "MaxResults", v.max_results);
  Put(j, "ByResourceArn", v.by_resource_arn);
  Put(j, "ByState", v.by_state);
  PutTime(j, "ByCreatedBefore", v.by_created_before);
  PutTime(j, "ByCreatedAfter", v.by_created_after);
  Put(j, "ByResourceType", v.by_resource_type);
  Put(j, "ByDestinationVaultArn", v.by_destination_vault_arn);
  Put(j, "ByAccountId", v.by_account_id);
  PutTime(j, "ByCompleteBefore", v.by_complete_before);
  PutTime(j, "ByCompleteAfter", v.by_complete_after);
  Put(j, "ByParentJobId", v.by_parent_job_id);
  Put(j, "ByMessageCategory", v.by_message_category);
  Put(j, "BySourceRecoveryPointArn", v.by_source_recovery_point_arn);
  return j;
}
void FromJson(const JsonIn& in, ListCopyJobsInput* out) {
  RequireObject(in);
  Get(in, "NextToken", &out->next_token);
  Get(in, "MaxResults", &out->max_results);
  Get(in, "ByResourceArn", &out->by_resource_arn);
  Get(in, "ByState", &out->by_state);
  Get(in, "ByCreatedBefore", &out->by_created_before);
  Get(in, "ByCreatedAfter", &out->by_created_after);
  Get(in, "ByResourceType", &out->by_resource_type);
  Get(in, "ByDestinationVaultArn", &out->by_destination_vault_arn);
  Get(in, "ByAccountId", &out->by_account_id);
  Get(in, "ByCompleteBefore", &out->by_complete_before);
  Get(in, "ByCompleteAfter", &out->by_complete_after);
  Get(in, "ByParentJobId", &out->by_parent_job_id);
  Get(in, "ByMessageCategory", &out->by_message_category);
  Get(in, "BySourceRecoveryPointArn", &out->by_source_recovery_point_arn);
}

Json ToJson(const ListCopyJobsOutput& v) {
  Json j = Json::object();
  PutAlways(j, "CopyJobs", v.copy_jobs);
  Put(j, "NextToken", v.next_token);
  return j;
}
void FromJson(const JsonIn& in, ListCopyJobsOutput* out) {
  RequireObject(in);
  Get(in, "CopyJobs", &out->copy_jobs);
  Get(in, "NextToken", &out->next_token);
}

// ---- List*JobSummaries --------------------------------------------------------------

Json ToJson(const ListBackupJobSummariesInput& v) {
  Json j = Json::object();
  PutSummariesInput(j, v, true);
  return j;
}
void FromJson(const JsonIn& in, ListBackupJobSummariesInput* out) {
  GetSummariesInput(in, out, true);
}
Json ToJson(const ListCopyJobSummariesInput& v) {
  Json j = Json::object();
  PutSummariesInput(j, v, true);
  return j;
}
void FromJson(const JsonIn& in, ListCopyJobSummariesInput* out) {
  GetSummariesInput(in, out, true);
}
Json ToJson(const ListRestoreJobSummariesInput& v) {
  Json j = Json::object();
  PutSummariesInput(j, v, false);
  return j;
}
void FromJson(const JsonIn& in, ListRestoreJobSummariesInput* out) {
  GetSummariesInput(in, out, false);
}

Json ToJson(const ListBackupJobSummariesOutput& v) {
  Json j = Json::object();
  PutAlways(j, "BackupJobSummaries", v.backup_job_summaries);
  Put(j, "AggregationPeriod", v.aggregation_period);
  Put(j, "NextToken", v.next_token);
  return j;
}
void FromJson(const JsonIn& in, ListBackupJobSummariesOutput* out) {
  RequireObject(in);
  Get(in, "BackupJobSummaries", &out->backup_job_summaries);
  Get(in, "AggregationPeriod", &out->aggregation_period);
  Get(in, "NextToken", &out->next_token);
}
Json ToJson(const ListCopyJobSummariesOutput& v) {
  Json j = Json::object();
  PutAlways(j, "CopyJobSummaries", v.copy_job_summaries);
  Put(j, "AggregationPeriod", v.aggregation_period);
  Put(j, "NextToken", v.next_token);
  return j;
}
void FromJson(const JsonIn& in, ListCopyJobSummariesOutput* out) {
  RequireObject(in);
  Get(in, "CopyJobSummaries", &out->copy_job_summaries);
  Get(in, "AggregationPeriod", &out->aggregation_period);
  Get(in, "NextToken", &out->next_token);
}
Json ToJson(const ListRestoreJobSummariesOutput& v) {
  Json j = Json::object();
  PutAlways(j, "RestoreJobSummaries", v.restore_job_summaries);
  Put(j, "AggregationPeriod", v.aggregation_period);
  Put(j, "NextToken", v.next_token);
  return j;
}
void FromJson(const JsonIn& in, ListRestoreJobSummariesOutput* out) {
  RequireObject(in);
  Get(in, "RestoreJobSummaries", &out->restore_job_summaries);
  Get(in, "AggregationPeriod", &out->aggregation_period);
  Get(in, "NextToken", &out->next_token);
}

}  // namespace backupctl
