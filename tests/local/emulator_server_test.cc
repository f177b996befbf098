// The emulator server end to end over HTTP: every operation routed to the
// account, SigV4 enforcement, request ids, the request log, persistence.

#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>

#include "tests/local/server_harness.h"

namespace backupctl::testing {
namespace {

BackupPlanInput Plan(const std::string& name, const std::string& vault, int64_t days) {
  BackupRule rule;
  rule.rule_name = "daily";
  rule.target_backup_vault_name = vault;
  rule.schedule_expression = "cron(0 5 ? * * *)";
  rule.lifecycle = Lifecycle{};
  rule.lifecycle->delete_after_days = days;
  return BackupPlanInput{name, {rule}, {}, {}};
}

class ServerApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = StartServer();
    ASSERT_NE(server_, nullptr);
    port_ = server_->port();
  }
  std::unique_ptr<EmulatorServer> server_;
  int port_ = 0;
};

TEST_F(ServerApiTest, RoutesEveryOperationToTheAccount) {
  auto vault = Api<CreateBackupVaultOutput>(port_, VaultNamed("vault-a"));
  ASSERT_TRUE(vault.ok()) << vault.error().ToString();
  EXPECT_EQ(vault.value().backup_vault_arn,
            "arn:aws:backup:us-east-1:123456789012:backup-vault:vault-a");
  auto described = Api<DescribeBackupVaultOutput>(port_, DescribeBackupVaultInput{"vault-a"});
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described.value().backup_vault_name, "vault-a");
  auto vaults = Api<ListBackupVaultsOutput>(port_, ListBackupVaultsInput{});
  ASSERT_TRUE(vaults.ok());
  EXPECT_EQ(vaults.value().backup_vault_list.size(), 1u);

  std::string topic = "arn:aws:sns:us-east-1:123456789012:backup-events";
  ASSERT_TRUE(
      Api<Empty>(port_,
                 PutBackupVaultNotificationsInput{"vault-a", topic, {"BACKUP_JOB_COMPLETED"}})
          .ok());
  auto notifications =
      Api<GetBackupVaultNotificationsOutput>(port_, GetBackupVaultNotificationsInput{"vault-a"});
  ASSERT_TRUE(notifications.ok());
  EXPECT_EQ(notifications.value().sns_topic_arn, topic);
  EXPECT_TRUE(Api<Empty>(port_, DeleteBackupVaultNotificationsInput{"vault-a"}).ok());

  std::string policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                       R"("Action":"backup:DeleteRecoveryPoint","Resource":"*"}]})";
  ASSERT_TRUE(Api<Empty>(port_, PutBackupVaultAccessPolicyInput{"vault-a", policy}).ok());
  auto got_policy =
      Api<GetBackupVaultAccessPolicyOutput>(port_, GetBackupVaultAccessPolicyInput{"vault-a"});
  ASSERT_TRUE(got_policy.ok());
  EXPECT_EQ(nlohmann::json::parse(got_policy.value().policy), nlohmann::json::parse(policy));
  EXPECT_TRUE(Api<Empty>(port_, DeleteBackupVaultAccessPolicyInput{"vault-a"}).ok());

  ASSERT_TRUE(
      Api<Empty>(port_, PutBackupVaultLockConfigurationInput{"vault-a", 7, 30, std::nullopt}).ok());
  EXPECT_TRUE(Api<Empty>(port_, DeleteBackupVaultLockConfigurationInput{"vault-a"}).ok());

  auto plan = Api<CreateBackupPlanOutput>(
      port_, CreateBackupPlanInput{Plan("plan-a", "vault-a", 35), {}, "plan-a-request"});
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  const std::string plan_id = plan.value().backup_plan_id;
  auto got = Api<GetBackupPlanOutput>(port_, GetBackupPlanInput{plan_id, std::nullopt});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value().backup_plan.backup_plan_name, "plan-a");
  auto plans = Api<ListBackupPlansOutput>(port_, ListBackupPlansInput{});
  ASSERT_TRUE(plans.ok());
  EXPECT_EQ(plans.value().backup_plans_list.size(), 1u);
  auto updated = Api<UpdateBackupPlanOutput>(
      port_, UpdateBackupPlanInput{plan_id, Plan("plan-a", "vault-a", 60)});
  ASSERT_TRUE(updated.ok());
  EXPECT_NE(updated.value().version_id, plan.value().version_id);
  ListBackupPlanVersionsInput versions_in;
  versions_in.backup_plan_id = plan_id;
  auto versions = Api<ListBackupPlanVersionsOutput>(port_, versions_in);
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions.value().backup_plan_versions_list.size(), 2u);

  BackupSelection selection{"sel-a", "arn:aws:iam::123456789012:role/backup", {"*"}, {}, {}, {}};
  auto sel = Api<CreateBackupSelectionOutput>(
      port_, CreateBackupSelectionInput{plan_id, selection, std::nullopt});
  ASSERT_TRUE(sel.ok()) << sel.error().ToString();
  auto got_sel = Api<GetBackupSelectionOutput>(
      port_, GetBackupSelectionInput{plan_id, sel.value().selection_id});
  ASSERT_TRUE(got_sel.ok());
  EXPECT_EQ(got_sel.value().backup_selection.selection_name, "sel-a");
  ListBackupSelectionsInput sels_in;
  sels_in.backup_plan_id = plan_id;
  auto sels = Api<ListBackupSelectionsOutput>(port_, sels_in);
  ASSERT_TRUE(sels.ok());
  EXPECT_EQ(sels.value().backup_selections_list.size(), 1u);
  EXPECT_TRUE(
      Api<Empty>(port_, DeleteBackupSelectionInput{plan_id, sel.value().selection_id}).ok());

  const std::string arn = vault.value().backup_vault_arn;
  ASSERT_TRUE(Api<Empty>(port_, TagResourceInput{arn, {{"team", "infra"}, {"tier", "1"}}}).ok());
  ASSERT_TRUE(Api<Empty>(port_, UntagResourceInput{arn, {"tier"}}).ok());
  ListTagsInput tags_in;
  tags_in.resource_arn = arn;
  auto tags = Api<ListTagsOutput>(port_, tags_in);
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(tags.value().tags, (Tags{{"team", "infra"}}));

  ASSERT_TRUE(server_->account().SeedRecoveryPoints("vault-a", 3).ok());
  ListRecoveryPointsByBackupVaultInput rp_in;
  rp_in.backup_vault_name = "vault-a";
  auto rps = Api<ListRecoveryPointsByBackupVaultOutput>(port_, rp_in);
  ASSERT_TRUE(rps.ok());
  EXPECT_EQ(rps.value().recovery_points.size(), 3u);

  EXPECT_TRUE(Api<DeleteBackupPlanOutput>(port_, DeleteBackupPlanInput{plan_id}).ok());
  auto blocked = Api<Empty>(port_, DeleteBackupVaultInput{"vault-a"});
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, "InvalidRequestException");

  std::set<std::string> operations;
  for (const RequestRecord& r : server_->request_log().Records()) {
    operations.insert(r.operation);
    EXPECT_TRUE(r.signature_valid);
  }
  EXPECT_EQ(operations.size(), 26u);
}

TEST_F(ServerApiTest, WrongSecretIsRejectedAndChangesNothing) {
  uint64_t writes = server_->account().WriteCount();
  CallResult r = Call(port_, Encode(VaultNamed("vault-x")), {"test", "wrong", "", std::nullopt});
  ASSERT_TRUE(r.answered);
  EXPECT_EQ(r.response.status, 403);
  EXPECT_EQ(DecodeError(r.response).code, "InvalidSignatureException");
  EXPECT_FALSE(VaultExists(*server_, "vault-x"));
  EXPECT_EQ(server_->account().WriteCount(), writes);
  auto records = server_->request_log().Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].signature_valid);
  EXPECT_EQ(records[0].operation, "CreateBackupVault");
  EXPECT_EQ(records[0].status, 403);
  EXPECT_EQ(records[0].error_code, "InvalidSignatureException");
}

TEST_F(ServerApiTest, MissingAuthenticationIsRejected) {
  CallResult r = Call(port_, Encode(VaultNamed("vault-x")), Credentials{});
  ASSERT_TRUE(r.answered);
  EXPECT_EQ(r.response.status, 403);
  EXPECT_NE(DecodeError(r.response).code.find("MissingAuthenticationToken"), std::string::npos);
  EXPECT_FALSE(VaultExists(*server_, "vault-x"));
}

TEST_F(ServerApiTest, UnknownAccessKeyIsRejected) {
  CallResult r = Call(port_, Encode(VaultNamed("vault-x")), {"AKIDOTHER", "test", "", {}});
  ASSERT_TRUE(r.answered);
  EXPECT_EQ(r.response.status, 403);
  EXPECT_EQ(DecodeError(r.response).code, "UnrecognizedClientException");
  EXPECT_FALSE(VaultExists(*server_, "vault-x"));
}

TEST(ServerCredentialsTest, AcceptsEveryConfiguredCredential) {
  EmulatorOptions options;
  options.credentials = {{"AKIDONE", "secret-one", "", {}}, {"AKIDTWO", "secret-two", "", {}}};
  auto server = StartServer(options);
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(Call(server->port(), Encode(VaultNamed("v1")), {"AKIDONE", "secret-one", "", {}})
                .response.status,
            200);
  EXPECT_EQ(Call(server->port(), Encode(VaultNamed("v2")), {"AKIDTWO", "secret-two", "", {}})
                .response.status,
            200);
  EXPECT_EQ(Call(server->port(), Encode(VaultNamed("v3")), {"AKIDTWO", "secret-one", "", {}})
                .response.status,
            403);
  EXPECT_EQ(Call(server->port(), Encode(VaultNamed("v4"))).response.status, 403);  // test:test
  EXPECT_TRUE(VaultExists(*server, "v1"));
  EXPECT_TRUE(VaultExists(*server, "v2"));
  EXPECT_FALSE(VaultExists(*server, "v3"));
}

TEST_F(ServerApiTest, EveryResponseCarriesARequestId) {
  std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  CallResult ok = Call(port_, Encode(ListBackupVaultsInput{}));
  CallResult missing = Call(port_, Encode(DescribeBackupVaultInput{"nope"}));
  CallResult unsigned_call = Call(port_, Encode(ListBackupVaultsInput{}), Credentials{});
  for (CallResult* r : {&ok, &missing, &unsigned_call}) {
    ASSERT_TRUE(r->answered);
    EXPECT_TRUE(std::regex_match(r->response.headers["x-amzn-requestid"], uuid))
        << r->response.headers["x-amzn-requestid"];
  }
  EXPECT_NE(ok.response.headers["x-amzn-requestid"], missing.response.headers["x-amzn-requestid"]);
  EXPECT_EQ(missing.response.status, 400);
  EXPECT_EQ(DecodeError(missing.response).code, "ResourceNotFoundException");
}

TEST_F(ServerApiTest, UnknownRouteGetsTheAwsErrorShape) {
  HttpRequest req;
  req.method = "GET";
  req.path = "/no-such-route";
  CallResult r = Call(port_, req);
  ASSERT_TRUE(r.answered);
  EXPECT_GE(r.response.status, 400);
  EXPECT_FALSE(DecodeError(r.response).code.empty());
  auto records = server_->request_log().Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].operation, "");
}

TEST_F(ServerApiTest, KeepAliveServesManyCallsOnOneConnection) {
  auto client = NewClient(port_);
  for (int i = 0; i < 20; ++i) {
    CallResult r = Call(*client, port_, Encode(ListBackupVaultsInput{}));
    ASSERT_TRUE(r.answered) << httplib::to_string(r.error);
    EXPECT_EQ(r.response.status, 200);
  }
  EXPECT_EQ(server_->request_log().Count("ListBackupVaults"), 20u);
}

TEST(ServerPersistenceTest, StateSurvivesARestart) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("emulator-state-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  EmulatorOptions options;
  options.account.state_file = (dir / "state.json").string();
  {
    auto server = StartServer(options);
    ASSERT_NE(server, nullptr);
    ASSERT_TRUE(Api<CreateBackupVaultOutput>(server->port(), VaultNamed("kept")).ok());
    ASSERT_TRUE(server->Stop().ok());
  }
  {
    auto server = StartServer(options);
    ASSERT_NE(server, nullptr);
    auto described =
        Api<DescribeBackupVaultOutput>(server->port(), DescribeBackupVaultInput{"kept"});
    ASSERT_TRUE(described.ok()) << described.error().ToString();
    EXPECT_EQ(described.value().backup_vault_name, "kept");
  }
  std::filesystem::remove_all(dir);
}

TEST(ServerStartTest, ACorruptStateFileIsAnErrorAndIsKept) {
  std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("emulator-corrupt-" + std::to_string(getpid()));
  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    std::fputs("{not json", f);
    std::fclose(f);
  }
  EmulatorOptions options;
  options.port = 0;
  options.account.state_file = file.string();
  auto server = EmulatorServer::Start(options);
  EXPECT_FALSE(server.ok());
  EXPECT_EQ(std::filesystem::file_size(file), 9u);
  std::filesystem::remove(file);
}

TEST(ServerStartTest, APortInUseIsAnError) {
  auto first = StartServer();
  ASSERT_NE(first, nullptr);
  EmulatorOptions options;
  options.port = first->port();
  auto second = EmulatorServer::Start(options);
  EXPECT_FALSE(second.ok());
}

}  // namespace
}  // namespace backupctl::testing
