// GuardedApi: the BackupApi the daemon hands the reconciler for one cycle.
//
// It forwards every call to the real target and adds what the loop needs:
// - once `stopping` is set (SIGTERM), new calls fail at once with the
//   non-retryable code "ShuttingDown", so apply starts no new action (the
//   call in flight finishes; its dependents are skipped) and the cycle ends
//   quickly; the next start converges the rest (CreatorRequestId makes a
//   repeated create safe);
// - every call beats the service's heartbeat (a long cycle is progress);
// - with an observer, every call is reported as one attempt: the in-process
//   local target has no HTTP, so this is how its API calls reach /metrics
//   (status 200 on success, else the error's status).
// Thread-safe when the wrapped api is.

#ifndef BACKUPCTL_DAEMON_GUARDED_API_H_
#define BACKUPCTL_DAEMON_GUARDED_API_H_

#include <atomic>
#include <functional>

#include "providers/api_observer.h"
#include "providers/backup_api.h"

namespace backupctl {

class GuardedApi : public BackupApi {
 public:
  // `stopping`, `heartbeat` and `observer` may be null/empty.
  GuardedApi(BackupApi& inner, const std::atomic<bool>* stopping, std::function<void()> heartbeat,
             ApiObserver* observer);

  Outcome<CreateBackupVaultOutput> CreateBackupVault(const CreateBackupVaultInput&) override;
  Outcome<DescribeBackupVaultOutput> DescribeBackupVault(const DescribeBackupVaultInput&) override;
  Outcome<ListBackupVaultsOutput> ListBackupVaults(const ListBackupVaultsInput&) override;
  EmptyOutcome DeleteBackupVault(const DeleteBackupVaultInput&) override;
  Outcome<CreateBackupPlanOutput> CreateBackupPlan(const CreateBackupPlanInput&) override;
  Outcome<GetBackupPlanOutput> GetBackupPlan(const GetBackupPlanInput&) override;
  Outcome<ListBackupPlansOutput> ListBackupPlans(const ListBackupPlansInput&) override;
  Outcome<UpdateBackupPlanOutput> UpdateBackupPlan(const UpdateBackupPlanInput&) override;
  Outcome<DeleteBackupPlanOutput> DeleteBackupPlan(const DeleteBackupPlanInput&) override;
  Outcome<ListBackupPlanVersionsOutput> ListBackupPlanVersions(
      const ListBackupPlanVersionsInput&) override;
  Outcome<CreateBackupSelectionOutput> CreateBackupSelection(
      const CreateBackupSelectionInput&) override;
  Outcome<GetBackupSelectionOutput> GetBackupSelection(const GetBackupSelectionInput&) override;
  Outcome<ListBackupSelectionsOutput> ListBackupSelections(
      const ListBackupSelectionsInput&) override;
  EmptyOutcome DeleteBackupSelection(const DeleteBackupSelectionInput&) override;
  EmptyOutcome PutBackupVaultNotifications(const PutBackupVaultNotificationsInput&) override;
  Outcome<GetBackupVaultNotificationsOutput> GetBackupVaultNotifications(
      const GetBackupVaultNotificationsInput&) override;
  EmptyOutcome DeleteBackupVaultNotifications(const DeleteBackupVaultNotificationsInput&) override;
  EmptyOutcome PutBackupVaultAccessPolicy(const PutBackupVaultAccessPolicyInput&) override;
  Outcome<GetBackupVaultAccessPolicyOutput> GetBackupVaultAccessPolicy(
      const GetBackupVaultAccessPolicyInput&) override;
  EmptyOutcome DeleteBackupVaultAccessPolicy(const DeleteBackupVaultAccessPolicyInput&) override;
  EmptyOutcome PutBackupVaultLockConfiguration(
      const PutBackupVaultLockConfigurationInput&) override;
  EmptyOutcome DeleteBackupVaultLockConfiguration(
      const DeleteBackupVaultLockConfigurationInput&) override;
  EmptyOutcome TagResource(const TagResourceInput&) override;
  EmptyOutcome UntagResource(const UntagResourceInput&) override;
  Outcome<ListTagsOutput> ListTags(const ListTagsInput&) override;
  Outcome<ListRecoveryPointsByBackupVaultOutput> ListRecoveryPointsByBackupVault(
      const ListRecoveryPointsByBackupVaultInput&) override;

 private:
  template <typename Out, typename In>
  Out Forward(const char* operation, Out (BackupApi::*method)(const In&), const In& input);

  BackupApi& inner_;
  const std::atomic<bool>* stopping_;
  std::function<void()> heartbeat_;
  ApiObserver* observer_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_GUARDED_API_H_
