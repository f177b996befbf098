// The field names `export` writes: every key of every document, in one place.
//
// They are the names desired/fields.cc declares (the loader's table); the
// export tests load each exported tree with that loader, so a name that
// drifts from the table fails them. When the table renames a field, this is
// the one file to change.

#ifndef BACKUPCTL_RECONCILE_EXPORT_FIELDS_H_
#define BACKUPCTL_RECONCILE_EXPORT_FIELDS_H_

namespace backupctl::export_fields {

// Documents and backupctl.yaml.
inline constexpr char kApiVersion[] = "apiVersion";
inline constexpr char kKind[] = "kind";
inline constexpr char kMetadata[] = "metadata";
inline constexpr char kName[] = "name";
inline constexpr char kSpec[] = "spec";
inline constexpr char kStack[] = "stack";
inline constexpr char kTarget[] = "target";
inline constexpr char kTargetType[] = "type";
inline constexpr char kRegion[] = "region";
inline constexpr char kAccountId[] = "accountId";
inline constexpr char kProfile[] = "profile";
inline constexpr char kEndpoint[] = "endpoint";
inline constexpr char kStateFile[] = "stateFile";
inline constexpr char kExternalVaults[] = "externalVaults";

// BackupVault.
inline constexpr char kEncryptionKeyArn[] = "encryptionKeyArn";
inline constexpr char kVaultTags[] = "backupVaultTags";
inline constexpr char kLock[] = "lock";
inline constexpr char kMinRetentionDays[] = "minRetentionDays";
inline constexpr char kMaxRetentionDays[] = "maxRetentionDays";
inline constexpr char kChangeableForDays[] = "changeableForDays";

// BackupVaultNotifications and BackupVaultAccessPolicy.
inline constexpr char kNotificationsVault[] = "backupVaultName";
inline constexpr char kSnsTopicArn[] = "snsTopicArn";
inline constexpr char kEvents[] = "backupVaultEvents";
inline constexpr char kPolicyVault[] = "backupVaultName";
inline constexpr char kPolicy[] = "policy";

// BackupPlan.
inline constexpr char kPlanTags[] = "backupPlanTags";
inline constexpr char kRules[] = "rules";
inline constexpr char kRuleName[] = "ruleName";
inline constexpr char kTargetVault[] = "targetBackupVaultName";
inline constexpr char kSchedule[] = "scheduleExpression";
inline constexpr char kScheduleTimezone[] = "scheduleExpressionTimezone";
inline constexpr char kStartWindowMinutes[] = "startWindowMinutes";
inline constexpr char kCompletionWindowMinutes[] = "completionWindowMinutes";
inline constexpr char kLifecycle[] = "lifecycle";
inline constexpr char kMoveToColdStorageAfterDays[] = "moveToColdStorageAfterDays";
inline constexpr char kDeleteAfterDays[] = "deleteAfterDays";
inline constexpr char kOptInToArchive[] = "optInToArchiveForSupportedResources";
inline constexpr char kRecoveryPointTags[] = "recoveryPointTags";
inline constexpr char kCopyActions[] = "copyActions";
inline constexpr char kDestinationVaultArn[] = "destinationBackupVaultArn";
inline constexpr char kDestinationVault[] = "destinationVault";  // {name}
inline constexpr char kEnableContinuousBackup[] = "enableContinuousBackup";
inline constexpr char kAirGappedTarget[] = "targetLogicallyAirGappedBackupVaultArn";
inline constexpr char kIndexActions[] = "indexActions";
inline constexpr char kResourceTypes[] = "resourceTypes";
inline constexpr char kAdvancedBackupSettings[] = "advancedBackupSettings";
inline constexpr char kResourceType[] = "resourceType";
inline constexpr char kBackupOptions[] = "backupOptions";

// BackupSelection.
inline constexpr char kSelectionPlan[] = "plan";
inline constexpr char kIamRoleArn[] = "iamRoleArn";
inline constexpr char kResources[] = "resources";
inline constexpr char kNotResources[] = "notResources";
inline constexpr char kListOfTags[] = "listOfTags";
inline constexpr char kConditionType[] = "conditionType";
inline constexpr char kConditionKey[] = "conditionKey";
inline constexpr char kConditionValue[] = "conditionValue";
inline constexpr char kConditions[] = "conditions";

}  // namespace backupctl::export_fields

#endif  // BACKUPCTL_RECONCILE_EXPORT_FIELDS_H_
