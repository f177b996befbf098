// The vault operations' shapes: vaults, their notifications, access
// policies and locks, tags on any resource, and recovery points.

#ifndef BACKUPCTL_PROVIDERS_VAULT_TYPES_H_
#define BACKUPCTL_PROVIDERS_VAULT_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "providers/backup_documents.h"

namespace backupctl {

// ---- vaults ---------------------------------------------------------------

struct CreateBackupVaultInput {
  std::string backup_vault_name;
  Tags backup_vault_tags;
  std::optional<std::string> encryption_key_arn;
  std::optional<std::string> creator_request_id;
};
struct CreateBackupVaultOutput {
  std::string backup_vault_name;
  std::string backup_vault_arn;
  Timestamp creation_date = 0;
};

struct DescribeBackupVaultInput {
  std::string backup_vault_name;
};
struct DescribeBackupVaultOutput {
  std::string backup_vault_name;
  std::string backup_vault_arn;
  std::optional<std::string> vault_type;
  std::optional<std::string> vault_state;
  std::optional<std::string> encryption_key_arn;
  Timestamp creation_date = 0;
  std::optional<std::string> creator_request_id;
  int64_t number_of_recovery_points = 0;
  bool locked = false;
  std::optional<int64_t> min_retention_days;
  std::optional<int64_t> max_retention_days;
  std::optional<Timestamp> lock_date;
};

// Same members as DescribeBackupVaultOutput (the model's BackupVaultListMember).
using BackupVaultListMember = DescribeBackupVaultOutput;

struct ListBackupVaultsInput {
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};
struct ListBackupVaultsOutput {
  std::vector<BackupVaultListMember> backup_vault_list;
  std::optional<std::string> next_token;
};

struct DeleteBackupVaultInput {
  std::string backup_vault_name;
};

// ---- notifications, access policy, lock -----------------------------------

struct PutBackupVaultNotificationsInput {
  std::string backup_vault_name;
  std::string sns_topic_arn;
  std::vector<std::string> backup_vault_events;
};

struct GetBackupVaultNotificationsInput {
  std::string backup_vault_name;
};
struct GetBackupVaultNotificationsOutput {
  std::string backup_vault_name;
  std::string backup_vault_arn;
  std::string sns_topic_arn;
  std::vector<std::string> backup_vault_events;
};

struct DeleteBackupVaultNotificationsInput {
  std::string backup_vault_name;
};

struct PutBackupVaultAccessPolicyInput {
  std::string backup_vault_name;
  std::optional<std::string> policy;  // the IAM policy document, as a JSON string
};

struct GetBackupVaultAccessPolicyInput {
  std::string backup_vault_name;
};
struct GetBackupVaultAccessPolicyOutput {
  std::string backup_vault_name;
  std::string backup_vault_arn;
  std::string policy;
};

struct DeleteBackupVaultAccessPolicyInput {
  std::string backup_vault_name;
};

struct PutBackupVaultLockConfigurationInput {
  std::string backup_vault_name;
  std::optional<int64_t> min_retention_days;
  std::optional<int64_t> max_retention_days;
  std::optional<int64_t> changeable_for_days;
};

struct DeleteBackupVaultLockConfigurationInput {
  std::string backup_vault_name;
};

// ---- tags -----------------------------------------------------------------

struct TagResourceInput {
  std::string resource_arn;
  Tags tags;
};

struct UntagResourceInput {
  std::string resource_arn;
  std::vector<std::string> tag_key_list;
};

struct ListTagsInput {
  std::string resource_arn;
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};
struct ListTagsOutput {
  std::optional<std::string> next_token;
  Tags tags;
};

// ---- recovery points ------------------------------------------------------

struct ListRecoveryPointsByBackupVaultInput {
  std::string backup_vault_name;
  std::optional<std::string> next_token;
  std::optional<int> max_results;
};

struct RecoveryPointByBackupVault {
  std::string recovery_point_arn;
  std::string backup_vault_name;
  std::string backup_vault_arn;
  std::string resource_arn;
  std::string resource_type;
  std::string status;
  Timestamp creation_date = 0;
};

struct ListRecoveryPointsByBackupVaultOutput {
  std::optional<std::string> next_token;
  std::vector<RecoveryPointByBackupVault> recovery_points;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_VAULT_TYPES_H_
