// base/vault_events.h: the delivered and deprecated lists are, together,
// exactly the model's BackupVaultEvent enum (tests/data/aws-backup-model).

#include "base/vault_events.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace backupctl {
namespace {

TEST(VaultEvents, DeliveredAndDeprecatedAreTheModelsEnum) {
  std::ifstream file(BACKUPCTL_TEST_DATA_DIR "/aws-backup-model/service-2.json");
  ASSERT_TRUE(file.is_open());
  nlohmann::json model = nlohmann::json::parse(file);
  std::set<std::string> in_model = model["shapes"]["BackupVaultEvent"]["enum"];

  std::set<std::string> delivered(std::begin(kDeliveredVaultEvents),
                                  std::end(kDeliveredVaultEvents));
  std::set<std::string> both = delivered;
  for (const RetiredValue& r : kDeprecatedVaultEvents) {
    EXPECT_EQ(delivered.count(r.name), 0u) << r.name << " is both delivered and deprecated";
    EXPECT_NE(std::string(r.why), "") << r.name;
    EXPECT_TRUE(both.insert(r.name).second) << r.name << " listed twice";
  }
  EXPECT_EQ(both.size(), std::size(kDeliveredVaultEvents) + std::size(kDeprecatedVaultEvents));
  EXPECT_EQ(both, in_model);
}

TEST(VaultEvents, Lookups) {
  EXPECT_TRUE(IsDeliveredVaultEvent("BACKUP_JOB_COMPLETED"));
  EXPECT_TRUE(IsDeliveredVaultEvent("EKS_BACKUP_OBJECT_FAILED"));
  EXPECT_FALSE(IsDeliveredVaultEvent("BACKUP_JOB_FAILED"));  // deprecated: never sent
  EXPECT_TRUE(IsVaultEventEnumValue("BACKUP_JOB_FAILED"));   // but AWS accepts it
  EXPECT_TRUE(IsVaultEventEnumValue("BACKUP_PLAN_MODIFIED"));
  EXPECT_FALSE(IsVaultEventEnumValue("backup_job_completed"));  // exact case
  EXPECT_FALSE(IsVaultEventEnumValue("JOB_FAILED"));
  EXPECT_FALSE(IsVaultEventEnumValue(""));
}

}  // namespace
}  // namespace backupctl
