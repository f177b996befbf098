#include "daemon/guarded_api.h"

#include <chrono>

namespace backupctl {

GuardedApi::GuardedApi(BackupApi& inner, const std::atomic<bool>* stopping,
                       std::function<void()> heartbeat, ApiObserver* observer)
    : inner_(inner), stopping_(stopping), heartbeat_(std::move(heartbeat)), observer_(observer) {}

template <typename Out, typename In>
Out GuardedApi::Forward(const char* operation, Out (BackupApi::*method)(const In&),
                        const In& input) {
  if (stopping_ != nullptr && stopping_->load()) {
    // Not retryable (kOther), so apply gives up on this action at once.
    return Out(MakeError(ErrorKind::kOther, "ShuttingDown",
                         std::string("backupctl is shutting down; ") + operation + " not sent", 0));
  }
  if (heartbeat_) heartbeat_();
  auto start = std::chrono::steady_clock::now();
  Out out = (inner_.*method)(input);
  if (observer_ != nullptr) {
    ApiCallRecord record;
    record.operation = operation;
    record.http_status = out.ok() ? 200 : out.error().http_status;
    if (!out.ok()) record.error_code = out.error().code;
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    observer_->OnApiCall(record);
  }
  return out;
}

Outcome<CreateBackupVaultOutput> GuardedApi::CreateBackupVault(const CreateBackupVaultInput& in) {
  return Forward("CreateBackupVault", &BackupApi::CreateBackupVault, in);
}

Outcome<DescribeBackupVaultOutput> GuardedApi::DescribeBackupVault(
    const DescribeBackupVaultInput& in) {
  return Forward("DescribeBackupVault", &BackupApi::DescribeBackupVault, in);
}

Outcome<ListBackupVaultsOutput> GuardedApi::ListBackupVaults(const ListBackupVaultsInput& in) {
  return Forward("ListBackupVaults", &BackupApi::ListBackupVaults, in);
}

EmptyOutcome GuardedApi::DeleteBackupVault(const DeleteBackupVaultInput& in) {
  return Forward("DeleteBackupVault", &BackupApi::DeleteBackupVault, in);
}

Outcome<CreateBackupPlanOutput> GuardedApi::CreateBackupPlan(const CreateBackupPlanInput& in) {
  return Forward("CreateBackupPlan", &BackupApi::CreateBackupPlan, in);
}

Outcome<GetBackupPlanOutput> GuardedApi::GetBackupPlan(const GetBackupPlanInput& in) {
  return Forward("GetBackupPlan", &BackupApi::GetBackupPlan, in);
}

Outcome<ListBackupPlansOutput> GuardedApi::ListBackupPlans(const ListBackupPlansInput& in) {
  return Forward("ListBackupPlans", &BackupApi::ListBackupPlans, in);
}

Outcome<UpdateBackupPlanOutput> GuardedApi::UpdateBackupPlan(const UpdateBackupPlanInput& in) {
  return Forward("UpdateBackupPlan", &BackupApi::UpdateBackupPlan, in);
}

Outcome<DeleteBackupPlanOutput> GuardedApi::DeleteBackupPlan(const DeleteBackupPlanInput& in) {
  return Forward("DeleteBackupPlan", &BackupApi::DeleteBackupPlan, in);
}

Outcome<ListBackupPlanVersionsOutput> GuardedApi::ListBackupPlanVersions(
    const ListBackupPlanVersionsInput& in) {
  return Forward("ListBackupPlanVersions", &BackupApi::ListBackupPlanVersions, in);
}

Outcome<CreateBackupSelectionOutput> GuardedApi::CreateBackupSelection(
    const CreateBackupSelectionInput& in) {
  return Forward("CreateBackupSelection", &BackupApi::CreateBackupSelection, in);
}

Outcome<GetBackupSelectionOutput> GuardedApi::GetBackupSelection(
    const GetBackupSelectionInput& in) {
  return Forward("GetBackupSelection", &BackupApi::GetBackupSelection, in);
}

Outcome<ListBackupSelectionsOutput> GuardedApi::ListBackupSelections(
    const ListBackupSelectionsInput& in) {
  return Forward("ListBackupSelections", &BackupApi::ListBackupSelections, in);
}

EmptyOutcome GuardedApi::DeleteBackupSelection(const DeleteBackupSelectionInput& in) {
  return Forward("DeleteBackupSelection", &BackupApi::DeleteBackupSelection, in);
}

EmptyOutcome GuardedApi::PutBackupVaultNotifications(const PutBackupVaultNotificationsInput& in) {
  return Forward("PutBackupVaultNotifications", &BackupApi::PutBackupVaultNotifications, in);
}

Outcome<GetBackupVaultNotificationsOutput> GuardedApi::GetBackupVaultNotifications(
    const GetBackupVaultNotificationsInput& in) {
  return Forward("GetBackupVaultNotifications", &BackupApi::GetBackupVaultNotifications, in);
}

EmptyOutcome GuardedApi::DeleteBackupVaultNotifications(
    const DeleteBackupVaultNotificationsInput& in) {
  return Forward("DeleteBackupVaultNotifications", &BackupApi::DeleteBackupVaultNotifications, in);
}

EmptyOutcome GuardedApi::PutBackupVaultAccessPolicy(const PutBackupVaultAccessPolicyInput& in) {
  return Forward("PutBackupVaultAccessPolicy", &BackupApi::PutBackupVaultAccessPolicy, in);
}

Outcome<GetBackupVaultAccessPolicyOutput> GuardedApi::GetBackupVaultAccessPolicy(
    const GetBackupVaultAccessPolicyInput& in) {
  return Forward("GetBackupVaultAccessPolicy", &BackupApi::GetBackupVaultAccessPolicy, in);
}

EmptyOutcome GuardedApi::DeleteBackupVaultAccessPolicy(
    const DeleteBackupVaultAccessPolicyInput& in) {
  return Forward("DeleteBackupVaultAccessPolicy", &BackupApi::DeleteBackupVaultAccessPolicy, in);
}

EmptyOutcome GuardedApi::PutBackupVaultLockConfiguration(
    const PutBackupVaultLockConfigurationInput& in) {
  return Forward("PutBackupVaultLockConfiguration", &BackupApi::PutBackupVaultLockConfiguration,
                 in);
}

EmptyOutcome GuardedApi::DeleteBackupVaultLockConfiguration(
    const DeleteBackupVaultLockConfigurationInput& in) {
  return Forward("DeleteBackupVaultLockConfiguration",
                 &BackupApi::DeleteBackupVaultLockConfiguration, in);
}

EmptyOutcome GuardedApi::TagResource(const TagResourceInput& in) {
  return Forward("TagResource", &BackupApi::TagResource, in);
}

EmptyOutcome GuardedApi::UntagResource(const UntagResourceInput& in) {
  return Forward("UntagResource", &BackupApi::UntagResource, in);
}

Outcome<ListTagsOutput> GuardedApi::ListTags(const ListTagsInput& in) {
  return Forward("ListTags", &BackupApi::ListTags, in);
}

Outcome<ListRecoveryPointsByBackupVaultOutput> GuardedApi::ListRecoveryPointsByBackupVault(
    const ListRecoveryPointsByBackupVaultInput& in) {
  return Forward("ListRecoveryPointsByBackupVault", &BackupApi::ListRecoveryPointsByBackupVault,
                 in);
}

}  // namespace backupctl
