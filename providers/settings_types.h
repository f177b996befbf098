// The account and Region settings operations' shapes: which resource types
// AWS Backup protects in a Region (DescribeRegionSettings,
// UpdateRegionSettings) and the account's cross-account options
// (DescribeGlobalSettings, UpdateGlobalSettings).
//
// Preferences are maps of AWS Backup resource type names ("EBS", "DynamoDB",
// "Storage Gateway", ...) to enabled. Global settings are strings both ways,
// as on the wire: {"isCrossAccountBackupEnabled": "true"}.

#ifndef BACKUPCTL_PROVIDERS_SETTINGS_TYPES_H_
#define BACKUPCTL_PROVIDERS_SETTINGS_TYPES_H_

#include <map>
#include <optional>
#include <string>

#include "providers/backup_documents.h"

namespace backupctl {

using ResourceTypePreference = std::map<std::string, bool>;
using GlobalSettingsMap = std::map<std::string, std::string>;

struct DescribeRegionSettingsInput {};

struct DescribeRegionSettingsOutput {
  ResourceTypePreference resource_type_opt_in_preference;
  ResourceTypePreference resource_type_management_preference;
};

// Only the types named change; an empty map changes nothing.
struct UpdateRegionSettingsInput {
  ResourceTypePreference resource_type_opt_in_preference;
  ResourceTypePreference resource_type_management_preference;
};

struct DescribeGlobalSettingsInput {};

struct DescribeGlobalSettingsOutput {
  GlobalSettingsMap global_settings;
  std::optional<Timestamp> last_update_time;
};

// Only the settings named change. AWS answers InvalidRequestException unless
// the caller is an Organizations management account.
struct UpdateGlobalSettingsInput {
  GlobalSettingsMap global_settings;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_SETTINGS_TYPES_H_
