// LocalAccount: DescribeRegionSettings, UpdateRegionSettings,
// DescribeGlobalSettings, UpdateGlobalSettings, and their place in the state
// file (a file written before them still loads, with the defaults).

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nlohmann/json.hpp"
#include "providers/local/account.h"
#include "providers/local/state_store.h"

namespace backupctl {
namespace {

TEST(AccountSettings, ANewRegionHasAwsDefaults) {
  LocalAccount account(AccountOptions{});
  auto out = account.DescribeRegionSettings({});
  ASSERT_TRUE(out.ok());
  const ResourceTypePreference& opt_in = out.value().resource_type_opt_in_preference;
  EXPECT_EQ(opt_in.size(), 16u);
  EXPECT_TRUE(opt_in.at("EBS"));
  EXPECT_TRUE(opt_in.at("DynamoDB"));
  EXPECT_TRUE(opt_in.at("Storage Gateway"));
  EXPECT_FALSE(opt_in.at("S3"));
  EXPECT_FALSE(opt_in.at("SAP HANA on Amazon EC2"));
  const ResourceTypePreference& managed = out.value().resource_type_management_preference;
  EXPECT_EQ(managed, (ResourceTypePreference{{"DynamoDB", false}, {"EFS", true}}));

  auto global = account.DescribeGlobalSettings({});
  ASSERT_TRUE(global.ok());
  EXPECT_EQ(global.value().global_settings.at("isCrossAccountBackupEnabled"), "false");
  EXPECT_FALSE(global.value().last_update_time.has_value());
}

TEST(AccountSettings, UpdateChangesOnlyTheNamedTypes) {
  LocalAccount account(AccountOptions{});
  UpdateRegionSettingsInput in;
  in.resource_type_opt_in_preference = {{"S3", true}, {"EBS", false}};
  in.resource_type_management_preference = {{"DynamoDB", true}};
  ASSERT_TRUE(account.UpdateRegionSettings(in).ok());
  auto out = account.DescribeRegionSettings({}).value();
  EXPECT_TRUE(out.resource_type_opt_in_preference.at("S3"));
  EXPECT_FALSE(out.resource_type_opt_in_preference.at("EBS"));
  EXPECT_TRUE(out.resource_type_opt_in_preference.at("RDS"));
  EXPECT_TRUE(out.resource_type_management_preference.at("DynamoDB"));
  EXPECT_TRUE(out.resource_type_management_preference.at("EFS"));
  EXPECT_EQ(account.WriteCount(), 1u);
}

TEST(AccountSettings, UnknownResourceTypesAreInvalidParameterValues) {
  LocalAccount account(AccountOptions{});
  UpdateRegionSettingsInput in;
  in.resource_type_opt_in_preference = {{"S3", true}, {"Floppy", true}};
  auto result = account.UpdateRegionSettings(in);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "InvalidParameterValueException");
  EXPECT_NE(result.error().message.find("Floppy"), std::string::npos);
  EXPECT_FALSE(account.DescribeRegionSettings({}).value().resource_type_opt_in_preference.at("S3"))
      << "a refused update changes nothing";

  UpdateRegionSettingsInput managed;
  managed.resource_type_management_preference = {{"EBS", true}};  // no management preference
  result = account.UpdateRegionSettings(managed);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "InvalidParameterValueException");
}

TEST(AccountSettings, GlobalSettingsAreStringsTrueOrFalse) {
  LocalAccount account(AccountOptions{});
  UpdateGlobalSettingsInput in;
  in.global_settings = {{"isCrossAccountBackupEnabled", "true"}};
  ASSERT_TRUE(account.UpdateGlobalSettings(in).ok());
  auto out = account.DescribeGlobalSettings({}).value();
  EXPECT_EQ(out.global_settings.at("isCrossAccountBackupEnabled"), "true");
  EXPECT_EQ(out.global_settings.at("isMpaEnabled"), "false");
  ASSERT_TRUE(out.last_update_time.has_value());
  EXPECT_NEAR(*out.last_update_time, account.Now(), 5);

  for (const GlobalSettingsMap& bad : {GlobalSettingsMap{{"isCrossAccountBackupEnabled", "yes"}},
                                       GlobalSettingsMap{{"isEverythingEnabled", "true"}}}) {
    auto result = account.UpdateGlobalSettings({bad});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "InvalidParameterValueException");
  }
}

TEST(AccountSettings, OnlyAManagementAccountUpdatesGlobalSettings) {
  AccountOptions options;
  options.management_account = false;
  LocalAccount member(options);
  UpdateGlobalSettingsInput in;
  in.global_settings = {{"isCrossAccountBackupEnabled", "true"}};
  auto result = member.UpdateGlobalSettings(in);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "InvalidRequestException");
  EXPECT_EQ(
      member.DescribeGlobalSettings({}).value().global_settings.at("isCrossAccountBackupEnabled"),
      "false");
}

TEST(AccountSettings, SettingsSurviveTheStateFileAndOldFilesGetDefaults) {
  AccountState state;
  state.account_id = "123456789012";
  state.region = "us-east-1";
  state.token_secret = "secret";
  state.settings.resource_type_opt_in_preference["S3"] = true;
  state.settings.global_settings["isMpaEnabled"] = "true";
  state.settings.global_settings_update_time = 1700000000;
  auto round = ParseState(SerializeState(state));
  ASSERT_TRUE(round.ok()) << round.error().message;
  EXPECT_TRUE(round.value().settings.resource_type_opt_in_preference.at("S3"));
  EXPECT_EQ(round.value().settings.global_settings.at("isMpaEnabled"), "true");
  EXPECT_EQ(round.value().settings.global_settings_update_time, 1700000000);

  // A version 2 file from before the settings operations has no "Settings".
  nlohmann::json old = nlohmann::json::parse(SerializeState(state));
  old.erase("Settings");
  auto loaded = ParseState(old.dump());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_FALSE(loaded.value().settings.resource_type_opt_in_preference.at("S3"));
  EXPECT_TRUE(loaded.value().settings.resource_type_opt_in_preference.at("EBS"));
  EXPECT_EQ(loaded.value().settings.global_settings.at("isMpaEnabled"), "false");
}

TEST(AccountSettings, TheVersion1FileLoadsWithDefaultSettings) {
  std::ifstream in(std::string(BACKUPCTL_SOURCE_DIR) + "/tests/data/emulator-state-v1/state.json");
  std::stringstream text;
  text << in.rdbuf();
  auto loaded = ParseState(text.str());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded.value().settings.resource_type_opt_in_preference,
            DefaultSettings().resource_type_opt_in_preference);
}

}  // namespace
}  // namespace backupctl
