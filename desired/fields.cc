#include "desired/fields.h"

#include "base/backup_resource_types.h"

namespace backupctl {
namespace {

using T = FieldType;

constexpr const char* kApiVersions[] = {kApiVersion};
constexpr const char* kKindNames[] = {"BackupVault",
                                      "BackupPlan",
                                      "BackupSelection",
                                      "BackupVaultNotifications",
                                      "BackupVaultAccessPolicy",
                                      "BackupRegionSettings",
                                      "BackupGlobalSettings"};
constexpr const char* kConditionTypes[] = {"STRINGEQUALS"};
constexpr const char* kAdvancedTypes[] = {"EC2", "S3"};
constexpr const char* kTargetTypes[] = {"local", "aws"};
constexpr const char* kIndexTypes[] = {"EBS", "S3"};

constexpr const char* kVaultNamePattern = "^[a-zA-Z0-9\\-_]{2,50}$";
constexpr const char* kNamePattern = "^[a-zA-Z0-9\\-_.]{1,50}$";
constexpr int64_t kMaxDays = 36500;

constexpr FieldSpec kMetadataFields[] = {
    {"name", T::kString, true, "The resource's name (for selections: the selection name)"},
    {"labels", T::kStringMap, false, "Free-form labels for GitOps tools; ignored by backupctl"},
    {"annotations", T::kStringMap, false,
     "Free-form annotations for GitOps tools; ignored by backupctl"},
    {"targets", T::kStringList, false,
     "Trees with targets: the names of the targets this document is stamped out on"},
    {"targetSelector", T::kStringMap, false,
     "Trees with targets: the labels a target must all have to receive this document"},
};
constexpr ObjectShape kMetadata{"metadata", "metadata", kMetadataFields};

constexpr FieldSpec kLockFields[] = {
    {"minRetentionDays",
     T::kInteger,
     false,
     "Shortest retention a job into the vault may ask for",
     nullptr,
     {},
     1,
     kMaxDays},
    {"maxRetentionDays",
     T::kInteger,
     false,
     "Longest retention a job into the vault may ask for",
     nullptr,
     {},
     1,
     kMaxDays},
    {"changeableForDays",
     T::kInteger,
     false,
     "Grace period before the lock becomes immutable (compliance mode); write-only in AWS",
     nullptr,
     {},
     3,
     kMaxDays},
};
constexpr ObjectShape kLock{"vaultLock", "BackupVault lock", kLockFields};

constexpr FieldSpec kVaultFields[] = {
    {"encryptionKeyArn", T::kString, false,
     "KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID, not an alias); changing it replaces the "
     "vault"},
    {"backupVaultTags", T::kStringMap, false, "Tags on the vault"},
    {"lock", T::kObject, false, "Vault Lock configuration", &kLock},
};
// Each kRenames table holds a shape's former spellings (backupctl's own
// names before every field took the AWS member's): refused, with the new
// name as the "did you mean".
constexpr RenamedField kVaultRenames[] = {{"tags", "backupVaultTags"}};
constexpr ObjectShape kVaultSpec{"BackupVault", "BackupVault spec", kVaultFields, kVaultRenames};

constexpr FieldSpec kLifecycleFields[] = {
    {"moveToColdStorageAfterDays",
     T::kInteger,
     false,
     "Days until recovery points move to cold",
     nullptr,
     {},
     1,
     kMaxDays},
    {"deleteAfterDays",
     T::kInteger,
     false,
     "Days until recovery points are deleted; at least moveToColdStorageAfterDays + 90",
     nullptr,
     {},
     1,
     kMaxDays},
    {"optInToArchiveForSupportedResources", T::kBoolean, false,
     "Move supported resources to the archive tier per the lifecycle"},
};
constexpr ObjectShape kLifecycle{"lifecycle", "lifecycle", kLifecycleFields};

constexpr FieldSpec kVaultRefFields[] = {
    {"name", T::kString, true, "The vault's name"},
    {"target", T::kString, false,
     "Trees with targets: the target that declares it (default: the plan's own)"},
};
constexpr ObjectShape kVaultRef{"vaultRef", "copy action destinationVault", kVaultRefFields};

constexpr FieldSpec kCopyActionFields[] = {
    {"destinationBackupVaultArn", T::kString, false,
     "Destination vault ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME); or "
     "destinationVault"},
    {"destinationVault", T::kObject, false,
     "The destination as a vault of the tree, {name} (with targets, {name, target}); needs "
     "target.accountId and target.region, or targets",
     &kVaultRef},
    {"lifecycle", T::kObject, false, "Retention of the copies; without it they are kept forever",
     &kLifecycle},
};
constexpr RenamedField kCopyActionRenames[] = {
    {"destinationVaultArn", "destinationBackupVaultArn"}};
constexpr ObjectShape kCopyAction{"copyAction", "BackupPlan copy action", kCopyActionFields,
                                  kCopyActionRenames};

constexpr FieldSpec kIndexActionFields[] = {
    {"resourceTypes", T::kStringList, true, "Resource types whose recovery points are indexed",
     nullptr, kIndexTypes},
};
constexpr ObjectShape kIndexAction{"indexAction", "BackupPlan index action", kIndexActionFields};

constexpr FieldSpec kRuleFields[] = {
    {"ruleName",
     T::kString,
     true,
     "Rule name: 1 to 50 letters, digits, '-', '_' or '.'",
     nullptr,
     {},
     0,
     0,
     kNamePattern},
    {"targetBackupVaultName", T::kString, true, "Name of the vault receiving the recovery points"},
    {"scheduleExpression", T::kString, false,
     "cron(Minutes Hours Day-of-month Month Day-of-week Year) or rate(N hours|days); AWS default "
     "cron(0 5 ? * * *)"},
    {"scheduleExpressionTimezone", T::kString, false,
     "IANA time zone of the schedule (default Etc/UTC)"},
    {"startWindowMinutes",
     T::kInteger,
     false,
     "Minutes a job may wait to start (AWS default 480)",
     nullptr,
     {},
     60,
     52560000},
    {"completionWindowMinutes",
     T::kInteger,
     false,
     "Minutes a job may run (AWS default 10080); greater than the start window",
     nullptr,
     {},
     1,
     52560000},
    {"lifecycle", T::kObject, false, "Retention of the recovery points", &kLifecycle},
    {"recoveryPointTags", T::kStringMap, false, "Tags put on each recovery point"},
    {"copyActions", T::kObjectList, false, "Copies to other vaults (e.g. another region)",
     &kCopyAction},
    {"enableContinuousBackup", T::kBoolean, false,
     "Continuous backup (point-in-time restore); retention 1 to 35 days, no cold storage"},
    {"targetLogicallyAirGappedBackupVaultArn", T::kString, false,
     "ARN of a logically air-gapped vault that also receives the recovery points"},
    {"indexActions", T::kObjectList, false,
     "Index the recovery points for search (at most one entry)", &kIndexAction},
};
constexpr RenamedField kRuleRenames[] = {
    {"name", "ruleName"},
    {"targetVault", "targetBackupVaultName"},
    {"schedule", "scheduleExpression"},
    {"scheduleTimezone", "scheduleExpressionTimezone"},
};
constexpr ObjectShape kRule{"rule", "BackupPlan rule", kRuleFields, kRuleRenames};

constexpr FieldSpec kAdvancedFields[] = {
    {"resourceType", T::kString, true, "EC2 (WindowsVSS) or S3 (BackupACLs, BackupObjectTags)",
     nullptr, kAdvancedTypes},
    {"backupOptions", T::kStringMap, true, "Option name to \"enabled\" or \"disabled\""},
};
constexpr ObjectShape kAdvanced{"advancedBackupSetting", "BackupPlan advancedBackupSettings entry",
                                kAdvancedFields};

constexpr FieldSpec kPlanFields[] = {
    {"backupPlanTags", T::kStringMap, false, "Tags on the plan"},
    {"rules", T::kObjectList, true, "The plan's rules, matched by name", &kRule},
    {"advancedBackupSettings", T::kObjectList, false, "Per resource type backup options",
     &kAdvanced},
};
constexpr RenamedField kPlanRenames[] = {{"tags", "backupPlanTags"}};
constexpr ObjectShape kPlanSpec{"BackupPlan", "BackupPlan spec", kPlanFields, kPlanRenames};

// The Condition and ConditionParameter shapes' member names; before they
// were `key` and `value`.
constexpr RenamedField kConditionRenames[] = {{"key", "conditionKey"}, {"value", "conditionValue"}};

constexpr FieldSpec kTagConditionFields[] = {
    {"conditionType", T::kString, false, "Only STRINGEQUALS (the default)", nullptr,
     kConditionTypes},
    {"conditionKey", T::kString, true, "Tag key (bare, e.g. backup)"},
    {"conditionValue", T::kString, true, "Tag value"},
};
constexpr ObjectShape kTagCondition{"tagCondition", "BackupSelection listOfTags entry",
                                    kTagConditionFields, kConditionRenames};

constexpr FieldSpec kKeyValueFields[] = {
    {"conditionKey", T::kString, true, "Condition key: aws:ResourceTag/<tag key>"},
    {"conditionValue", T::kString, true,
     "Value to compare ('*' wildcards for stringLike/stringNotLike)"},
};
constexpr ObjectShape kKeyValue{"conditionParameter", "BackupSelection condition", kKeyValueFields,
                                kConditionRenames};

constexpr FieldSpec kConditionsFields[] = {
    {"stringEquals", T::kObjectList, false, "Tag equals value", &kKeyValue},
    {"stringNotEquals", T::kObjectList, false, "Tag differs from value", &kKeyValue},
    {"stringLike", T::kObjectList, false, "Tag matches wildcard value", &kKeyValue},
    {"stringNotLike", T::kObjectList, false, "Tag does not match wildcard value", &kKeyValue},
};
constexpr ObjectShape kConditions{"conditions", "BackupSelection conditions", kConditionsFields};

constexpr FieldSpec kSelectionFields[] = {
    {"plan", T::kString, true, "Name of the BackupPlan this selection belongs to"},
    {"iamRoleArn", T::kString, true, "Role AWS Backup assumes (arn:aws:iam::ACCOUNT:role/NAME)"},
    {"resources", T::kStringList, false, "Resource ARNs (wildcards allowed) or \"*\""},
    {"notResources", T::kStringList, false, "Resource ARNs to exclude"},
    {"listOfTags", T::kObjectList, false, "Tag conditions, ORed", &kTagCondition},
    {"conditions", T::kObject, false, "Tag conditions, ANDed", &kConditions},
};
constexpr ObjectShape kSelectionSpec{"BackupSelection", "BackupSelection spec", kSelectionFields};

constexpr FieldSpec kNotificationsFields[] = {
    {"backupVaultName", T::kString, true, "Name of the vault whose events are sent"},
    {"snsTopicArn", T::kString, true, "SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"},
    {"backupVaultEvents", T::kStringList, true,
     "BackupVaultEvent names that AWS sends (not the deprecated ones)", nullptr,
     kDeliveredVaultEvents, 0, 0, nullptr, kDeprecatedVaultEvents},
};
constexpr RenamedField kNotificationsRenames[] = {{"vault", "backupVaultName"},
                                                  {"events", "backupVaultEvents"}};
constexpr ObjectShape kNotificationsSpec{"BackupVaultNotifications",
                                         "BackupVaultNotifications spec", kNotificationsFields,
                                         kNotificationsRenames};

constexpr FieldSpec kPolicyFields[] = {
    {"backupVaultName", T::kString, true, "Name of the vault the policy protects"},
    {"policy", T::kPolicy, true,
     "IAM resource policy with Version and Statement: a mapping or a JSON string"},
};
constexpr RenamedField kPolicyRenames[] = {{"vault", "backupVaultName"}};
constexpr ObjectShape kPolicySpec{"BackupVaultAccessPolicy", "BackupVaultAccessPolicy spec",
                                  kPolicyFields, kPolicyRenames};

constexpr FieldSpec kRegionSettingsFields[] = {
    {"resourceTypeOptIn", T::kBooleanMap, false,
     "Resource type to opted in (true) or out (false) of AWS Backup in the Region; types left "
     "out are left as they are",
     nullptr, kOptInResourceTypes},
    {"resourceTypeManagement", T::kBooleanMap, false,
     "Resource type to full AWS Backup management (true) or not (false); types left out are "
     "left as they are",
     nullptr, kManagementResourceTypes},
};
constexpr ObjectShape kRegionSettingsSpec{"BackupRegionSettings", "BackupRegionSettings spec",
                                          kRegionSettingsFields};

constexpr FieldSpec kGlobalSettingsFields[] = {
    {"crossAccountBackup", T::kBoolean, false,
     "isCrossAccountBackupEnabled: copies to and from other accounts of the organisation "
     "(management account only)"},
    {"multiPartyApproval", T::kBoolean, false,
     "isMpaEnabled: multi-party approval (management account only)"},
    {"delegatedAdministrator", T::kBoolean, false,
     "isDelegatedAdministratorEnabled: a delegated administrator account for AWS Backup "
     "(management account only)"},
};
constexpr ObjectShape kGlobalSettingsSpec{"BackupGlobalSettings", "BackupGlobalSettings spec",
                                          kGlobalSettingsFields};

constexpr KindSpec kKinds[] = {
    {"BackupVault", &kVaultSpec, "A backup vault, optionally with a Vault Lock", kVaultNamePattern},
    {"BackupPlan", &kPlanSpec, "A backup plan and its rules", kNamePattern},
    {"BackupSelection", &kSelectionSpec, "Resources assigned to a plan", kNamePattern},
    {"BackupVaultNotifications", &kNotificationsSpec, "SNS notifications of a vault's events",
     kNamePattern},
    {"BackupVaultAccessPolicy", &kPolicySpec, "A vault's resource-based access policy",
     kNamePattern},
    {"BackupRegionSettings", &kRegionSettingsSpec,
     "The Region's resource type opt-in and management settings (at most one per tree; the "
     "name is a label)",
     kNamePattern},
    {"BackupGlobalSettings", &kGlobalSettingsSpec,
     "The account's cross-account settings (at most one per tree; the name is a label)",
     kNamePattern},
};

constexpr FieldSpec kDocumentFields[] = {
    {"apiVersion", T::kString, true, "Always backupctl/v1", nullptr, kApiVersions},
    {"kind", T::kString, true, "The resource kind", nullptr, kKindNames},
    {"metadata", T::kObject, true, "The resource's name", &kMetadata},
    {"spec", T::kObject, false,
     "The resource's declared state (depends on kind); a BackupVault may leave it out"},
};
constexpr ObjectShape kDocument{"document", "document", kDocumentFields};

constexpr FieldSpec kTargetFields[] = {
    {"type", T::kString, false, "local (the emulated account) or aws", nullptr, kTargetTypes},
    {"region", T::kString, false, "AWS region, e.g. eu-west-1"},
    {"accountId",
     T::kString,
     false,
     "The 12-digit AWS account id: plan and apply refuse another account; with region, "
     "destinationVault {name} names a vault of this tree",
     nullptr,
     {},
     0,
     0,
     "^[0-9]{12}$"},
    {"profile", T::kString, false, "Shared-config profile"},
    {"endpoint", T::kString, false, "AWS Backup endpoint URL (http:// or https://)"},
    {"stateFile", T::kString, false,
     "Local target: the account's state file (default .backupctl/state.json)"},
};
constexpr ObjectShape kTarget{"target", "backupctl.yaml target", kTargetFields};

constexpr FieldSpec kAssumeRoleFields[] = {
    {"roleArn", T::kString, true, "The role to assume in the target's account"},
    {"externalId", T::kString, false, "The external id the role's trust policy asks for"},
    {"sessionName", T::kString, false, "The role session name (default backupctl-TIME)"},
};
constexpr ObjectShape kAssumeRole{"assumeRole", "target assumeRole", kAssumeRoleFields};

constexpr FieldSpec kNamedTargetFields[] = {
    {"name",
     T::kString,
     true,
     "The target's name, used by metadata.targets and destinationVault",
     nullptr,
     {},
     0,
     0,
     "^[a-z0-9][a-z0-9-]{0,62}$"},
    {"accountId",
     T::kString,
     true,
     "The 12-digit AWS account id",
     nullptr,
     {},
     0,
     0,
     "^[0-9]{12}$"},
    {"region", T::kString, true, "The AWS region, e.g. eu-central-1"},
    {"labels", T::kStringMap, false, "Labels that metadata.targetSelector matches"},
    {"assumeRole", T::kObject, false, "An IAM role to assume in the account, through STS",
     &kAssumeRole},
    {"endpoint", T::kString, false, "AWS Backup endpoint URL for this target"},
};
constexpr ObjectShape kNamedTarget{"namedTarget", "backupctl.yaml targets entry",
                                   kNamedTargetFields};

constexpr FieldSpec kProjectFields[] = {
    {"stack",
     T::kString,
     true,
     "Ownership identity recorded on what backupctl creates: 1 to 32 of a-z, 0-9, '-'",
     nullptr,
     {},
     0,
     0,
     "^[a-z0-9][a-z0-9-]{0,31}$"},
    {"target", T::kObject, false,
     "Where the estate lives; with targets, how every target is reached", &kTarget},
    {"targets", T::kObjectList, false,
     "Named accounts and regions; documents choose theirs with metadata.targets or "
     "metadata.targetSelector",
     &kNamedTarget},
    {"externalVaults", T::kStringList, false,
     "Vaults managed elsewhere that rules and documents may reference (e.g. Default)"},
};
constexpr ObjectShape kProject{"project", "backupctl.yaml", kProjectFields};

}  // namespace

const FieldSpec* ObjectShape::Find(std::string_view name) const {
  if (name.empty()) return nullptr;
  for (const FieldSpec& f : fields) {
    if (f.name[0] == name[0] && name == f.name) return &f;  // the first byte spares a strlen
  }
  return nullptr;
}

std::span<const KindSpec> Kinds() { return kKinds; }

const KindSpec* FindKind(std::string_view kind) {
  for (const KindSpec& k : kKinds) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

bool SpecMayBeOmitted(const KindSpec& kind) {
  for (const FieldSpec& f : kind.spec->fields) {
    if (f.required) return false;
  }
  return true;
}

const ObjectShape& DocumentShape() { return kDocument; }
const ObjectShape& MetadataShape() { return kMetadata; }
const ObjectShape& ProjectShape() { return kProject; }
std::span<const char* const> VaultEvents() { return kDeliveredVaultEvents; }
std::span<const RetiredValue> DeprecatedVaultEvents() { return kDeprecatedVaultEvents; }

}  // namespace backupctl
