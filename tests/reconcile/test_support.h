// Helpers for the reconciler's in-process tests: a small declared tree, a
// BackupApi decorator that records calls (and can lose responses or inject
// errors), and read+plan / apply shortcuts against a LocalAccount.

#ifndef BACKUPCTL_TESTS_RECONCILE_TEST_SUPPORT_H_
#define BACKUPCTL_TESTS_RECONCILE_TEST_SUPPORT_H_

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "providers/local/account.h"
#include "reconcile/reconcile.h"

namespace backupctl::testing {

inline constexpr char kRole[] = "arn:aws:iam::123456789012:role/backup";
inline constexpr char kTopic[] = "arn:aws:sns:us-east-1:123456789012:backup-events";

// stack "payments": vault prod (tags team=a), plan daily (rule daily -> prod,
// 35 days), selection daily/db (one resource), notifications on prod.
DesiredState SmallTree();

// Records every call in order; `hook(operation)` may return an error to
// inject instead of (or, with lose_response, after) performing the call.
class RecordingApi : public BackupApi {
 public:
  explicit RecordingApi(BackupApi& inner) : inner_(inner) {}

  std::vector<std::string> calls() const;
  int writes() const;
  void Clear();
  // Operation -> how many of its answers to lose: the call runs, then reports
  // a transport error, as when a connection drops after the service committed.
  std::map<std::string, int> lose_responses;
  // Returns an error to answer instead of running the call (nullopt: run it).
  std::function<std::optional<ApiError>(const std::string& operation)> inject;

  Outcome<CreateBackupVaultOutput> CreateBackupVault(const CreateBackupVaultInput& in) override;
  Outcome<DescribeBackupVaultOutput> DescribeBackupVault(
      const DescribeBackupVaultInput& in) override;
  Outcome<ListBackupVaultsOutput> ListBackupVaults(const ListBackupVaultsInput& in) override;
  EmptyOutcome DeleteBackupVault(const DeleteBackupVaultInput& in) override;
  Outcome<CreateBackupPlanOutput> CreateBackupPlan(const CreateBackupPlanInput& in) override;
  Outcome<GetBackupPlanOutput> GetBackupPlan(const GetBackupPlanInput& in) override;
  Outcome<ListBackupPlansOutput> ListBackupPlans(const ListBackupPlansInput& in) override;
  Outcome<UpdateBackupPlanOutput> UpdateBackupPlan(const UpdateBackupPlanInput& in) override;
  Outcome<DeleteBackupPlanOutput> DeleteBackupPlan(const DeleteBackupPlanInput& in) override;
  Outcome<ListBackupPlanVersionsOutput> ListBackupPlanVersions(
      const ListBackupPlanVersionsInput& in) override;
  Outcome<CreateBackupSelectionOutput> CreateBackupSelection(
      const CreateBackupSelectionInput& in) override;
  Outcome<GetBackupSelectionOutput> GetBackupSelection(const GetBackupSelectionInput& in) override;
  Outcome<ListBackupSelectionsOutput> ListBackupSelections(
      const ListBackupSelectionsInput& in) override;
  EmptyOutcome DeleteBackupSelection(const DeleteBackupSelectionInput& in) override;
  EmptyOutcome PutBackupVaultNotifications(const PutBackupVaultNotificationsInput& in) override;
  Outcome<GetBackupVaultNotificationsOutput> GetBackupVaultNotifications(
      const GetBackupVaultNotificationsInput& in) override;
  EmptyOutcome DeleteBackupVaultNotifications(
      const DeleteBackupVaultNotificationsInput& in) override;
  EmptyOutcome PutBackupVaultAccessPolicy(const PutBackupVaultAccessPolicyInput& in) override;
  Outcome<GetBackupVaultAccessPolicyOutput> GetBackupVaultAccessPolicy(
      const GetBackupVaultAccessPolicyInput& in) override;
  EmptyOutcome DeleteBackupVaultAccessPolicy(const DeleteBackupVaultAccessPolicyInput& in) override;
  EmptyOutcome PutBackupVaultLockConfiguration(
      const PutBackupVaultLockConfigurationInput& in) override;
  EmptyOutcome DeleteBackupVaultLockConfiguration(
      const DeleteBackupVaultLockConfigurationInput& in) override;
  EmptyOutcome TagResource(const TagResourceInput& in) override;
  EmptyOutcome UntagResource(const UntagResourceInput& in) override;
  Outcome<ListTagsOutput> ListTags(const ListTagsInput& in) override;
  Outcome<ListRecoveryPointsByBackupVaultOutput> ListRecoveryPointsByBackupVault(
      const ListRecoveryPointsByBackupVaultInput& in) override;

 private:
  template <typename Call>
  auto Run(const char* operation, Call call) -> decltype(call());

  BackupApi& inner_;
  mutable std::mutex mu_;
  std::vector<std::string> calls_;
};

// Fast options for tests: short consistency deadline and retry delays.
ReconcileOptions TestOptions(const LocalAccount& account);

// Read + plan; fails the test on a read or plan error.
ActionPlan PlanOrDie(BackupApi& api, const DesiredState& desired, const ReconcileOptions& options);

// Plans and applies; returns the report (the plan must be ok).
ApplyReport PlanAndApply(BackupApi& api, const DesiredState& desired,
                         const ReconcileOptions& options);

// Ids of the actions, and the action with `id` (fails the test when missing).
std::vector<std::string> ActionIds(const ActionPlan& plan);
const Action& FindAction(const ActionPlan& plan, const std::string& id);
bool HasAction(const ActionPlan& plan, const std::string& id);

// Change paths of an action ("rule daily: deleteAfterDays", ...).
std::vector<std::string> ChangePaths(const Action& action);

// Counts of live resources of the account (all, not only this stack's).
int CountPlansNamed(BackupApi& api, const std::string& name);
int CountSelections(BackupApi& api, const std::string& plan_id);

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_RECONCILE_TEST_SUPPORT_H_
