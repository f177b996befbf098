#include "desired/model.h"

namespace backupctl {

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kVault:
      return "BackupVault";
    case Kind::kVaultLock:
      return "BackupVaultLock";
    case Kind::kVaultAccessPolicy:
      return "BackupVaultAccessPolicy";
    case Kind::kVaultNotifications:
      return "BackupVaultNotifications";
    case Kind::kBackupPlan:
      return "BackupPlan";
    case Kind::kSelection:
      return "BackupSelection";
    case Kind::kRegionSettings:
      return "BackupRegionSettings";
    case Kind::kGlobalSettings:
      return "BackupGlobalSettings";
  }
  return "Unknown";
}

size_t DesiredState::ResourceCount() const {
  return vaults.size() + plans.size() + selections.size() + notifications.size() +
         access_policies.size() + region_settings.size() + global_settings.size();
}

}  // namespace backupctl
