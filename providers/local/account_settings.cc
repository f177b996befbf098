// Account and Region settings: DescribeRegionSettings, UpdateRegionSettings,
// DescribeGlobalSettings, UpdateGlobalSettings.
//
// A Region starts with the opt-in and management preferences of
// base/backup_resource_types.h. An update names only the types it changes;
// a type AWS Backup does not know (or one without a management preference,
// in ResourceTypeManagementPreference) is InvalidParameterValueException and
// changes nothing. Global settings are isCrossAccountBackupEnabled,
// isMpaEnabled and isDelegatedAdministratorEnabled, "true" or "false";
// UpdateGlobalSettings is InvalidRequestException unless the account is the
// organisation's management account (AccountOptions::management_account).

#include "base/backup_resource_types.h"
#include "providers/local/account.h"
#include "providers/local/account_scopes.h"
#include "providers/local/local_errors.h"

namespace backupctl {
namespace {

constexpr const char* kGlobalSettingNames[] = {"isCrossAccountBackupEnabled", "isMpaEnabled",
                                               "isDelegatedAdministratorEnabled"};

std::optional<ApiError> CheckPreference(const ResourceTypePreference& preference, bool management) {
  const char* member =
      management ? "ResourceTypeManagementPreference" : "ResourceTypeOptInPreference";
  for (const auto& [name, enabled] : preference) {
    const BackupResourceType* type = FindBackupResourceType(name);
    if (type == nullptr || (management && !type->has_management)) {
      return InvalidParameterError("Unsupported resource type " + name + " in " + member +
                                   "; supported: " + BackupResourceTypeNames(management));
    }
  }
  return std::nullopt;
}

std::optional<ApiError> CheckGlobalSettings(const GlobalSettingsMap& settings) {
  for (const auto& [name, value] : settings) {
    bool known = false;
    for (const char* n : kGlobalSettingNames) known = known || name == n;
    if (!known) return InvalidParameterError("Unsupported global setting " + name);
    if (value != "true" && value != "false") {
      return InvalidParameterError("The value of " + name + " must be true or false, not " + value);
    }
  }
  return std::nullopt;
}

}  // namespace

SettingsRecord DefaultSettings() {
  SettingsRecord settings;
  for (const BackupResourceType& type : kBackupResourceTypes) {
    settings.resource_type_opt_in_preference[type.name] = type.default_opt_in;
    if (type.has_management) {
      settings.resource_type_management_preference[type.name] = type.default_management;
    }
  }
  for (const char* name : kGlobalSettingNames) settings.global_settings[name] = "false";
  return settings;
}

Outcome<DescribeRegionSettingsOutput> LocalAccount::DescribeRegionSettings(
    const DescribeRegionSettingsInput&) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  if (auto e = Denied("DescribeRegionSettings", {}, "")) return *e;
  return DescribeRegionSettingsOutput{state_.settings.resource_type_opt_in_preference,
                                      state_.settings.resource_type_management_preference};
}

EmptyOutcome LocalAccount::UpdateRegionSettings(const UpdateRegionSettingsInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  if (auto e = Denied("UpdateRegionSettings", {}, "")) return *e;
  if (auto e = CheckPreference(in.resource_type_opt_in_preference, false)) return *e;
  if (auto e = CheckPreference(in.resource_type_management_preference, true)) return *e;
  for (const auto& [name, enabled] : in.resource_type_opt_in_preference) {
    state_.settings.resource_type_opt_in_preference[name] = enabled;
  }
  for (const auto& [name, enabled] : in.resource_type_management_preference) {
    state_.settings.resource_type_management_preference[name] = enabled;
  }
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

Outcome<DescribeGlobalSettingsOutput> LocalAccount::DescribeGlobalSettings(
    const DescribeGlobalSettingsInput&) {
  ReadScope r(*this);
  if (r.error()) return *r.error();
  if (auto e = Denied("DescribeGlobalSettings", {}, "")) return *e;
  return DescribeGlobalSettingsOutput{state_.settings.global_settings,
                                      state_.settings.global_settings_update_time};
}

EmptyOutcome LocalAccount::UpdateGlobalSettings(const UpdateGlobalSettingsInput& in) {
  WriteScope w(*this);
  if (w.error()) return *w.error();
  if (auto e = Denied("UpdateGlobalSettings", {}, "")) return *e;
  if (!options_.management_account) {
    return InvalidRequestError("Account " + options_.account_id +
                               " is not an AWS Organizations management account");
  }
  if (auto e = CheckGlobalSettings(in.global_settings)) return *e;
  for (const auto& [name, value] : in.global_settings)
    state_.settings.global_settings[name] = value;
  state_.settings.global_settings_update_time = NowLocked();
  if (auto e = w.Commit()) return *e;
  return Empty{};
}

}  // namespace backupctl
