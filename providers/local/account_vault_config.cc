// What hangs off a vault: notifications, the access policy and Vault Lock.
//
// Vault Lock: PutBackupVaultLockConfiguration with ChangeableForDays sets a
// lock date that far ahead (compliance mode); from that date on the lock can
// be neither changed nor removed and the vault cannot be deleted. Without
// ChangeableForDays (governance mode) there is no lock date. Describe never
// returns ChangeableForDays. Deleting a configuration that is not there
// succeeds and changes nothing.

#include "providers/local/account.h"
#include "providers/local/account_scopes.h"
#include "providers/local/local_errors.h"
#include "providers/local/validation.h"

namespace backupctl {
namespace {

constexpr double kSecondsPerDay = 86400;

}  // namespace

EmptyOutcome LocalAccount::PutBackupVaultNotifications(const PutBackupVaultNotificationsInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  auto vault = FindVaultFor("PutBackupVaultNotifications", in.backup_vault_name);
  if (!vault.ok()) return vault.error();
  if (auto e = CheckNotifications(in.sns_topic_arn, in.backup_vault_events)) return *e;
  vault.value()->notifications = VaultNotificationsRecord{in.sns_topic_arn, in.backup_vault_events};
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

Outcome<GetBackupVaultNotificationsOutput> LocalAccount::GetBackupVaultNotifications(
    const GetBackupVaultNotificationsInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  const std::string& name = in.backup_vault_name;
  auto vault = FindVaultFor("GetBackupVaultNotifications", name);
  if (!vault.ok()) return vault.error();
  const VaultRecord& v = *vault.value();
  if (!v.notifications) {
    return NotFoundError("Failed reading notifications from database for Backup vault " + name);
  }
  return GetBackupVaultNotificationsOutput{v.name, v.arn, v.notifications->sns_topic_arn,
                                           v.notifications->backup_vault_events};
}

EmptyOutcome LocalAccount::DeleteBackupVaultNotifications(
    const DeleteBackupVaultNotificationsInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  auto vault = FindVaultFor("DeleteBackupVaultNotifications", in.backup_vault_name);
  if (!vault.ok()) return vault.error();
  if (!vault.value()->notifications) return Empty{};
  vault.value()->notifications.reset();
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

EmptyOutcome LocalAccount::PutBackupVaultAccessPolicy(const PutBackupVaultAccessPolicyInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  auto vault = FindVaultFor("PutBackupVaultAccessPolicy", in.backup_vault_name);
  if (!vault.ok()) return vault.error();
  if (auto e = CheckPolicy(in.policy)) return *e;
  vault.value()->access_policy = *in.policy;  // kept as given; AWS compares semantically
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

Outcome<GetBackupVaultAccessPolicyOutput> LocalAccount::GetBackupVaultAccessPolicy(
    const GetBackupVaultAccessPolicyInput& in) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  const std::string& name = in.backup_vault_name;
  auto vault = FindVaultFor("GetBackupVaultAccessPolicy", name);
  if (!vault.ok()) return vault.error();
  const VaultRecord& v = *vault.value();
  if (!v.access_policy) {
    return NotFoundError("Backup vault " + name + " does not have an access policy");
  }
  return GetBackupVaultAccessPolicyOutput{v.name, v.arn, *v.access_policy};
}

EmptyOutcome LocalAccount::DeleteBackupVaultAccessPolicy(
    const DeleteBackupVaultAccessPolicyInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  auto vault = FindVaultFor("DeleteBackupVaultAccessPolicy", in.backup_vault_name);
  if (!vault.ok()) return vault.error();
  if (!vault.value()->access_policy) return Empty{};
  vault.value()->access_policy.reset();
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

EmptyOutcome LocalAccount::PutBackupVaultLockConfiguration(
    const PutBackupVaultLockConfigurationInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  auto vault = FindVaultFor("PutBackupVaultLockConfiguration", in.backup_vault_name);
  if (!vault.ok()) return vault.error();
  if (LockIsImmutable(*vault.value())) {
    return InvalidRequestError(
        "Vault Lock configuration is immutable and cannot be modified: the lock date has passed");
  }
  if (auto e =
          CheckLockDays(in.min_retention_days, in.max_retention_days, in.changeable_for_days)) {
    return *e;
  }
  VaultLockRecord lock;
  lock.min_retention_days = in.min_retention_days;
  lock.max_retention_days = in.max_retention_days;
  if (in.changeable_for_days) {
    lock.lock_date = NowLocked() + static_cast<double>(*in.changeable_for_days) * kSecondsPerDay;
  }
  vault.value()->lock = lock;
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

EmptyOutcome LocalAccount::DeleteBackupVaultLockConfiguration(
    const DeleteBackupVaultLockConfigurationInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  auto vault = FindVaultFor("DeleteBackupVaultLockConfiguration", in.backup_vault_name);
  if (!vault.ok()) return vault.error();
  if (LockIsImmutable(*vault.value())) {
    return InvalidRequestError(
        "Vault Lock configuration is immutable and cannot be deleted: the lock date has passed");
  }
  if (!vault.value()->lock) return Empty{};
  vault.value()->lock.reset();
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

}  // namespace backupctl
