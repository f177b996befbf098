// AccountState: everything an emulated AWS Backup account holds, as plain
// values. LocalAccount owns one behind a lock; Snapshot() hands out a copy
// for tests and invariant checks; state_store.h turns it into the JSON state
// file and back.
//
// Maps are ordered by the key List operations page on (vault name, plan id,
// selection id, recovery point id, tag key), so a page is a lower_bound and a
// short walk, and a NextToken can be a key instead of an offset.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_STATE_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "providers/backup_types.h"

namespace backupctl {

struct VaultLockRecord {
  std::optional<int64_t> min_retention_days;
  std::optional<int64_t> max_retention_days;
  std::optional<Timestamp> lock_date;  // absent: governance mode, changeable any time
};

struct VaultNotificationsRecord {
  std::string sns_topic_arn;
  std::vector<std::string> backup_vault_events;
};

struct RecoveryPointRecord {
  std::string recovery_point_arn;
  std::string resource_arn;
  std::string resource_type;
  std::string status;
  Timestamp creation_date = 0;
  Tags tags;
};

struct VaultRecord {
  std::string name;
  std::string arn;
  std::string encryption_key_arn;
  Timestamp creation_date = 0;
  std::optional<std::string> creator_request_id;
  bool service_managed = false;             // aws/... vaults seeded by the admin path
  std::string vault_type = "BACKUP_VAULT";  // or LOGICALLY_AIR_GAPPED_BACKUP_VAULT (seeded)
  Tags tags;
  std::optional<VaultLockRecord> lock;
  std::optional<VaultNotificationsRecord> notifications;
  std::optional<std::string> access_policy;
  std::map<std::string, RecoveryPointRecord> recovery_points;  // by recovery point id
};

struct PlanVersionRecord {
  std::string version_id;
  Timestamp creation_date = 0;
  BackupPlan plan;  // as returned by GetBackupPlan: defaults filled, rule ids set
};

struct PlanRecord {
  std::string id;
  std::string arn;
  std::optional<std::string> creator_request_id;
  Timestamp creation_date = 0;
  std::optional<Timestamp> deletion_date;
  std::vector<PlanVersionRecord> versions;  // oldest first; back() is current
  Tags tags;

  const PlanVersionRecord& current() const { return versions.back(); }
  bool deleted() const { return deletion_date.has_value(); }
};

struct SelectionRecord {
  std::string id;
  std::string plan_id;
  Timestamp creation_date = 0;
  std::optional<std::string> creator_request_id;
  BackupSelection selection;  // as returned by GetBackupSelection: empty lists filled
};

// A resource the emulator knows of (seeded by the admin endpoint): what
// backup selections match and scheduled jobs back up.
struct ResourceRecord {
  std::string arn;
  std::string resource_type;  // "EBS", "RDS", "DynamoDB", "EFS", "S3", ...
  Tags tags;
};

// A backup or copy job. Its whole timeline is fixed when it is created, so
// its visible state is a function of the clock (account_jobs.cc): CREATED
// until start_date, RUNNING until end_date, then final_state. `settled`
// records that the effects of its end (recovery point, copy jobs) were made.
struct JobRecord {
  std::string id;
  bool is_copy = false;
  std::string vault_name;  // backup: the target vault; copy: the source vault
  std::string vault_arn;
  std::string destination_vault_arn;  // copy jobs
  std::string resource_arn;
  std::string resource_type;
  std::string iam_role_arn;
  std::optional<std::string> idempotency_token;
  Timestamp creation_date = 0;
  Timestamp start_date = 0;
  Timestamp end_date = 0;
  std::string final_state;  // COMPLETED or FAILED
  std::string status_message;
  std::string message_category;                // SUCCESS, ACCESS_DENIED, ...
  std::string recovery_point_arn;              // backup: the one it makes; copy: the source
  std::string destination_recovery_point_arn;  // copy jobs
  std::string created_by_backup_job_id;        // copy jobs
  std::optional<Lifecycle> lifecycle;
  Tags recovery_point_tags;
  std::optional<RecoveryPointCreator> created_by;  // plan and rule of a scheduled job
  std::vector<CopyAction> copy_actions;            // run when a backup job completes
  int64_t backup_size_in_bytes = 0;
  bool settled = false;
};

// How long emulated jobs take (admin-settable): CREATED for created_seconds,
// then RUNNING for running_seconds.
struct JobTiming {
  double created_seconds = 1;
  double running_seconds = 2;
};

// The Region's settings and the account's global settings
// (account_settings.cc). A state file written before they existed holds the
// defaults (DefaultSettings()): the types of base/backup_resource_types.h,
// and every global setting "false". Global settings are kept per (account,
// Region) like everything else here; AWS keeps them once per account.
struct SettingsRecord {
  ResourceTypePreference resource_type_opt_in_preference;
  ResourceTypePreference resource_type_management_preference;
  GlobalSettingsMap global_settings;
  std::optional<Timestamp> global_settings_update_time;  // never updated: absent
};
SettingsRecord DefaultSettings();

struct AccountState {
  std::string account_id;
  std::string region;
  double clock_offset_seconds = 0;            // AdvanceClock survives restarts
  std::string token_secret;                   // keys NextToken signatures; never leaves the account
  std::map<std::string, VaultRecord> vaults;  // by name
  std::map<std::string, PlanRecord> plans;    // by plan id
  std::map<std::string, std::map<std::string, SelectionRecord>> selections;  // plan id, sel id
  // Jobs (account_jobs.cc, account_schedule.cc).
  std::map<std::string, ResourceRecord> resources;  // by ARN
  std::map<std::string, JobRecord> backup_jobs;     // by job id
  std::map<std::string, JobRecord> copy_jobs;       // by job id
  std::set<std::string> roles_lacking_permissions;  // IAM role ARNs whose jobs fail
  JobTiming job_timing;
  // Scheduled runs up to this instant have started (0: not yet running).
  Timestamp scheduler_clock = 0;
  SettingsRecord settings = DefaultSettings();
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_STATE_H_
