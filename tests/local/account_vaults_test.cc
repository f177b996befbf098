// LocalAccount: vaults, notifications, access policy, vault lock, recovery points.

#include <gtest/gtest.h>

#include <algorithm>

#include "providers/local/account.h"
#include "tests/local/account_test_util.h"

namespace backupctl {
namespace {

class AccountVaultsTest : public ::testing::Test {
 protected:
  LocalAccount account_{AccountOptions{}};
};

TEST_F(AccountVaultsTest, CreateThenDescribe) {
  auto created = Ok(account_.CreateBackupVault(VaultInput("prod-vault", "req-1")));
  EXPECT_EQ(created.backup_vault_name, "prod-vault");
  EXPECT_EQ(created.backup_vault_arn,
            "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-vault");
  EXPECT_GT(created.creation_date, 1.6e9);

  auto d = Ok(account_.DescribeBackupVault({"prod-vault"}));
  EXPECT_EQ(d.backup_vault_arn, created.backup_vault_arn);
  EXPECT_EQ(d.vault_type, "BACKUP_VAULT");
  EXPECT_EQ(d.vault_state, "AVAILABLE");
  EXPECT_EQ(d.creator_request_id, "req-1");
  EXPECT_EQ(d.number_of_recovery_points, 0);
  EXPECT_FALSE(d.locked);
  EXPECT_FALSE(d.lock_date.has_value());
  ASSERT_TRUE(d.encryption_key_arn.has_value());
  EXPECT_EQ(d.encryption_key_arn->rfind("arn:aws:kms:us-east-1:123456789012:key/", 0), 0u);
  // The default key is stable for the vault.
  EXPECT_EQ(Ok(account_.DescribeBackupVault({"prod-vault"})).encryption_key_arn,
            d.encryption_key_arn);
}

TEST_F(AccountVaultsTest, GivenEncryptionKeyIsKept) {
  auto in = VaultInput("v1");
  in.encryption_key_arn = "arn:aws:kms:us-east-1:123456789012:key/abcd";
  Ok(account_.CreateBackupVault(in));
  EXPECT_EQ(Ok(account_.DescribeBackupVault({"v1"})).encryption_key_arn, *in.encryption_key_arn);
  in.backup_vault_name = "v2";
  in.encryption_key_arn = "not-a-key";
  EXPECT_EQ(CodeOf(account_.CreateBackupVault(in)), "InvalidParameterValueException");
}

TEST_F(AccountVaultsTest, NamePatternIsEnforced) {
  for (const char* bad : {"a", "has space", "dot.ted", "slash/name", ""}) {
    auto out = account_.CreateBackupVault(VaultInput(bad));
    ASSERT_FALSE(out.ok()) << bad;
    EXPECT_EQ(out.error().kind, std::string(bad).empty() ? ErrorKind::kMissingParameter
                                                         : ErrorKind::kInvalidParameter)
        << bad;
  }
  EXPECT_EQ(CodeOf(account_.CreateBackupVault(VaultInput(std::string(51, 'a')))),
            "InvalidParameterValueException");
  Ok(account_.CreateBackupVault(VaultInput(std::string(50, 'a'))));
  Ok(account_.CreateBackupVault(VaultInput("ab")));
  Ok(account_.CreateBackupVault(VaultInput("A-b_9")));
  EXPECT_TRUE(account_.Snapshot().vaults.size() == 3);
}

TEST_F(AccountVaultsTest, SecondCreateIsAlreadyExistsWithIdentity) {
  auto first = Ok(account_.CreateBackupVault(VaultInput("vv", "req-a")));
  auto again = account_.CreateBackupVault(VaultInput("vv", "req-b"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "AlreadyExistsException");
  EXPECT_EQ(again.error().kind, ErrorKind::kAlreadyExists);
  EXPECT_EQ(again.error().arn, first.backup_vault_arn);
  EXPECT_EQ(again.error().creator_request_id, "req-a");
  EXPECT_EQ(CodeOf(account_.CreateBackupVault(VaultInput("vv"))), "AlreadyExistsException");
}

TEST_F(AccountVaultsTest, RepeatedCreatorRequestIdReturnsTheVault) {
  auto first = Ok(account_.CreateBackupVault(VaultInput("vv", "req-a")));
  auto retry = Ok(account_.CreateBackupVault(VaultInput("vv", "req-a")));
  EXPECT_EQ(retry.backup_vault_arn, first.backup_vault_arn);
  EXPECT_EQ(retry.creation_date, first.creation_date);
  EXPECT_EQ(account_.Snapshot().vaults.size(), 1u);
}

TEST_F(AccountVaultsTest, CreatorRequestIdAndTagsAreValidated) {
  EXPECT_EQ(CodeOf(account_.CreateBackupVault(VaultInput("vv", std::string(51, 'x')))),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.CreateBackupVault(VaultInput("vv", "bad id"))),
            "InvalidParameterValueException");
  auto in = VaultInput("vv");
  in.backup_vault_tags = {{"aws:owner", "x"}};
  EXPECT_EQ(CodeOf(account_.CreateBackupVault(in)), "InvalidParameterValueException");
  EXPECT_TRUE(account_.Snapshot().vaults.empty());
  in.backup_vault_tags = {{"owner", "team-a"}};
  auto created = Ok(account_.CreateBackupVault(in));
  EXPECT_EQ(Ok(account_.ListTags(TagsIn(created.backup_vault_arn))).tags, in.backup_vault_tags);
}

TEST_F(AccountVaultsTest, DescribeAndDeleteMissingVault) {
  auto d = account_.DescribeBackupVault({"nope"});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, "ResourceNotFoundException");
  EXPECT_EQ(d.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(d.error().http_status, 400);
  EXPECT_EQ(CodeOf(account_.DeleteBackupVault({"nope"})), "ResourceNotFoundException");
}

TEST_F(AccountVaultsTest, DeleteRemovesVaultAndEverythingOnIt) {
  auto v = Ok(account_.CreateBackupVault(VaultInput("vv")));
  Ok(account_.PutBackupVaultNotifications(
      {"vv", "arn:aws:sns:us-east-1:123456789012:topic", {"BACKUP_JOB_COMPLETED"}}));
  Ok(account_.PutBackupVaultAccessPolicy(
      {"vv", R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny"}]})"}));
  Ok(account_.TagResource({v.backup_vault_arn, {{"k", "v"}}}));
  Ok(account_.DeleteBackupVault({"vv"}));
  EXPECT_EQ(CodeOf(account_.DescribeBackupVault({"vv"})), "ResourceNotFoundException");
  EXPECT_EQ(CodeOf(account_.ListTags(TagsIn(v.backup_vault_arn))), "ResourceNotFoundException");
  // A new vault of the same name starts clean.
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  EXPECT_EQ(CodeOf(account_.GetBackupVaultNotifications({"vv"})), "ResourceNotFoundException");
  EXPECT_EQ(CodeOf(account_.GetBackupVaultAccessPolicy({"vv"})), "ResourceNotFoundException");
  EXPECT_TRUE(Ok(account_.ListTags(TagsIn(v.backup_vault_arn))).tags.empty());
}

TEST_F(AccountVaultsTest, VaultWithRecoveryPointsCannotBeDeleted) {
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  auto arns = Ok(account_.SeedRecoveryPoints("vv", 3));
  EXPECT_EQ(arns.size(), 3u);
  EXPECT_EQ(Ok(account_.DescribeBackupVault({"vv"})).number_of_recovery_points, 3);
  auto del = account_.DeleteBackupVault({"vv"});
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().code, "InvalidRequestException");
  EXPECT_EQ(del.error().message,
            "Backup vault cannot be deleted because it contains recovery points.");
  EXPECT_TRUE(account_.DescribeBackupVault({"vv"}).ok());
  EXPECT_EQ(CodeOf(account_.SeedRecoveryPoints("missing", 1)), "ResourceNotFoundException");
}

TEST_F(AccountVaultsTest, RecoveryPointsAreListedAndTaggable) {
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  auto arns = Ok(account_.SeedRecoveryPoints("vv", 2));
  auto listed = Ok(account_.ListRecoveryPointsByBackupVault(RecoveryPointsIn("vv")));
  ASSERT_EQ(listed.recovery_points.size(), 2u);
  EXPECT_FALSE(listed.next_token.has_value());
  for (const auto& rp : listed.recovery_points) {
    EXPECT_EQ(rp.backup_vault_name, "vv");
    EXPECT_EQ(rp.status, "COMPLETED");
    EXPECT_NE(std::find(arns.begin(), arns.end(), rp.recovery_point_arn), arns.end());
  }
  Ok(account_.TagResource({arns[0], {{"k", "v"}}}));
  EXPECT_EQ(Ok(account_.ListTags(TagsIn(arns[0]))).tags.at("k"), "v");
  EXPECT_EQ(CodeOf(account_.ListRecoveryPointsByBackupVault(RecoveryPointsIn("missing"))),
            "ResourceNotFoundException");
}

TEST_F(AccountVaultsTest, ServiceVaultsBypassThePatternAndCannotBeDeleted) {
  Ok(account_.SeedServiceVault("aws/efs/automatic-backup-vault"));
  EXPECT_EQ(CodeOf(account_.CreateBackupVault(VaultInput("aws/efs/automatic-backup-vault"))),
            "InvalidParameterValueException");
  auto d = Ok(account_.DescribeBackupVault({"aws/efs/automatic-backup-vault"}));
  EXPECT_EQ(d.backup_vault_arn,
            "arn:aws:backup:us-east-1:123456789012:backup-vault:aws/efs/automatic-backup-vault");
  EXPECT_EQ(CodeOf(account_.DeleteBackupVault({"aws/efs/automatic-backup-vault"})),
            "InvalidRequestException");
  EXPECT_EQ(Ok(account_.ListBackupVaults({})).backup_vault_list.size(), 1u);
}

TEST_F(AccountVaultsTest, Notifications) {
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  const std::string topic = "arn:aws:sns:us-east-1:123456789012:backup-events";
  EXPECT_EQ(CodeOf(account_.GetBackupVaultNotifications({"vv"})), "ResourceNotFoundException");
  Ok(account_.PutBackupVaultNotifications(
      {"vv", topic, {"BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED"}}));
  auto got = Ok(account_.GetBackupVaultNotifications({"vv"}));
  EXPECT_EQ(got.backup_vault_name, "vv");
  EXPECT_EQ(got.sns_topic_arn, topic);
  EXPECT_EQ(got.backup_vault_events,
            (std::vector<std::string>{"BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED"}));

  EXPECT_EQ(CodeOf(account_.PutBackupVaultNotifications({"vv", "not-an-arn", {"COPY_JOB_FAILED"}})),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.PutBackupVaultNotifications(
                {"vv", "arn:aws:sqs:us-east-1:123456789012:q", {"COPY_JOB_FAILED"}})),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.PutBackupVaultNotifications({"vv", topic, {"NO_SUCH_EVENT"}})),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.PutBackupVaultNotifications({"vv", topic, {}})),
            "MissingParameterValueException");
  EXPECT_EQ(CodeOf(account_.PutBackupVaultNotifications({"missing", topic, {"COPY_JOB_FAILED"}})),
            "ResourceNotFoundException");
  // The failed puts changed nothing.
  EXPECT_EQ(Ok(account_.GetBackupVaultNotifications({"vv"})).backup_vault_events.size(), 2u);

  Ok(account_.DeleteBackupVaultNotifications({"vv"}));
  EXPECT_EQ(CodeOf(account_.GetBackupVaultNotifications({"vv"})), "ResourceNotFoundException");
  Ok(account_.DeleteBackupVaultNotifications({"vv"}));  // absent: nothing to do
  EXPECT_EQ(CodeOf(account_.DeleteBackupVaultNotifications({"missing"})),
            "ResourceNotFoundException");
}

TEST_F(AccountVaultsTest, AccessPolicyIsStoredAsGiven) {
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  EXPECT_EQ(CodeOf(account_.GetBackupVaultAccessPolicy({"vv"})), "ResourceNotFoundException");
  const std::string policy =
      R"({ "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",)"
      R"( "Action": "backup:DeleteRecoveryPoint", "Resource": "*"}] })";
  Ok(account_.PutBackupVaultAccessPolicy({"vv", policy}));
  auto got = Ok(account_.GetBackupVaultAccessPolicy({"vv"}));
  EXPECT_EQ(got.policy, policy);
  EXPECT_EQ(got.backup_vault_arn, "arn:aws:backup:us-east-1:123456789012:backup-vault:vv");

  EXPECT_EQ(CodeOf(account_.PutBackupVaultAccessPolicy({"vv", "{not json"})),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.PutBackupVaultAccessPolicy({"vv", R"({"Version":"2012-10-17"})"})),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.PutBackupVaultAccessPolicy({"vv", R"([1,2])"})),
            "InvalidParameterValueException");
  EXPECT_EQ(CodeOf(account_.PutBackupVaultAccessPolicy({"vv", std::nullopt})),
            "MissingParameterValueException");
  EXPECT_EQ(Ok(account_.GetBackupVaultAccessPolicy({"vv"})).policy, policy);

  Ok(account_.DeleteBackupVaultAccessPolicy({"vv"}));
  EXPECT_EQ(CodeOf(account_.GetBackupVaultAccessPolicy({"vv"})), "ResourceNotFoundException");
  EXPECT_EQ(CodeOf(account_.PutBackupVaultAccessPolicy({"missing", policy})),
            "ResourceNotFoundException");
}

TEST_F(AccountVaultsTest, GovernanceLockCanChangeAndGo) {
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  Ok(account_.PutBackupVaultLockConfiguration({"vv", 7, 30, std::nullopt}));
  auto d = Ok(account_.DescribeBackupVault({"vv"}));
  EXPECT_TRUE(d.locked);
  EXPECT_EQ(d.min_retention_days, 7);
  EXPECT_EQ(d.max_retention_days, 30);
  EXPECT_FALSE(d.lock_date.has_value());
  account_.AdvanceClock(400 * 86400.0);
  Ok(account_.PutBackupVaultLockConfiguration({"vv", 1, 60, std::nullopt}));
  Ok(account_.DeleteBackupVaultLockConfiguration({"vv"}));
  d = Ok(account_.DescribeBackupVault({"vv"}));
  EXPECT_FALSE(d.locked);
  EXPECT_FALSE(d.min_retention_days.has_value());
  Ok(account_.DeleteBackupVault({"vv"}));
}

TEST_F(AccountVaultsTest, ComplianceLockBecomesImmutableAtItsLockDate) {
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  double before = account_.Now();
  Ok(account_.PutBackupVaultLockConfiguration({"vv", 7, 30, 3}));
  auto d = Ok(account_.DescribeBackupVault({"vv"}));
  ASSERT_TRUE(d.lock_date.has_value());
  EXPECT_NEAR(*d.lock_date, before + 3 * 86400.0, 5.0);
  // Inside the grace period it may still change.
  Ok(account_.PutBackupVaultLockConfiguration({"vv", 7, 60, 3}));
  account_.AdvanceClock(4 * 86400.0);
  EXPECT_EQ(CodeOf(account_.PutBackupVaultLockConfiguration({"vv", 7, 90, 3})),
            "InvalidRequestException");
  EXPECT_EQ(CodeOf(account_.DeleteBackupVaultLockConfiguration({"vv"})), "InvalidRequestException");
  EXPECT_EQ(CodeOf(account_.DeleteBackupVault({"vv"})), "InvalidRequestException");
  d = Ok(account_.DescribeBackupVault({"vv"}));
  EXPECT_EQ(d.max_retention_days, 60);
  EXPECT_TRUE(d.locked);
}

TEST_F(AccountVaultsTest, ComplianceLockCanBeRemovedDuringGrace) {
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  Ok(account_.PutBackupVaultLockConfiguration({"vv", 1, 10, 5}));
  account_.AdvanceClock(4 * 86400.0);
  Ok(account_.DeleteBackupVaultLockConfiguration({"vv"}));
  Ok(account_.DeleteBackupVault({"vv"}));
}

TEST_F(AccountVaultsTest, LockLimits) {
  Ok(account_.CreateBackupVault(VaultInput("vv")));
  struct Case {
    std::optional<int64_t> min, max, changeable;
  };
  for (const Case& c : {Case{0, 10, std::nullopt}, Case{1, 36501, std::nullopt},
                        Case{20, 10, std::nullopt}, Case{1, 10, 2}, Case{1, 10, 36501}}) {
    EXPECT_EQ(CodeOf(account_.PutBackupVaultLockConfiguration({"vv", c.min, c.max, c.changeable})),
              "InvalidParameterValueException");
  }
  EXPECT_FALSE(Ok(account_.DescribeBackupVault({"vv"})).locked);
  Ok(account_.PutBackupVaultLockConfiguration({"vv", 1, 36500, 3}));
  EXPECT_EQ(CodeOf(account_.PutBackupVaultLockConfiguration({"missing", 1, 2, std::nullopt})),
            "ResourceNotFoundException");
}

}  // namespace
}  // namespace backupctl
