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

struct AccountState {
  std::string account_id;
  std::string region;
  double clock_offset_seconds = 0;            // AdvanceClock survives restarts
  std::string token_secret;                   // keys NextToken signatures; never leaves the account
  std::map<std::string, VaultRecord> vaults;  // by name
  std::map<std::string, PlanRecord> plans;    // by plan id
  std::map<std::string, std::map<std::string, SelectionRecord>> selections;  // plan id, sel id
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ACCOUNT_STATE_H_
