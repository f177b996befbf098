// The declared model as JSON: saved plans carry the desired inputs, and the
// canonical form (normalised, keys sorted) is what
// CreatorRequestIds and live fingerprints hash.
//
// FromJson functions accept exactly what ToJson writes; a malformed document
// throws nlohmann::json::exception, which callers turn into a clear error.

#ifndef BACKUPCTL_RECONCILE_MODEL_JSON_H_
#define BACKUPCTL_RECONCILE_MODEL_JSON_H_

#include <string>

#include <nlohmann/json.hpp>

#include "desired/model.h"

namespace backupctl {

nlohmann::json ToJson(const VaultLock& lock);
nlohmann::json ToJson(const Vault& vault);
nlohmann::json ToJson(const LifecycleSpec& lifecycle);
nlohmann::json ToJson(const Rule& rule);
nlohmann::json ToJson(const BackupPlanSpec& plan);
nlohmann::json ToJson(const Selection& selection);
nlohmann::json ToJson(const VaultNotifications& notifications);
nlohmann::json ToJson(const VaultAccessPolicy& policy);
nlohmann::json ToJson(const RegionSettings& settings);
nlohmann::json ToJson(const GlobalSettings& settings);
nlohmann::json ToJson(const Project& project);
nlohmann::json ToJson(const DesiredState& state);

VaultLock VaultLockFromJson(const nlohmann::json& j);
Vault VaultFromJson(const nlohmann::json& j);
BackupPlanSpec BackupPlanFromJson(const nlohmann::json& j);
Selection SelectionFromJson(const nlohmann::json& j);
VaultNotifications NotificationsFromJson(const nlohmann::json& j);
VaultAccessPolicy AccessPolicyFromJson(const nlohmann::json& j);
RegionSettings RegionSettingsFromJson(const nlohmann::json& j);
GlobalSettings GlobalSettingsFromJson(const nlohmann::json& j);
DesiredState DesiredStateFromJson(const nlohmann::json& j);

// Compact JSON of the value (hash input).
template <typename T>
std::string CanonicalSpec(const T& value) {
  return ToJson(value).dump();
}

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_MODEL_JSON_H_
