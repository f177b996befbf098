// LocalAccount: the state file (round trip, corruption, atomicity), the two
// write modes, and two accounts (in two processes) sharing one file.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "providers/local/account.h"
#include "providers/local/state_store.h"
#include "tests/local/account_test_util.h"
#include "tests/support/wait_until.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

class AccountPersistenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/backupctl-account-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    options_.state_file = dir_ + "/state.json";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<LocalAccount> OpenOk(const AccountOptions& options) {
    auto opened = LocalAccount::Open(options);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().ToString());
    return opened.ok() ? std::move(opened.value()) : nullptr;
  }

  // Puts one of everything into the account.
  void Populate(LocalAccount& a) {
    auto vault = Ok(a.CreateBackupVault(VaultInput("vault-a", "req-v")));
    Ok(a.CreateBackupVault(VaultInput("vault-b")));
    Ok(a.SeedServiceVault("aws/efs/automatic-backup-vault"));
    auto plan = Ok(a.CreateBackupPlan(PlanInput("plan", "vault-a", "req-p")));
    UpdateBackupPlanInput update{plan.backup_plan_id, PlanInput("plan", "vault-b").backup_plan};
    Ok(a.UpdateBackupPlan(update));
    auto gone = Ok(a.CreateBackupPlan(PlanInput("gone", "vault-a")));
    Ok(a.DeleteBackupPlan({gone.backup_plan_id}));
    auto sel = SelectionInput(plan.backup_plan_id, "sel", "req-s");
    sel.backup_selection.list_of_tags = {{"STRINGEQUALS", "backup", "yes"}};
    Ok(a.CreateBackupSelection(sel));
    Ok(a.PutBackupVaultNotifications(
        {"vault-a", "arn:aws:sns:us-east-1:123456789012:t", {"BACKUP_JOB_COMPLETED"}}));
    Ok(a.PutBackupVaultAccessPolicy({"vault-a", R"({"Statement":[{"Effect":"Deny"}]})"}));
    Ok(a.PutBackupVaultLockConfiguration({"vault-b", 1, 10, 3}));
    Ok(a.TagResource({vault.backup_vault_arn, {{"k", "v"}}}));
    Ok(a.SeedRecoveryPoints("vault-a", 2));
    a.AdvanceClock(60);
  }

  std::string dir_;
  AccountOptions options_;
};

TEST_F(AccountPersistenceTest, RoundTrip) {
  std::string before;
  {
    auto a = OpenOk(options_);
    ASSERT_TRUE(a);
    Populate(*a);
    before = SerializeState(a->Snapshot());
  }
  auto b = OpenOk(options_);
  ASSERT_TRUE(b);
  EXPECT_EQ(SerializeState(b->Snapshot()), before);
  EXPECT_EQ(Ok(b->DescribeBackupVault({"vault-a"})).number_of_recovery_points, 2);
  EXPECT_TRUE(Ok(b->DescribeBackupVault({"vault-b"})).lock_date.has_value());
}

TEST_F(AccountPersistenceTest, TokensSurviveARestart) {
  std::string token;
  {
    auto a = OpenOk(options_);
    for (int i = 0; i < 5; ++i) Ok(a->CreateBackupVault(VaultInput("vault-" + std::to_string(i))));
    ListBackupVaultsInput in{std::nullopt, 2};
    token = *Ok(a->ListBackupVaults(in)).next_token;
  }
  auto b = OpenOk(options_);
  ListBackupVaultsInput in{token, 2};
  auto page = Ok(b->ListBackupVaults(in));
  ASSERT_EQ(page.backup_vault_list.size(), 2u);
  EXPECT_EQ(page.backup_vault_list[0].backup_vault_name, "vault-2");
}

TEST_F(AccountPersistenceTest, CorruptOrUnknownFilesAreErrorsAndLeftAlone) {
  for (const std::string& bad :
       {std::string("{not json"), std::string(R"({"version": 99, "vaults": []})"),
        std::string(R"({"version": 1, "account_id": "123456789012"})"),
        std::string(R"({"version": 2, "AccountId": "123456789012"})"), std::string("[]")}) {
    WriteAll(options_.state_file, bad);
    auto opened = LocalAccount::Open(options_);
    ASSERT_FALSE(opened.ok()) << bad;
    EXPECT_FALSE(opened.error().message.empty());
    EXPECT_EQ(ReadAll(options_.state_file), bad);
  }
}

TEST_F(AccountPersistenceTest, AnotherAccountsFileIsRefused) {
  OpenOk(options_);
  AccountOptions other = options_;
  other.account_id = "999999999999";
  EXPECT_FALSE(LocalAccount::Open(other).ok());
}

TEST_F(AccountPersistenceTest, LeftoverTemporaryFileDoesNotMatter) {
  {
    auto a = OpenOk(options_);
    Ok(a->CreateBackupVault(VaultInput("kept")));
  }
  WriteAll(options_.state_file + ".tmp.12345", "{half written");
  auto b = OpenOk(options_);
  ASSERT_TRUE(b);
  Ok(b->DescribeBackupVault({"kept"}));
  Ok(b->CreateBackupVault(VaultInput("more")));
  auto c = OpenOk(options_);
  EXPECT_EQ(c->Snapshot().vaults.size(), 2u);
}

TEST_F(AccountPersistenceTest, SyncModeWritesBeforeReturning) {
  auto a = OpenOk(options_);
  Ok(a->CreateBackupVault(VaultInput("now")));
  auto parsed = ParseState(ReadAll(options_.state_file));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value().vaults.count("now"), 1u);
}

TEST_F(AccountPersistenceTest, FailedWriteIsAnErrorAndChangesNothing) {
  auto a = OpenOk(options_);
  Ok(a->CreateBackupVault(VaultInput("first")));
  std::string saved = ReadAll(options_.state_file);
  // A directory where the temporary file must go makes the write fail.
  fs::create_directory(options_.state_file + ".tmp." + std::to_string(::getpid()));
  auto out = a->CreateBackupVault(VaultInput("second"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "ServiceUnavailableException");
  EXPECT_EQ(CodeOf(a->DescribeBackupVault({"second"})), "ResourceNotFoundException");
  Ok(a->DescribeBackupVault({"first"}));
  EXPECT_EQ(ReadAll(options_.state_file), saved);
}

TEST_F(AccountPersistenceTest, BackgroundModeFlushesSoonAndHoldsTheFile) {
  options_.sync_writes = false;
  std::string expected;
  {
    auto a = OpenOk(options_);
    ASSERT_TRUE(a);
    EXPECT_FALSE(LocalAccount::Open(options_).ok()) << "a second opener must be refused";
    Populate(*a);
    expected = SerializeState(a->Snapshot());
    // Normally ~50 ms.
    EXPECT_TRUE(testing::WaitUntil([&] { return ReadAll(options_.state_file) == expected; },
                                   std::chrono::seconds(2), std::chrono::milliseconds(10)));
    Ok(a->CreateBackupVault(VaultInput("at-exit")));
    expected = SerializeState(a->Snapshot());
  }  // destruction flushes
  EXPECT_EQ(ReadAll(options_.state_file), expected);
  auto b = OpenOk(options_);
  ASSERT_TRUE(b);
  Ok(b->DescribeBackupVault({"at-exit"}));
  Ok(b->Flush());
}

TEST_F(AccountPersistenceTest, TwoAccountsOnOneFileSeeEachOther) {
  auto a = OpenOk(options_);
  auto b = OpenOk(options_);
  Ok(a->CreateBackupVault(VaultInput("from-a", "req-a")));
  Ok(b->DescribeBackupVault({"from-a"}));
  // b's create is checked against a's vault: an idempotent retry, not a duplicate.
  Ok(b->CreateBackupVault(VaultInput("from-a", "req-a")));
  EXPECT_EQ(CodeOf(b->CreateBackupVault(VaultInput("from-a", "req-other"))),
            "AlreadyExistsException");
  Ok(b->CreateBackupVault(VaultInput("from-b")));
  EXPECT_EQ(Ok(a->ListBackupVaults({})).backup_vault_list.size(), 2u);
}

TEST_F(AccountPersistenceTest, TwoProcessesWritingConcurrentlyLoseNothing) {
  auto parent = OpenOk(options_);
  ASSERT_TRUE(parent);
  constexpr int kEach = 15;
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto opened = LocalAccount::Open(options_);
    int failures = opened.ok() ? 0 : 1;
    for (int i = 0; opened.ok() && i < kEach; ++i) {
      failures +=
          opened.value()->CreateBackupVault(VaultInput("child-" + std::to_string(i))).ok() ? 0 : 1;
    }
    ::_exit(failures == 0 ? 0 : 1);
  }
  for (int i = 0; i < kEach; ++i)
    Ok(parent->CreateBackupVault(VaultInput("parent-" + std::to_string(i))));
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ListBackupVaultsInput in{std::nullopt, 1000};
  EXPECT_EQ(Ok(parent->ListBackupVaults(in)).backup_vault_list.size(), 2u * kEach);
  auto fresh = OpenOk(options_);
  EXPECT_EQ(fresh->Snapshot().vaults.size(), 2u * kEach);
}

}  // namespace
}  // namespace backupctl
