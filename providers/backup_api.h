// BackupApi: the one seam between backupctl and an AWS Backup account.
//
// One method per AWS Backup operation, typed as in service-2.json. List
// operations return one page; callers follow next_token. Every method is
// thread-safe: the reconciler calls one instance from many threads.
// Two implementations: AwsBackupClient (providers/aws, HTTPS + SigV4) and
// LocalAccount (providers/local, the emulated account in-process).

#ifndef BACKUPCTL_PROVIDERS_BACKUP_API_H_
#define BACKUPCTL_PROVIDERS_BACKUP_API_H_

#include "providers/api_error.h"
#include "providers/backup_types.h"

namespace backupctl {

class BackupApi {
 public:
  virtual ~BackupApi() = default;

  // Vaults
  virtual Outcome<CreateBackupVaultOutput> CreateBackupVault(const CreateBackupVaultInput&) = 0;
  virtual Outcome<DescribeBackupVaultOutput> DescribeBackupVault(
      const DescribeBackupVaultInput&) = 0;
  virtual Outcome<ListBackupVaultsOutput> ListBackupVaults(const ListBackupVaultsInput&) = 0;
  virtual EmptyOutcome DeleteBackupVault(const DeleteBackupVaultInput&) = 0;

  // Plans
  virtual Outcome<CreateBackupPlanOutput> CreateBackupPlan(const CreateBackupPlanInput&) = 0;
  virtual Outcome<GetBackupPlanOutput> GetBackupPlan(const GetBackupPlanInput&) = 0;
  virtual Outcome<ListBackupPlansOutput> ListBackupPlans(const ListBackupPlansInput&) = 0;
  virtual Outcome<UpdateBackupPlanOutput> UpdateBackupPlan(const UpdateBackupPlanInput&) = 0;
  virtual Outcome<DeleteBackupPlanOutput> DeleteBackupPlan(const DeleteBackupPlanInput&) = 0;
  virtual Outcome<ListBackupPlanVersionsOutput> ListBackupPlanVersions(
      const ListBackupPlanVersionsInput&) = 0;

  // Selections
  virtual Outcome<CreateBackupSelectionOutput> CreateBackupSelection(
      const CreateBackupSelectionInput&) = 0;
  virtual Outcome<GetBackupSelectionOutput> GetBackupSelection(const GetBackupSelectionInput&) = 0;
  virtual Outcome<ListBackupSelectionsOutput> ListBackupSelections(
      const ListBackupSelectionsInput&) = 0;
  virtual EmptyOutcome DeleteBackupSelection(const DeleteBackupSelectionInput&) = 0;

  // Notifications
  virtual EmptyOutcome PutBackupVaultNotifications(const PutBackupVaultNotificationsInput&) = 0;
  virtual Outcome<GetBackupVaultNotificationsOutput> GetBackupVaultNotifications(
      const GetBackupVaultNotificationsInput&) = 0;
  virtual EmptyOutcome DeleteBackupVaultNotifications(
      const DeleteBackupVaultNotificationsInput&) = 0;

  // Access policy
  virtual EmptyOutcome PutBackupVaultAccessPolicy(const PutBackupVaultAccessPolicyInput&) = 0;
  virtual Outcome<GetBackupVaultAccessPolicyOutput> GetBackupVaultAccessPolicy(
      const GetBackupVaultAccessPolicyInput&) = 0;
  virtual EmptyOutcome DeleteBackupVaultAccessPolicy(const DeleteBackupVaultAccessPolicyInput&) = 0;

  // Vault lock
  virtual EmptyOutcome PutBackupVaultLockConfiguration(
      const PutBackupVaultLockConfigurationInput&) = 0;
  virtual EmptyOutcome DeleteBackupVaultLockConfiguration(
      const DeleteBackupVaultLockConfigurationInput&) = 0;

  // Tags
  virtual EmptyOutcome TagResource(const TagResourceInput&) = 0;
  virtual EmptyOutcome UntagResource(const UntagResourceInput&) = 0;
  virtual Outcome<ListTagsOutput> ListTags(const ListTagsInput&) = 0;

  // Recovery points
  virtual Outcome<ListRecoveryPointsByBackupVaultOutput> ListRecoveryPointsByBackupVault(
      const ListRecoveryPointsByBackupVaultInput&) = 0;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_BACKUP_API_H_
