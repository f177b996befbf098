// Every vault-scoped operation round-trips through AwsBackupClient and the
// emulator server over HTTP: vaults, notifications, access policy, lock,
// tags and recovery points, with each List read across three or more pages.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/client_e2e/emulator_fixture.h"

namespace backupctl {
namespace {

using testing::EmulatorTest;

class VaultsTest : public EmulatorTest {};

TEST_F(VaultsTest, CreateDescribeDelete) {
  CreateBackupVaultInput in;
  in.backup_vault_name = "e2e-vault";
  in.backup_vault_tags = {{"team", "infra"}, {"env", "prod"}};
  in.creator_request_id = "backupctl-e2e-vault";
  Outcome<CreateBackupVaultOutput> made = client_->CreateBackupVault(in);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  EXPECT_EQ(made.value().backup_vault_name, "e2e-vault");
  EXPECT_EQ(made.value().backup_vault_arn,
            "arn:aws:backup:us-east-1:123456789012:backup-vault:e2e-vault");
  EXPECT_GT(made.value().creation_date, 1.5e9);

  Outcome<DescribeBackupVaultOutput> described = client_->DescribeBackupVault({"e2e-vault"});
  ASSERT_TRUE(described.ok()) << described.error().ToString();
  EXPECT_EQ(described.value().backup_vault_arn, made.value().backup_vault_arn);
  EXPECT_EQ(described.value().creator_request_id, "backupctl-e2e-vault");
  EXPECT_EQ(described.value().number_of_recovery_points, 0);
  EXPECT_FALSE(described.value().locked);
  EXPECT_DOUBLE_EQ(described.value().creation_date, made.value().creation_date);

  ASSERT_TRUE(client_->DeleteBackupVault({"e2e-vault"}).ok());
  Outcome<DescribeBackupVaultOutput> gone = client_->DescribeBackupVault({"e2e-vault"});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
}

TEST_F(VaultsTest, ListBackupVaultsAcrossPages) {
  std::set<std::string> made;
  for (int i = 0; i < 7; ++i) {
    std::string name = "paged-vault-" + std::to_string(i);
    CreateBackupVaultInput in;
    in.backup_vault_name = name;
    ASSERT_TRUE(client_->CreateBackupVault(in).ok());
    made.insert(name);
  }
  std::set<std::string> seen;
  int pages = 0;
  ListBackupVaultsInput in;
  in.max_results = 2;
  ReadAll(
      in, [&](const ListBackupVaultsInput& page) { return client_->ListBackupVaults(page); },
      [&](const ListBackupVaultsOutput& page) {
        EXPECT_LE(page.backup_vault_list.size(), 2u);
        for (const auto& v : page.backup_vault_list) {
          EXPECT_TRUE(seen.insert(v.backup_vault_name).second)
              << "repeated " << v.backup_vault_name;
          EXPECT_FALSE(v.backup_vault_arn.empty());
        }
      },
      &pages);
  EXPECT_EQ(seen, made);
  EXPECT_GE(pages, 4);
}

TEST_F(VaultsTest, Notifications) {
  ASSERT_TRUE(client_->CreateBackupVault({"notified", {}, {}, {}}).ok());
  PutBackupVaultNotificationsInput put;
  put.backup_vault_name = "notified";
  put.sns_topic_arn = "arn:aws:sns:us-east-1:123456789012:backup-events";
  put.backup_vault_events = {"BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED"};
  EmptyOutcome stored = client_->PutBackupVaultNotifications(put);
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();

  Outcome<GetBackupVaultNotificationsOutput> got =
      client_->GetBackupVaultNotifications({"notified"});
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(got.value().backup_vault_name, "notified");
  EXPECT_EQ(got.value().sns_topic_arn, put.sns_topic_arn);
  EXPECT_EQ(std::set<std::string>(got.value().backup_vault_events.begin(),
                                  got.value().backup_vault_events.end()),
            std::set<std::string>(put.backup_vault_events.begin(), put.backup_vault_events.end()));
  EXPECT_FALSE(got.value().backup_vault_arn.empty());

  ASSERT_TRUE(client_->DeleteBackupVaultNotifications({"notified"}).ok());
  Outcome<GetBackupVaultNotificationsOutput> gone =
      client_->GetBackupVaultNotifications({"notified"});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
}

TEST_F(VaultsTest, AccessPolicy) {
  ASSERT_TRUE(client_->CreateBackupVault({"guarded", {}, {}, {}}).ok());
  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},)"
      R"("Action":"backup:DeleteRecoveryPoint","Resource":"*"}]})";
  EmptyOutcome put = client_->PutBackupVaultAccessPolicy({"guarded", policy});
  ASSERT_TRUE(put.ok()) << put.error().ToString();

  Outcome<GetBackupVaultAccessPolicyOutput> got = client_->GetBackupVaultAccessPolicy({"guarded"});
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(got.value().backup_vault_name, "guarded");
  EXPECT_EQ(nlohmann::json::parse(got.value().policy), nlohmann::json::parse(policy));

  ASSERT_TRUE(client_->DeleteBackupVaultAccessPolicy({"guarded"}).ok());
  Outcome<GetBackupVaultAccessPolicyOutput> gone = client_->GetBackupVaultAccessPolicy({"guarded"});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
}

TEST_F(VaultsTest, VaultLock) {
  ASSERT_TRUE(client_->CreateBackupVault({"locked", {}, {}, {}}).ok());
  PutBackupVaultLockConfigurationInput lock;
  lock.backup_vault_name = "locked";
  lock.min_retention_days = 7;
  lock.max_retention_days = 365;
  EmptyOutcome put = client_->PutBackupVaultLockConfiguration(lock);
  ASSERT_TRUE(put.ok()) << put.error().ToString();

  Outcome<DescribeBackupVaultOutput> described = client_->DescribeBackupVault({"locked"});
  ASSERT_TRUE(described.ok());
  EXPECT_TRUE(described.value().locked);
  EXPECT_EQ(described.value().min_retention_days, 7);
  EXPECT_EQ(described.value().max_retention_days, 365);

  ASSERT_TRUE(client_->DeleteBackupVaultLockConfiguration({"locked"}).ok());
  described = client_->DescribeBackupVault({"locked"});
  ASSERT_TRUE(described.ok());
  EXPECT_FALSE(described.value().locked);
  EXPECT_FALSE(described.value().min_retention_days.has_value());
}

TEST_F(VaultsTest, TagsAcrossPages) {
  Outcome<CreateBackupVaultOutput> made = client_->CreateBackupVault({"tagged", {}, {}, {}});
  ASSERT_TRUE(made.ok());
  const std::string arn = made.value().backup_vault_arn;
  Tags tags;
  for (int i = 0; i < 7; ++i) tags["key-" + std::to_string(i)] = "value " + std::to_string(i);
  tags["odd/chars:+="] = "a b&c";
  EmptyOutcome tagged = client_->TagResource({arn, tags});
  ASSERT_TRUE(tagged.ok()) << tagged.error().ToString();

  Tags seen;
  int pages = 0;
  ListTagsInput in;
  in.resource_arn = arn;
  in.max_results = 3;
  ReadAll(
      in, [&](const ListTagsInput& page) { return client_->ListTags(page); },
      [&](const ListTagsOutput& page) { seen.insert(page.tags.begin(), page.tags.end()); }, &pages);
  EXPECT_EQ(seen, tags);
  EXPECT_GE(pages, 3);

  ASSERT_TRUE(client_->UntagResource({arn, {"key-0", "odd/chars:+="}}).ok());
  Outcome<ListTagsOutput> after = client_->ListTags({arn, std::nullopt, std::nullopt});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after.value().tags.count("key-0"), 0u);
  EXPECT_EQ(after.value().tags.count("odd/chars:+="), 0u);
  EXPECT_EQ(after.value().tags.at("key-1"), "value 1");
}

TEST_F(VaultsTest, RecoveryPointsAcrossPagesBlockVaultDeletion) {
  ASSERT_TRUE(client_->CreateBackupVault({"full", {}, {}, {}}).ok());
  Outcome<std::vector<std::string>> seeded = server_->account().SeedRecoveryPoints("full", 7);
  ASSERT_TRUE(seeded.ok());

  std::set<std::string> seen;
  int pages = 0;
  ListRecoveryPointsByBackupVaultInput in;
  in.backup_vault_name = "full";
  in.max_results = 2;
  ReadAll(
      in,
      [&](const ListRecoveryPointsByBackupVaultInput& page) {
        return client_->ListRecoveryPointsByBackupVault(page);
      },
      [&](const ListRecoveryPointsByBackupVaultOutput& page) {
        for (const auto& rp : page.recovery_points) {
          EXPECT_EQ(rp.backup_vault_name, "full");
          seen.insert(rp.recovery_point_arn);
        }
      },
      &pages);
  EXPECT_EQ(seen, std::set<std::string>(seeded.value().begin(), seeded.value().end()));
  EXPECT_GE(pages, 4);

  EmptyOutcome refused = client_->DeleteBackupVault({"full"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidRequest);
  EXPECT_EQ(refused.error().code, "InvalidRequestException");
  EXPECT_TRUE(client_->DescribeBackupVault({"full"}).ok());
}

}  // namespace
}  // namespace backupctl
