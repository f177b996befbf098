#include "desired/values.h"

#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "desired/fields.h"

namespace backupctl {
namespace {

TEST(Values, VaultNames) {
  EXPECT_EQ(CheckVaultName("prod-main_1"), "");
  EXPECT_EQ(CheckVaultName(std::string(50, 'a')), "");
  EXPECT_NE(CheckVaultName("a"), "");
  EXPECT_NE(CheckVaultName(std::string(51, 'a')), "");
  EXPECT_NE(CheckVaultName("prod.main"), "");
  EXPECT_NE(CheckVaultName("prod main"), "");
}

TEST(Values, PlanRuleAndSelectionNames) {
  EXPECT_EQ(CheckResourceName("plan", "a"), "");
  EXPECT_EQ(CheckResourceName("rule", "daily.v2_x-y"), "");
  EXPECT_NE(CheckResourceName("rule", ""), "");
  EXPECT_NE(CheckResourceName("selection", std::string(51, 'x')), "");
  EXPECT_EQ(CheckResourceName("selection", "a/b"),
            "invalid selection name \"a/b\": use 1 to 50 letters, digits, '-', '_' or '.'");
}

TEST(Values, StackNames) {
  EXPECT_EQ(CheckStackName("prod"), "");
  EXPECT_EQ(CheckStackName("0-team-a"), "");
  EXPECT_NE(CheckStackName(""), "");
  EXPECT_NE(CheckStackName("-prod"), "");
  EXPECT_NE(CheckStackName("Prod"), "");
  EXPECT_NE(CheckStackName(std::string(33, 'a')), "");
}

TEST(Values, TagKeysAndValues) {
  EXPECT_EQ(CheckTagKey("team"), "");
  EXPECT_EQ(CheckTagKey("awsome"), "");
  EXPECT_NE(CheckTagKey("aws:x"), "");
  EXPECT_NE(CheckTagKey("AWS:x"), "");
  EXPECT_NE(CheckTagKey(""), "");
  EXPECT_NE(CheckTagKey(std::string(129, 'k')), "");
  std::string accented;
  for (int i = 0; i < 128; ++i) accented += "\xC3\xA9";  // 128 characters, 256 bytes
  EXPECT_EQ(CheckTagKey(accented), "");
  EXPECT_EQ(CheckTagValue("k", ""), "");
  EXPECT_EQ(CheckTagValue("k", std::string(256, 'v')), "");
  EXPECT_NE(CheckTagValue("k", std::string(257, 'v')), "");
}

TEST(Values, Regions) {
  for (const char* r :
       {"us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-4", "cn-north-1"}) {
    EXPECT_EQ(CheckRegion(r), "") << r;
  }
  for (const char* r :
       {"us-east", "US-EAST-1", "us--east-1", "u-east-1", "us-east-1a", "-us-1", ""}) {
    EXPECT_NE(CheckRegion(r), "") << r;
  }
}

TEST(Values, Endpoints) {
  EXPECT_EQ(CheckEndpoint("http://127.0.0.1:4566"), "");
  EXPECT_EQ(CheckEndpoint("https://backup.eu-west-1.amazonaws.com"), "");
  EXPECT_NE(CheckEndpoint("ftp://x"), "");
  EXPECT_NE(CheckEndpoint("http://"), "");
  EXPECT_NE(CheckEndpoint("http://a b"), "");
  EXPECT_NE(CheckEndpoint("localhost:4566"), "");
}

TEST(Values, KmsKeyArns) {
  EXPECT_EQ(CheckArn(ArnKind::kKmsKey,
                     "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            "");
  EXPECT_EQ(CheckArn(ArnKind::kKmsKey, "arn:aws:kms:us-west-2:111122223333:key/mrk-1234abcd"), "");
  EXPECT_EQ(CheckArn(ArnKind::kKmsKey, "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/ab"), "");
  for (const char* bad :
       {"1234abcd-12ab", "arn:aws:kms:us-west-2:1111:key/ab", "arn:aws:kms::111122223333:key/ab",
        "arn:aws:sns:us-west-2:111122223333:key/ab", "arn:aws:kms:us-west-2:111122223333:key/",
        "arn:azure:kms:us-west-2:111122223333:key/ab"}) {
    EXPECT_NE(CheckArn(ArnKind::kKmsKey, bad), "") << bad;
  }
}

// AWS records the key ARN an alias points to: a declared alias never matches
// the live vault, so every plan would replace it.
TEST(Values, KmsAliasIsNotAVaultKey) {
  for (const char* alias : {"arn:aws:kms:us-west-2:111122223333:alias/backup", "alias/backup",
                            "arn:aws:kms:us-west-2:111122223333:alias/aws/backup"}) {
    std::string error = CheckArn(ArnKind::kKmsKey, alias);
    EXPECT_NE(error.find("KMS alias \"" + std::string(alias) + "\" cannot be a vault key"),
              std::string::npos)
        << error;
    EXPECT_NE(error.find("give the key ARN"), std::string::npos) << error;
  }
}

TEST(Values, SnsTopicArns) {
  EXPECT_EQ(CheckArn(ArnKind::kSnsTopic, "arn:aws:sns:us-west-2:111122223333:MyVaultTopic"), "");
  EXPECT_EQ(CheckArn(ArnKind::kSnsTopic, "arn:aws:sns:us-west-2:111122223333:orders.fifo"), "");
  for (const char* bad :
       {"arn:aws:sns:us-west-2:111122223333:", "arn:aws:sns:us-west-2:111122223333:a/b",
        "arn:aws:sqs:us-west-2:111122223333:q", "arn:aws:sns::111122223333:t"}) {
    EXPECT_NE(CheckArn(ArnKind::kSnsTopic, bad), "") << bad;
  }
}

TEST(Values, IamRoleArns) {
  EXPECT_EQ(CheckArn(ArnKind::kIamRole, "arn:aws:iam::123456789012:role/S3Access"), "");
  EXPECT_EQ(CheckArn(ArnKind::kIamRole,
                     "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"),
            "");
  for (const char* bad :
       {"arn:aws:iam::123456789012:user/bob", "arn:aws:iam:us-east-1:123456789012:role/x",
        "arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/a b",
        "arn:aws:iam::123456789012:role/"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    EXPECT_NE(CheckArn(ArnKind::kIamRole, bad), "") << bad;
  }
}

TEST(Values, BackupVaultArns) {
  EXPECT_EQ(CheckArn(ArnKind::kBackupVault,
                     "arn:aws:backup:us-east-1:123456789012:backup-vault:aBackupVault"),
            "");
  for (const char* bad : {"arn:aws:backup:us-east-1:123456789012:backup-vault:a",
                          "arn:aws:backup:us-east-1:123456789012:vault:main",
                          "arn:aws:backup:us-east-1:123456789012:backup-plan:main",
                          "arn:aws:backup::123456789012:backup-vault:main"}) {
    EXPECT_NE(CheckArn(ArnKind::kBackupVault, bad), "") << bad;
  }
}

TEST(Values, ResourceArns) {
  for (const char* ok : {"*", "arn:aws:ec2:*:*:volume/*", "arn:aws:s3:::bucket",
                         "arn:aws:rds:eu-west-1:123456789012:db:orders"}) {
    EXPECT_EQ(CheckArn(ArnKind::kResource, ok), "") << ok;
  }
  for (const char* bad : {"vol-123", "arn:aws:ec2", "arn:aws::us-east-1:1:x", "arn:aws:s3:::"}) {
    EXPECT_NE(CheckArn(ArnKind::kResource, bad), "") << bad;
  }
}

TEST(Values, VaultEvents) {
  EXPECT_TRUE(IsVaultEvent("BACKUP_JOB_COMPLETED"));
  EXPECT_TRUE(IsVaultEvent("EKS_BACKUP_OBJECT_FAILED"));
  EXPECT_FALSE(IsVaultEvent("BACKUP_JOB_FAILED"));  // deprecated: AWS never sends it
  EXPECT_FALSE(IsVaultEvent("backup_job_failed"));
  EXPECT_FALSE(IsVaultEvent("JOB_FAILED"));
}

// What validate accepts plus what it refuses as deprecated is exactly the
// model's BackupVaultEvent enum, and the deprecated ones are AWS's list.
TEST(Values, VaultEventsAreTheModelsEnumWithoutTheDeprecatedOnes) {
  std::ifstream file(BACKUPCTL_TEST_DATA_DIR "/aws-backup-model/service-2.json");
  ASSERT_TRUE(file.is_open());
  nlohmann::json model = nlohmann::json::parse(file);
  std::set<std::string> in_model = model["shapes"]["BackupVaultEvent"]["enum"];
  std::set<std::string> accepted(VaultEvents().begin(), VaultEvents().end());
  std::set<std::string> deprecated;
  for (const RetiredValue& r : DeprecatedVaultEvents()) {
    EXPECT_EQ(accepted.count(r.name), 0u) << r.name;
    deprecated.insert(r.name);
  }
  EXPECT_EQ(deprecated, (std::set<std::string>{"BACKUP_JOB_SUCCESSFUL", "BACKUP_JOB_FAILED",
                                               "BACKUP_JOB_EXPIRED", "RESTORE_JOB_SUCCESSFUL",
                                               "RESTORE_JOB_FAILED", "BACKUP_PLAN_CREATED",
                                               "BACKUP_PLAN_MODIFIED"}));
  std::set<std::string> both = accepted;
  both.insert(deprecated.begin(), deprecated.end());
  EXPECT_EQ(both, in_model);
}

TEST(Values, ClosestMatch) {
  std::vector<std::string_view> fields = {"targetVault", "schedule", "lifecycle"};
  EXPECT_EQ(ClosestMatch("targetVaul", fields), "targetVault");
  EXPECT_EQ(ClosestMatch("TargetVault", fields), "targetVault");
  EXPECT_EQ(ClosestMatch("shedule", fields), "schedule");
  EXPECT_EQ(ClosestMatch("colour", fields), "");
}

}  // namespace
}  // namespace backupctl
