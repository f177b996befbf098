// The AWS Backup operations backupctl speaks: one row each, the only list.
//
// BACKUPCTL_OPERATIONS(X) calls X(Name, Output, Input, "METHOD", "requestUri",
// member bindings...) once per operation, in service-2.json's terms. Output
// is `Empty` for an operation that answers nothing. The member bindings say
// where each input member travels (providers/wire/operations.cc defines
// Label/Query/Body); every other use ignores them. From this table come the
// BackupApi methods (backup_api.h), ForwardingApi (forwarding_api.h), the
// override declarations of AwsBackupClient and LocalAccount, the client's
// method bodies (providers/aws/client.cc), the route table
// (providers/wire/operations.cc), the server's dispatch (dispatch.cc) and
// Encode/DecodeOutput (rest.h, rest.cc), and the test fakes.
//
// To add an operation:
//  1. add its row here (the model conformance test checks it against
//     tests/data/aws-backup-model/service-2.json);
//  2. its Input and Output shapes in the family's header (vault_types.h,
//     plan_types.h, job_types.h, job_summary_types.h, settings_types.h; a new
//     family's header is included by the umbrella providers/backup_types.h);
//  3. one BACKUPCTL_JSON_CODEC for each, every member named once, in
//     providers/wire/json_operations.cc (json_shapes.h declares them);
//  4. its behaviour: the emulated account (providers/local/account*.cc);
//     the AWS client, routes and dispatch need nothing;
//  5. its samples in tests/wire (samples.h, test_samples.cc, model_conformance_test.cc).

#ifndef BACKUPCTL_PROVIDERS_BACKUP_OPERATIONS_H_
#define BACKUPCTL_PROVIDERS_BACKUP_OPERATIONS_H_

#include <string_view>

// The query members ListBackupJobs and ListCopyJobs share (ListJobsFilters),
// and those the three List*JobSummaries share (ListJobSummariesInput).
// clang-format off
#define BACKUPCTL_LIST_JOBS_QUERY                                                                 \
  NextToken(), MaxResults(),                                                                      \
  Query("ByResourceArn", "resourceArn", "string"), Query("ByState", "state", "string"),           \
  Query("ByCreatedBefore", "createdBefore", "timestamp"),                                         \
  Query("ByCreatedAfter", "createdAfter", "timestamp"),                                           \
  Query("ByResourceType", "resourceType", "string"),                                              \
  Query("ByAccountId", "accountId", "string"),                                                    \
  Query("ByCompleteAfter", "completeAfter", "timestamp"),                                         \
  Query("ByCompleteBefore", "completeBefore", "timestamp"),                                       \
  Query("ByParentJobId", "parentJobId", "string"),                                                \
  Query("ByMessageCategory", "messageCategory", "string")
#define BACKUPCTL_JOB_SUMMARIES_QUERY                                                             \
  Query("AccountId", "AccountId", "string"), Query("State", "State", "string"),                   \
  Query("ResourceType", "ResourceType", "string"),                                                \
  Query("AggregationPeriod", "AggregationPeriod", "string"),                                      \
  Query("MaxResults", "MaxResults", "integer"), Query("NextToken", "NextToken", "string")
// clang-format on

// clang-format off
#define BACKUPCTL_OPERATIONS(X)                                                                   \
  /* Vaults */                                                                                    \
  X(CreateBackupVault, CreateBackupVaultOutput, CreateBackupVaultInput,                           \
    "PUT", "/backup-vaults/{backupVaultName}",                                                    \
    VaultLabel(), Body("BackupVaultTags", "map"), Body("EncryptionKeyArn", "string"),             \
    Body("CreatorRequestId", "string"))                                                           \
  X(DescribeBackupVault, DescribeBackupVaultOutput, DescribeBackupVaultInput,                     \
    "GET", "/backup-vaults/{backupVaultName}", VaultLabel())                                      \
  X(ListBackupVaults, ListBackupVaultsOutput, ListBackupVaultsInput,                              \
    "GET", "/backup-vaults/", NextToken(), MaxResults())                                          \
  X(DeleteBackupVault, Empty, DeleteBackupVaultInput,                                             \
    "DELETE", "/backup-vaults/{backupVaultName}", VaultLabel())                                   \
  /* Plans */                                                                                     \
  X(CreateBackupPlan, CreateBackupPlanOutput, CreateBackupPlanInput,                              \
    "PUT", "/backup/plans/",                                                                      \
    Body("BackupPlan", "structure"), Body("BackupPlanTags", "map"),                               \
    Body("CreatorRequestId", "string"))                                                           \
  X(GetBackupPlan, GetBackupPlanOutput, GetBackupPlanInput,                                       \
    "GET", "/backup/plans/{backupPlanId}/",                                                       \
    PlanLabel(), Query("VersionId", "versionId", "string"))                                       \
  X(ListBackupPlans, ListBackupPlansOutput, ListBackupPlansInput,                                 \
    "GET", "/backup/plans/",                                                                      \
    NextToken(), MaxResults(), Query("IncludeDeleted", "includeDeleted", "boolean"))              \
  X(UpdateBackupPlan, UpdateBackupPlanOutput, UpdateBackupPlanInput,                              \
    "POST", "/backup/plans/{backupPlanId}", PlanLabel(), Body("BackupPlan", "structure"))         \
  X(DeleteBackupPlan, DeleteBackupPlanOutput, DeleteBackupPlanInput,                              \
    "DELETE", "/backup/plans/{backupPlanId}", PlanLabel())                                        \
  X(ListBackupPlanVersions, ListBackupPlanVersionsOutput, ListBackupPlanVersionsInput,            \
    "GET", "/backup/plans/{backupPlanId}/versions/", PlanLabel(), NextToken(), MaxResults())      \
  /* Selections */                                                                                \
  X(CreateBackupSelection, CreateBackupSelectionOutput, CreateBackupSelectionInput,               \
    "PUT", "/backup/plans/{backupPlanId}/selections/",                                            \
    PlanLabel(), Body("BackupSelection", "structure"), Body("CreatorRequestId", "string"))        \
  X(GetBackupSelection, GetBackupSelectionOutput, GetBackupSelectionInput,                        \
    "GET", "/backup/plans/{backupPlanId}/selections/{selectionId}",                               \
    PlanLabel(), Label("SelectionId", "selectionId"))                                             \
  X(ListBackupSelections, ListBackupSelectionsOutput, ListBackupSelectionsInput,                  \
    "GET", "/backup/plans/{backupPlanId}/selections/", PlanLabel(), NextToken(), MaxResults())    \
  X(DeleteBackupSelection, Empty, DeleteBackupSelectionInput,                                     \
    "DELETE", "/backup/plans/{backupPlanId}/selections/{selectionId}",                            \
    PlanLabel(), Label("SelectionId", "selectionId"))                                             \
  /* Notifications */                                                                             \
  X(PutBackupVaultNotifications, Empty, PutBackupVaultNotificationsInput,                         \
    "PUT", "/backup-vaults/{backupVaultName}/notification-configuration",                         \
    VaultLabel(), Body("SNSTopicArn", "string"), Body("BackupVaultEvents", "list"))               \
  X(GetBackupVaultNotifications, GetBackupVaultNotificationsOutput,                               \
    GetBackupVaultNotificationsInput,                                                             \
    "GET", "/backup-vaults/{backupVaultName}/notification-configuration", VaultLabel())           \
  X(DeleteBackupVaultNotifications, Empty, DeleteBackupVaultNotificationsInput,                   \
    "DELETE", "/backup-vaults/{backupVaultName}/notification-configuration", VaultLabel())        \
  /* Access policy */                                                                             \
  X(PutBackupVaultAccessPolicy, Empty, PutBackupVaultAccessPolicyInput,                           \
    "PUT", "/backup-vaults/{backupVaultName}/access-policy",                                      \
    VaultLabel(), Body("Policy", "string"))                                                       \
  X(GetBackupVaultAccessPolicy, GetBackupVaultAccessPolicyOutput,                                 \
    GetBackupVaultAccessPolicyInput,                                                              \
    "GET", "/backup-vaults/{backupVaultName}/access-policy", VaultLabel())                        \
  X(DeleteBackupVaultAccessPolicy, Empty, DeleteBackupVaultAccessPolicyInput,                     \
    "DELETE", "/backup-vaults/{backupVaultName}/access-policy", VaultLabel())                     \
  /* Vault lock */                                                                                \
  X(PutBackupVaultLockConfiguration, Empty, PutBackupVaultLockConfigurationInput,                 \
    "PUT", "/backup-vaults/{backupVaultName}/vault-lock",                                         \
    VaultLabel(), Body("MinRetentionDays", "long"), Body("MaxRetentionDays", "long"),             \
    Body("ChangeableForDays", "long"))                                                            \
  X(DeleteBackupVaultLockConfiguration, Empty, DeleteBackupVaultLockConfigurationInput,           \
    "DELETE", "/backup-vaults/{backupVaultName}/vault-lock", VaultLabel())                        \
  /* Tags */                                                                                      \
  X(TagResource, Empty, TagResourceInput,                                                         \
    "POST", "/tags/{resourceArn}", ArnLabel(), Body("Tags", "map"))                               \
  X(UntagResource, Empty, UntagResourceInput,                                                     \
    "POST", "/untag/{resourceArn}", ArnLabel(), Body("TagKeyList", "list"))                       \
  X(ListTags, ListTagsOutput, ListTagsInput,                                                      \
    "GET", "/tags/{resourceArn}/", ArnLabel(), NextToken(), MaxResults())                         \
  /* Recovery points */                                                                           \
  X(ListRecoveryPointsByBackupVault, ListRecoveryPointsByBackupVaultOutput,                       \
    ListRecoveryPointsByBackupVaultInput,                                                         \
    "GET", "/backup-vaults/{backupVaultName}/recovery-points/",                                   \
    VaultLabel(), NextToken(), MaxResults())                                                      \
  /* Jobs */                                                                                      \
  X(StartBackupJob, StartBackupJobOutput, StartBackupJobInput,                                    \
    "PUT", "/backup-jobs",                                                                        \
    Body("BackupVaultName", "string"), Body("LogicallyAirGappedBackupVaultArn", "string"),        \
    Body("ResourceArn", "string"), Body("IamRoleArn", "string"),                                  \
    Body("IdempotencyToken", "string"), Body("StartWindowMinutes", "long"),                       \
    Body("CompleteWindowMinutes", "long"), Body("Lifecycle", "structure"),                        \
    Body("RecoveryPointTags", "map"), Body("BackupOptions", "map"), Body("Index", "string"))      \
  X(DescribeBackupJob, DescribeBackupJobOutput, DescribeBackupJobInput,                           \
    "GET", "/backup-jobs/{backupJobId}", Label("BackupJobId", "backupJobId"))                     \
  X(ListBackupJobs, ListBackupJobsOutput, ListBackupJobsInput,                                    \
    "GET", "/backup-jobs/", BACKUPCTL_LIST_JOBS_QUERY,                                            \
    Query("ByBackupVaultName", "backupVaultName", "string"))                                      \
  X(ListCopyJobs, ListCopyJobsOutput, ListCopyJobsInput,                                          \
    "GET", "/copy-jobs/", BACKUPCTL_LIST_JOBS_QUERY,                                              \
    Query("ByDestinationVaultArn", "destinationVaultArn", "string"),                              \
    Query("BySourceRecoveryPointArn", "sourceRecoveryPointArn", "string"))                        \
  /* Job summaries */                                                                             \
  X(ListBackupJobSummaries, ListBackupJobSummariesOutput, ListBackupJobSummariesInput,            \
    "GET", "/audit/backup-job-summaries", BACKUPCTL_JOB_SUMMARIES_QUERY,                          \
    Query("MessageCategory", "MessageCategory", "string"))                                        \
  X(ListCopyJobSummaries, ListCopyJobSummariesOutput, ListCopyJobSummariesInput,                  \
    "GET", "/audit/copy-job-summaries", BACKUPCTL_JOB_SUMMARIES_QUERY,                            \
    Query("MessageCategory", "MessageCategory", "string"))                                        \
  X(ListRestoreJobSummaries, ListRestoreJobSummariesOutput, ListRestoreJobSummariesInput,         \
    "GET", "/audit/restore-job-summaries", BACKUPCTL_JOB_SUMMARIES_QUERY)                         \
  /* Account and Region settings */                                                               \
  X(DescribeRegionSettings, DescribeRegionSettingsOutput, DescribeRegionSettingsInput,            \
    "GET", "/account-settings")                                                                   \
  X(UpdateRegionSettings, Empty, UpdateRegionSettingsInput,                                       \
    "PUT", "/account-settings",                                                                   \
    Body("ResourceTypeOptInPreference", "map"), Body("ResourceTypeManagementPreference", "map"))  \
  X(DescribeGlobalSettings, DescribeGlobalSettingsOutput, DescribeGlobalSettingsInput,            \
    "GET", "/global-settings")                                                                    \
  X(UpdateGlobalSettings, Empty, UpdateGlobalSettingsInput,                                       \
    "PUT", "/global-settings", Body("GlobalSettings", "map"))
// clang-format on

// `Outcome<Out> Name(const In&) override;` for every operation: the
// declarations of a class that implements all of BackupApi.
#define BACKUPCTL_DECLARE_OPERATION_OVERRIDE(Name, Out, In, ...) \
  Outcome<Out> Name(const In&) override;
#define BACKUPCTL_BACKUP_API_OVERRIDES BACKUPCTL_OPERATIONS(BACKUPCTL_DECLARE_OPERATION_OVERRIDE)

// BACKUPCTL_UNLESS_EMPTY(Out, tokens...) expands to the tokens unless Out is
// `Empty`. Many operations share Empty, so what must exist once per distinct
// output type (an explicit instantiation, a codec declaration) uses it.
#define BACKUPCTL_UNLESS_EMPTY(Out, ...) \
  BACKUPCTL_OPS_CAT(BACKUPCTL_OPS_IF_NOT_, BACKUPCTL_OPS_IS_EMPTY(Out))(__VA_ARGS__)
#define BACKUPCTL_OPS_IS_EMPTY(Out) BACKUPCTL_OPS_SECOND(BACKUPCTL_OPS_PROBE_##Out, 0, ~)
#define BACKUPCTL_OPS_PROBE_Empty ~, 1
#define BACKUPCTL_OPS_SECOND(...) BACKUPCTL_OPS_SECOND_(__VA_ARGS__)
#define BACKUPCTL_OPS_SECOND_(a, b, ...) b
#define BACKUPCTL_OPS_CAT(a, b) BACKUPCTL_OPS_CAT_(a, b)
#define BACKUPCTL_OPS_CAT_(a, b) a##b
#define BACKUPCTL_OPS_IF_NOT_0(...) __VA_ARGS__
#define BACKUPCTL_OPS_IF_NOT_1(...)

namespace backupctl {

#define BACKUPCTL_OPS_NAME(Name, ...) #Name,
inline constexpr std::string_view kOperationNames[] = {BACKUPCTL_OPERATIONS(BACKUPCTL_OPS_NAME)};
#undef BACKUPCTL_OPS_NAME

inline constexpr int kOperationCount = sizeof(kOperationNames) / sizeof(kOperationNames[0]);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_BACKUP_OPERATIONS_H_
