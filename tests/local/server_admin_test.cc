// The emulator's admin endpoint (/_emulator/...): run-time fault settings,
// the request log and stats, seeding, denials, the clock and the state dump.

#include "tests/local/server_harness.h"

namespace backupctl::testing {
namespace {

class ServerAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = StartServer();
    ASSERT_NE(server_, nullptr);
    port_ = server_->port();
  }
  std::unique_ptr<EmulatorServer> server_;
  int port_ = 0;
};

TEST_F(ServerAdminTest, HealthNamesTheAccount) {
  int status = 0;
  auto health = Admin(port_, "GET", "health", nullptr, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["account_id"], "123456789012");
  EXPECT_EQ(health["region"], "us-east-1");
}

TEST_F(ServerAdminTest, ConfigChangesFaultsAtRunTime) {
  EXPECT_EQ(Call(port_, Encode(VaultNamed("before"))).response.status, 200);
  int status = 0;
  auto config = Admin(port_, "PUT", "config",
                      {{"fault_rate", 1.0}, {"faults", {"throttle"}}, {"seed", 9}}, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(config["fault_rate"], 1.0);
  EXPECT_EQ(config["faults"], nlohmann::json({"throttle"}));
  EXPECT_EQ(Admin(port_, "GET", "config")["seed"], 9);

  CallResult r = Call(port_, Encode(VaultNamed("during")));
  EXPECT_EQ(DecodeError(r.response).code, "ThrottlingException");
  EXPECT_FALSE(VaultExists(*server_, "during"));
  // Admin routes are never faulted.
  Admin(port_, "GET", "health", nullptr, &status);
  EXPECT_EQ(status, 200);

  Admin(port_, "PUT", "config", {{"fault_rate", 0}}, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Call(port_, Encode(VaultNamed("after"))).response.status, 200);
}

TEST_F(ServerAdminTest, InvalidConfigIsRejectedAndChangesNothing) {
  auto before = Admin(port_, "GET", "config");
  int status = 0;
  auto error =
      Admin(port_, "PUT", "config", {{"fault_rate", 0.5}, {"faults", {"explode"}}}, &status);
  EXPECT_EQ(status, 400);
  EXPECT_NE(error["message"].get<std::string>().find("explode"), std::string::npos);
  Admin(port_, "PUT", "config", {{"fault_rate", 2}}, &status);
  EXPECT_EQ(status, 400);
  Admin(port_, "PUT", "config", {{"no_such_setting", 1}}, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Admin(port_, "GET", "config"), before);
}

TEST_F(ServerAdminTest, RequestLogAndStatsCountApiCallsOnly) {
  Call(port_, Encode(VaultNamed("v1")));
  Call(port_, Encode(VaultNamed("v1")));  // AlreadyExistsException
  Call(port_, Encode(ListBackupVaultsInput{}), {"test", "wrong", "", {}});
  Admin(port_, "GET", "health");

  auto log = Admin(port_, "GET", "requests")["requests"];
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0]["seq"], 1);
  EXPECT_EQ(log[0]["operation"], "CreateBackupVault");
  EXPECT_EQ(log[0]["status"], 200);
  EXPECT_EQ(log[1]["error_code"], "AlreadyExistsException");
  EXPECT_EQ(log[2]["signature_valid"], false);
  EXPECT_EQ(log[2]["status"], 403);

  auto stats = Admin(port_, "GET", "stats");
  EXPECT_EQ(stats["total"], 3);
  EXPECT_EQ(stats["by_operation"]["CreateBackupVault"]["200"], 1);
  EXPECT_EQ(stats["by_operation"]["CreateBackupVault"]["400"], 1);
  EXPECT_EQ(stats["invalid_signatures"], 1);

  int status = 0;
  Admin(port_, "DELETE", "requests", nullptr, &status);
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(Admin(port_, "GET", "requests")["requests"].empty());
  EXPECT_EQ(Admin(port_, "GET", "stats")["total"], 0);
}

TEST_F(ServerAdminTest, SeedsRecoveryPointsIntoAnExistingVault) {
  int status = 0;
  Admin(port_, "POST", "recovery-points", {{"vault", "missing"}, {"count", 2}}, &status);
  EXPECT_EQ(status, 400);
  ASSERT_EQ(Call(port_, Encode(VaultNamed("full"))).response.status, 200);
  auto seeded = Admin(port_, "POST", "recovery-points", {{"vault", "full"}, {"count", 2}}, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(seeded["RecoveryPointArns"].size(), 2u);
  Admin(port_, "POST", "recovery-points", {{"vault", "full"}, {"count", "two"}}, &status);
  EXPECT_EQ(status, 400);
  auto blocked = Call(port_, Encode(DeleteBackupVaultInput{"full"}));
  EXPECT_EQ(DecodeError(blocked.response).code, "InvalidRequestException");
}

TEST_F(ServerAdminTest, DenyMakesAnOperationFailWithAccessDenied) {
  ASSERT_EQ(Call(port_, Encode(VaultNamed("guarded"))).response.status, 200);
  int status = 0;
  Admin(port_, "POST", "deny", {{"operation", "DescribeBackupVault"}, {"resource", "guarded"}},
        &status);
  EXPECT_EQ(status, 200);
  CallResult denied = Call(port_, Encode(DescribeBackupVaultInput{"guarded"}));
  EXPECT_EQ(DecodeError(denied.response).code, "AccessDeniedException");
  Admin(port_, "DELETE", "deny", nullptr, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(Call(port_, Encode(DescribeBackupVaultInput{"guarded"})).response.status, 200);
  Admin(port_, "POST", "deny", {{"resource", "guarded"}}, &status);
  EXPECT_EQ(status, 400);
}

TEST_F(ServerAdminTest, ClockAdvances) {
  double before = Admin(port_, "GET", "clock")["now"].get<double>();
  int status = 0;
  auto after = Admin(port_, "POST", "clock", {{"advance_seconds", 86400}}, &status);
  EXPECT_EQ(status, 200);
  EXPECT_GE(after["now"].get<double>(), before + 86400);
  Admin(port_, "POST", "clock", {{"advance_seconds", -1}}, &status);
  EXPECT_EQ(status, 400);
}

TEST_F(ServerAdminTest, StateDumpShowsTheAccountWithoutItsTokenSecret) {
  ASSERT_EQ(Call(port_, Encode(VaultNamed("dumped"))).response.status, 200);
  auto state = Admin(port_, "GET", "state");
  EXPECT_EQ(state["AccountId"], "123456789012");
  EXPECT_TRUE(state.contains("Vaults"));
  EXPECT_FALSE(state.contains("TokenSecret"));
  EXPECT_NE(state.dump().find("dumped"), std::string::npos);
}

TEST_F(ServerAdminTest, UnknownRoutesAndMethodsAndBadBodies) {
  int status = 0;
  Admin(port_, "GET", "nope", nullptr, &status);
  EXPECT_EQ(status, 404);
  Admin(port_, "POST", "health", nlohmann::json::object(), &status);
  EXPECT_EQ(status, 405);
  httplib::Client client("127.0.0.1", port_);
  auto res = client.Put("/_emulator/config", "{not json", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

}  // namespace
}  // namespace backupctl::testing
