// The BackupVaultEvent enum of AWS Backup's service model, the one list that
// validate (desired/fields.cc) and the emulator (providers/local) share.
// It has two parts: the events AWS sends, and the values AWS's API reference
// lists as deprecated, which PutBackupVaultNotifications still accepts but
// which are never delivered (issue 14 item 9): a tree using one would have no
// alerts at all, so validate refuses them with `why`, while the emulator, like
// AWS, accepts them. Together they are exactly the model's enum
// (tests/base/vault_events_test.cc checks that against service-2.json).

#ifndef BACKUPCTL_BASE_VAULT_EVENTS_H_
#define BACKUPCTL_BASE_VAULT_EVENTS_H_

#include <string_view>

namespace backupctl {

// A value AWS's API still takes but that no longer does anything: validate
// refuses it with `why` (what to use instead).
struct RetiredValue {
  const char* name;
  const char* why;
};

// The events AWS delivers, in the model's order.
inline constexpr const char* kDeliveredVaultEvents[] = {
    "BACKUP_JOB_STARTED",
    "BACKUP_JOB_COMPLETED",
    "RESTORE_JOB_STARTED",
    "RESTORE_JOB_COMPLETED",
    "COPY_JOB_STARTED",
    "COPY_JOB_SUCCESSFUL",
    "COPY_JOB_FAILED",
    "RECOVERY_POINT_MODIFIED",
    "S3_BACKUP_OBJECT_FAILED",
    "S3_RESTORE_OBJECT_FAILED",
    "CONTINUOUS_BACKUP_INTERRUPTED",
    "RECOVERY_POINT_INDEX_COMPLETED",
    "RECOVERY_POINT_INDEX_DELETED",
    "RECOVERY_POINT_INDEXING_FAILED",
    "EKS_RESTORE_OBJECT_FAILED",
    "EKS_RESTORE_OBJECT_SKIPPED",
    "EKS_BACKUP_OBJECT_FAILED",
};

// Accepted, never sent. BACKUP_JOB_COMPLETED and RESTORE_JOB_COMPLETED carry
// the job's outcome in the SNS message attribute "State".
inline constexpr RetiredValue kDeprecatedVaultEvents[] = {
    {"BACKUP_JOB_SUCCESSFUL",
     "use BACKUP_JOB_COMPLETED with an SNS subscription filter on the job state: "
     "{\"State\": [\"COMPLETED\"]}"},
    {"BACKUP_JOB_FAILED",
     "for failed backups use BACKUP_JOB_COMPLETED with an SNS subscription filter on the job "
     "state: {\"State\": [{\"anything-but\": \"COMPLETED\"}]}"},
    {"BACKUP_JOB_EXPIRED",
     "use BACKUP_JOB_COMPLETED with an SNS subscription filter on the job state: "
     "{\"State\": [\"EXPIRED\"]}"},
    {"RESTORE_JOB_SUCCESSFUL",
     "use RESTORE_JOB_COMPLETED with an SNS subscription filter on the job state: "
     "{\"State\": [\"COMPLETED\"]}"},
    {"RESTORE_JOB_FAILED",
     "for failed restores use RESTORE_JOB_COMPLETED with an SNS subscription filter on the job "
     "state: {\"State\": [{\"anything-but\": \"COMPLETED\"}]}"},
    {"BACKUP_PLAN_CREATED", "track plan changes with CloudTrail or EventBridge"},
    {"BACKUP_PLAN_MODIFIED", "track plan changes with CloudTrail or EventBridge"},
};

// An event AWS delivers (validate's test; exact case).
bool IsDeliveredVaultEvent(std::string_view name);
// Any value of the enum, deprecated or not (what AWS's API accepts).
bool IsVaultEventEnumValue(std::string_view name);

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_VAULT_EVENTS_H_
