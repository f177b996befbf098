// BackupRegionSettings and BackupGlobalSettings: what they decode to, and
// that validate knows their fields (the invalid corpus holds their errors).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "desired/json_schema.h"
#include "desired/loader.h"
#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

TEST(SettingsKinds, DecodeTheDeclaredKeysOnly) {
  LoadResult r = LoadOne(R"(apiVersion: backupctl/v1
kind: BackupRegionSettings
metadata: {name: eu-west-1}
spec:
  resourceTypeOptIn: {EBS: true, S3: false, "Storage Gateway": true}
  resourceTypeManagement: {DynamoDB: true, EFS: false}
---
apiVersion: backupctl/v1
kind: BackupGlobalSettings
metadata: {name: org}
spec:
  crossAccountBackup: true
  multiPartyApproval: false
)");
  ASSERT_THAT(Lines(r), ::testing::IsEmpty());
  ASSERT_EQ(r.state.region_settings.size(), 1u);
  const RegionSettings& region = r.state.region_settings[0];
  EXPECT_EQ(region.name, "eu-west-1");
  EXPECT_EQ(region.resource_type_opt_in,
            (std::map<std::string, bool>{{"EBS", true}, {"S3", false}, {"Storage Gateway", true}}));
  EXPECT_EQ(region.resource_type_management,
            (std::map<std::string, bool>{{"DynamoDB", true}, {"EFS", false}}));
  ASSERT_EQ(r.state.global_settings.size(), 1u);
  EXPECT_EQ(r.state.global_settings[0].settings,
            (std::map<std::string, bool>{{"isCrossAccountBackupEnabled", true},
                                         {"isMpaEnabled", false}}));
  EXPECT_EQ(r.state.ResourceCount(), 2u);
}

TEST(SettingsKinds, ValuesMustBeBooleans) {
  LoadResult r = LoadOne(R"(apiVersion: backupctl/v1
kind: BackupRegionSettings
metadata: {name: region}
spec:
  resourceTypeOptIn: {EBS: sometimes}
)");
  EXPECT_THAT(Lines(r), ::testing::ElementsAre(
                            "main.yaml:5:28: error: value of \"EBS\" must be true or false, got "
                            "\"sometimes\""));
}

TEST(SettingsKinds, TheSchemaListsTheResourceTypes) {
  const std::string schema = DocumentSchema().dump();
  EXPECT_NE(schema.find("BackupRegionSettings"), std::string::npos);
  EXPECT_NE(schema.find("\"SAP HANA on Amazon EC2\""), std::string::npos);
  EXPECT_NE(schema.find("crossAccountBackup"), std::string::npos);
}

}  // namespace
}  // namespace backupctl
