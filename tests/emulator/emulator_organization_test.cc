// Many accounts and regions in one emulator: the signing key names the
// account, the credential scope the region; each (account, region) is its
// own AWS Backup account, with its own ARNs, and they all persist in one
// state file (organization_store.h) that still reads today's single-account
// format.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "providers/aws/client.h"
#include "providers/local/organization.h"
#include "providers/local/organization_store.h"
#include "providers/local/state_store.h"
#include "tests/local/server_harness.h"
#include "tests/support/fast_client.h"

namespace backupctl::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kDefaultAccount[] = "123456789012";
constexpr char kAlpha[] = "111111111111";
constexpr char kBeta[] = "222222222222";

EmulatorOptions OrgOptions() {
  EmulatorOptions options;
  options.credentials = {{"test", "test", "", std::nullopt},
                         {"AKIDALPHA", "alpha-secret", "", std::nullopt},
                         {"AKIDBETA", "beta-secret", "", std::nullopt}};
  options.key_accounts = {{"AKIDALPHA", kAlpha}, {"AKIDBETA", kBeta}};
  options.regions = {"eu-west-1"};
  return options;
}

std::unique_ptr<AwsBackupClient> Client(const EmulatorServer& server, const std::string& key,
                                        const std::string& secret, const std::string& region) {
  ClientOptions options = FastClientOptions(server.url(), {key, secret, "", std::nullopt});
  options.region = region;
  auto client = AwsBackupClient::Create(options);
  EXPECT_TRUE(client.ok()) << (client.ok() ? "" : client.error().ToString());
  return client.ok() ? std::move(client.value()) : nullptr;
}

std::string CreateVault(BackupApi& api, const std::string& name) {
  auto created = api.CreateBackupVault(VaultNamed(name));
  EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().ToString());
  return created.ok() ? created.value().backup_vault_arn : "";
}

std::vector<std::string> VaultNames(BackupApi& api) {
  ListBackupVaultsInput in;
  auto listed = api.ListBackupVaults(in);
  EXPECT_TRUE(listed.ok()) << (listed.ok() ? "" : listed.error().ToString());
  std::vector<std::string> names;
  if (listed.ok()) {
    for (const auto& v : listed.value().backup_vault_list) names.push_back(v.backup_vault_name);
  }
  return names;
}

TEST(OrganizationTest, TheSameVaultNameInTwoAccountsIsTwoVaults) {
  auto server = StartServer(OrgOptions());
  ASSERT_NE(server, nullptr);
  auto alpha = Client(*server, "AKIDALPHA", "alpha-secret", "us-east-1");
  auto beta = Client(*server, "AKIDBETA", "beta-secret", "us-east-1");
  auto fallback = Client(*server, "test", "test", "us-east-1");
  ASSERT_TRUE(alpha && beta && fallback);

  EXPECT_EQ(CreateVault(*alpha, "shared"),
            std::string("arn:aws:backup:us-east-1:") + kAlpha + ":backup-vault:shared");
  EXPECT_EQ(CreateVault(*beta, "shared"),
            std::string("arn:aws:backup:us-east-1:") + kBeta + ":backup-vault:shared");
  CreateVault(*alpha, "alpha-only");

  EXPECT_EQ(VaultNames(*alpha), (std::vector<std::string>{"alpha-only", "shared"}));
  EXPECT_EQ(VaultNames(*beta), (std::vector<std::string>{"shared"}));
  EXPECT_TRUE(VaultNames(*fallback).empty());  // the unmapped key: the default account, untouched

  // No leak either way: beta cannot see, tag or delete alpha's vault.
  DescribeBackupVaultInput describe;
  describe.backup_vault_name = "alpha-only";
  auto hidden = beta->DescribeBackupVault(describe);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, "ResourceNotFoundException");
  TagResourceInput tag;
  tag.resource_arn = std::string("arn:aws:backup:us-east-1:") + kAlpha + ":backup-vault:shared";
  tag.tags = {{"owner", "beta"}};
  EXPECT_FALSE(beta->TagResource(tag).ok());
  DeleteBackupVaultInput del;
  del.backup_vault_name = "shared";
  ASSERT_TRUE(beta->DeleteBackupVault(del).ok());
  EXPECT_EQ(VaultNames(*alpha), (std::vector<std::string>{"alpha-only", "shared"}));
  EXPECT_TRUE(VaultNames(*beta).empty());

  // Plans too: ids and ARNs belong to the caller's account.
  CreateBackupPlanInput plan;
  plan.backup_plan.backup_plan_name = "daily";
  BackupRule rule;
  rule.rule_name = "r";
  rule.target_backup_vault_name = "shared";
  plan.backup_plan.rules.push_back(rule);
  auto made = alpha->CreateBackupPlan(plan);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  EXPECT_EQ(made.value().backup_plan_arn.rfind(
                std::string("arn:aws:backup:us-east-1:") + kAlpha + ":backup-plan:", 0),
            0u)
      << made.value().backup_plan_arn;
  GetBackupPlanInput get;
  get.backup_plan_id = made.value().backup_plan_id;
  EXPECT_EQ(beta->GetBackupPlan(get).error().code, "ResourceNotFoundException");

  std::vector<AccountKey> keys = server->organization().Keys();
  EXPECT_EQ(keys,
            (std::vector<AccountKey>{
                {kAlpha, "us-east-1"}, {kDefaultAccount, "us-east-1"}, {kBeta, "us-east-1"}}));
}

TEST(OrganizationTest, TheSameVaultNameInTwoRegionsIsTwoVaults) {
  auto server = StartServer(OrgOptions());
  ASSERT_NE(server, nullptr);
  auto virginia = Client(*server, "AKIDALPHA", "alpha-secret", "us-east-1");
  auto ireland = Client(*server, "AKIDALPHA", "alpha-secret", "eu-west-1");
  ASSERT_TRUE(virginia && ireland);
  EXPECT_EQ(CreateVault(*virginia, "vault"),
            std::string("arn:aws:backup:us-east-1:") + kAlpha + ":backup-vault:vault");
  EXPECT_EQ(CreateVault(*ireland, "vault"),
            std::string("arn:aws:backup:eu-west-1:") + kAlpha + ":backup-vault:vault");
  CreateVault(*ireland, "ireland-only");
  EXPECT_EQ(VaultNames(*virginia), (std::vector<std::string>{"vault"}));
  EXPECT_EQ(VaultNames(*ireland), (std::vector<std::string>{"ireland-only", "vault"}));

  // A region the emulator does not serve is refused as AWS refuses a bad scope.
  auto sydney = Client(*server, "AKIDALPHA", "alpha-secret", "ap-southeast-2");
  ASSERT_TRUE(sydney);
  ListBackupVaultsInput in;
  auto refused = sydney->ListBackupVaults(in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "InvalidSignatureException");
  EXPECT_EQ(server->organization().Find({kAlpha, "ap-southeast-2"}), nullptr);
}

TEST(OrganizationTest, AStarServesEveryRegionNameAndTheAccountLimitHolds) {
  EmulatorOptions options = OrgOptions();
  options.regions = {"*"};
  options.max_accounts = 2;  // the default pair and one more
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  auto sydney = Client(*server, "AKIDALPHA", "alpha-secret", "ap-southeast-2");
  EXPECT_EQ(CreateVault(*sydney, "vault"),
            std::string("arn:aws:backup:ap-southeast-2:") + kAlpha + ":backup-vault:vault");
  auto third = Client(*server, "AKIDBETA", "beta-secret", "eu-central-1");
  ListBackupVaultsInput in;
  auto refused = third->ListBackupVaults(in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "LimitExceededException");
  EXPECT_EQ(server->organization().Keys().size(), 2u);
}

TEST(OrganizationTest, BadKeyAccountsAndRegionsAreRefusedAtStart) {
  EmulatorOptions options = OrgOptions();
  options.key_accounts["AKIDALPHA"] = "12345";
  auto bad_account = EmulatorServer::Start(options);
  ASSERT_FALSE(bad_account.ok());
  EXPECT_NE(bad_account.error().message.find("12 digits"), std::string::npos);
  options = OrgOptions();
  options.regions = {"Mars"};
  auto bad_region = EmulatorServer::Start(options);
  ASSERT_FALSE(bad_region.ok());
  EXPECT_NE(bad_region.error().message.find("Mars"), std::string::npos);
}

class OrganizationFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("org-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "state.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Read() {
    std::ifstream in(path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(OrganizationFileTest, SeveralAccountsAndRegionsSurviveARestart) {
  EmulatorOptions options = OrgOptions();
  options.account.state_file = path_;
  {
    auto server = StartServer(options);
    ASSERT_NE(server, nullptr);
    // One account alone writes the single-account file (state_store.h's version).
    ASSERT_TRUE(server->Stop().ok());
    nlohmann::json one = nlohmann::json::parse(Read());
    EXPECT_EQ(one["version"], kStateFileVersion);
    EXPECT_EQ(one["AccountId"], kDefaultAccount);
    EXPECT_EQ(one.count("accounts"), 0u);
  }
  {
    auto server = StartServer(options);
    ASSERT_NE(server, nullptr);
    CreateVault(*Client(*server, "AKIDALPHA", "alpha-secret", "us-east-1"), "a-east");
    CreateVault(*Client(*server, "AKIDALPHA", "alpha-secret", "eu-west-1"), "a-west");
    CreateVault(*Client(*server, "AKIDBETA", "beta-secret", "eu-west-1"), "b-west");
    CreateVault(*Client(*server, "test", "test", "us-east-1"), "default-east");
    ASSERT_TRUE(server->Stop().ok());
  }
  nlohmann::json doc = nlohmann::json::parse(Read());
  EXPECT_EQ(doc["version"], kOrganizationStateFileVersion);
  EXPECT_EQ(doc["version"], 3);
  ASSERT_EQ(doc["accounts"].size(), 4u);
  for (const nlohmann::json& account : doc["accounts"]) {
    EXPECT_EQ(account["version"], kStateFileVersion) << account.dump();  // as SerializeState writes
    EXPECT_TRUE(account.contains("AccountId")) << account.dump();
  }
  {
    auto server = StartServer(options);
    ASSERT_NE(server, nullptr);
    EXPECT_EQ(VaultNames(*Client(*server, "AKIDALPHA", "alpha-secret", "us-east-1")),
              (std::vector<std::string>{"a-east"}));
    EXPECT_EQ(VaultNames(*Client(*server, "AKIDALPHA", "alpha-secret", "eu-west-1")),
              (std::vector<std::string>{"a-west"}));
    EXPECT_EQ(VaultNames(*Client(*server, "AKIDBETA", "beta-secret", "eu-west-1")),
              (std::vector<std::string>{"b-west"}));
    EXPECT_TRUE(VaultNames(*Client(*server, "AKIDBETA", "beta-secret", "us-east-1")).empty());
    EXPECT_EQ(VaultNames(*Client(*server, "test", "test", "us-east-1")),
              (std::vector<std::string>{"default-east"}));
    const VaultRecord west =
        server->organization().Find({kBeta, "eu-west-1"})->Snapshot().vaults.at("b-west");
    EXPECT_EQ(west.arn, std::string("arn:aws:backup:eu-west-1:") + kBeta + ":backup-vault:b-west");
  }
  // The file is held while an emulator runs: a second one is refused.
  auto first = StartServer(options);
  ASSERT_NE(first, nullptr);
  auto second = EmulatorServer::Start(options);
  EXPECT_FALSE(second.ok());
}

TEST_F(OrganizationFileTest, TodaysSingleAccountFileIsReadAndExtended) {
  {
    AccountOptions local;
    local.state_file = path_;
    auto account = LocalAccount::Open(local);  // the `local` target's own writer
    ASSERT_TRUE(account.ok());
    CreateVault(*account.value(), "legacy");
  }
  EmulatorOptions options = OrgOptions();
  options.account.state_file = path_;
  {
    auto server = StartServer(options);
    ASSERT_NE(server, nullptr);
    EXPECT_TRUE(VaultExists(*server, "legacy"));
    CreateVault(*Client(*server, "AKIDALPHA", "alpha-secret", "us-east-1"), "new");
  }
  auto states = ParseOrganization(Read());
  ASSERT_TRUE(states.ok()) << states.error().ToString();
  ASSERT_EQ(states.value().size(), 2u);
  EXPECT_EQ(states.value()[0].account_id, kAlpha);
  EXPECT_EQ(states.value()[0].vaults.count("new"), 1u);
  EXPECT_EQ(states.value()[1].account_id, kDefaultAccount);
  EXPECT_EQ(states.value()[1].vaults.count("legacy"), 1u);
}

TEST_F(OrganizationFileTest, ASingleAccountFileOfAnotherAccountIsRefusedAndKept) {
  {
    AccountOptions local;
    local.state_file = path_;
    local.account_id = kBeta;
    auto account = LocalAccount::Open(local);
    ASSERT_TRUE(account.ok());
  }
  std::string before = Read();
  EmulatorOptions options = OrgOptions();
  options.account.state_file = path_;
  auto refused = EmulatorServer::Start(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find(std::string("holds account ") + kBeta), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(Read(), before);
}

TEST(OrganizationStoreTest, OneStateIsTheSingleAccountFileAndSeveralRoundTrip) {
  AccountState a;
  a.account_id = kAlpha;
  a.region = "us-east-1";
  a.token_secret = "s1";
  a.vaults["v"].name = "v";
  AccountState b = a;
  b.region = "eu-west-1";
  EXPECT_EQ(SerializeOrganization({a}), SerializeState(a));
  auto parsed = ParseOrganization(SerializeOrganization({a, b}));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  ASSERT_EQ(parsed.value().size(), 2u);
  EXPECT_EQ(parsed.value()[1].region, "eu-west-1");
  EXPECT_EQ(parsed.value()[1].vaults.count("v"), 1u);
}

// Version 1 (snake_case, arrays) and version 2 single-account files both read
// as an organisation of one.
TEST(OrganizationStoreTest, SingleAccountFilesOfVersionOneAndTwoReadAsOne) {
  AccountState a;
  a.account_id = kAlpha;
  a.region = "us-east-1";
  a.token_secret = "s1";
  auto two = ParseOrganization(SerializeState(a));
  ASSERT_TRUE(two.ok()) << two.error().ToString();
  ASSERT_EQ(two.value().size(), 1u);
  EXPECT_EQ(two.value()[0].account_id, kAlpha);
  const std::string v1 = std::string(R"({"version": 1, "account_id": ")") + kAlpha +
                         R"(", "region": "eu-west-1", "token_secret": "s1", "vaults": [],)"
                         R"( "plans": [], "selections": []})";
  auto one = ParseOrganization(v1);
  ASSERT_TRUE(one.ok()) << one.error().ToString();
  ASSERT_EQ(one.value().size(), 1u);
  EXPECT_EQ(one.value()[0].region, "eu-west-1");
}

TEST(OrganizationStoreTest, DuplicatesUnknownVersionsAndJunkAreErrors) {
  AccountState a;
  a.account_id = kAlpha;
  a.region = "us-east-1";
  a.token_secret = "s1";
  auto twice = ParseOrganization(SerializeOrganization({a, a}));
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("appears twice"), std::string::npos);
  auto version = ParseOrganization(R"({"version": 4, "accounts": []})");
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.error().message.find("unknown version"), std::string::npos);
  EXPECT_FALSE(ParseOrganization(R"({"accounts": []})").ok());
  // Version 2 is a single account: a list of accounts under it is not one.
  EXPECT_FALSE(ParseOrganization(R"({"version": 2, "accounts": []})").ok());
  EXPECT_FALSE(ParseOrganization(R"({"version": 3, "accounts": {}})").ok());
  EXPECT_FALSE(ParseOrganization(R"({"version": 3, "accounts": [{"version": 1}]})").ok());
  EXPECT_FALSE(ParseOrganization("[1,2").ok());
}

TEST(OrganizationTest, AdminRoutesTakeTheAccountFromTheQuery) {
  auto server = StartServer(OrgOptions());
  ASSERT_NE(server, nullptr);
  auto alpha_west = Client(*server, "AKIDALPHA", "alpha-secret", "eu-west-1");
  CreateVault(*alpha_west, "west");
  int status = 0;
  nlohmann::json seeded =
      Admin(server->port(), "POST",
            std::string("recovery-points?account_id=") + kAlpha + "&region=eu-west-1",
            {{"vault", "west"}, {"count", 2}}, &status);
  ASSERT_EQ(status, 200) << seeded;
  EXPECT_EQ(seeded["RecoveryPointArns"][0].get<std::string>().rfind(
                std::string("arn:aws:backup:eu-west-1:") + kAlpha + ":recovery-point:", 0),
            0u);
  Admin(server->port(), "POST", "recovery-points", {{"vault", "west"}, {"count", 2}}, &status);
  EXPECT_NE(status, 200);  // the default account has no vault "west"
  nlohmann::json accounts = Admin(server->port(), "GET", "accounts");
  EXPECT_EQ(accounts["accounts"].size(), 2u) << accounts;
  nlohmann::json state =
      Admin(server->port(), "GET", std::string("state?account_id=") + kAlpha + "&region=eu-west-1");
  EXPECT_EQ(state["Vaults"]["west"]["RecoveryPoints"].size(), 2u) << state;
  EXPECT_FALSE(state.contains(kTokenSecretMember));
  Admin(server->port(), "GET", "state?account_id=42", nullptr, &status);
  EXPECT_EQ(status, 400);
}

}  // namespace
}  // namespace backupctl::testing
