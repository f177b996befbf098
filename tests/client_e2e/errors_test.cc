// Every error category the emulator server can produce reaches the caller of
// AwsBackupClient with its typed kind, and injected faults (throttling, 5xx,
// resets, a create whose response was lost) are seen with retries off and
// absorbed with retries on.

#include <gtest/gtest.h>

#include "tests/client_e2e/emulator_fixture.h"

namespace backupctl {
namespace {

using testing::E2eCredentials;
using testing::E2eOptions;
using testing::EmulatorTest;

class ErrorsTest : public EmulatorTest {
 protected:
  std::unique_ptr<AwsBackupClient> ClientWithAttempts(int max_attempts, bool adaptive = false) {
    ClientOptions options = E2eOptions(server_->url());
    options.retry.max_attempts = max_attempts;
    options.retry.adaptive = adaptive;
    return NewClient(options);
  }
  size_t Sent(const std::string& operation) { return server_->request_log().Count(operation); }
};

TEST_F(ErrorsTest, NotFound) {
  Outcome<DescribeBackupVaultOutput> out = client_->DescribeBackupVault({"missing"});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(out.error().code, "ResourceNotFoundException");
  EXPECT_FALSE(out.error().request_id.empty());
  EXPECT_EQ(Sent("DescribeBackupVault"), 1u);
  Outcome<GetBackupPlanOutput> plan = client_->GetBackupPlan({"no-such-plan", std::nullopt});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().kind, ErrorKind::kNotFound);
}

TEST_F(ErrorsTest, AlreadyExistsCarriesTheExistingResource) {
  ASSERT_TRUE(client_->CreateBackupVault({"taken", {}, {}, std::string("first")}).ok());
  Outcome<CreateBackupVaultOutput> again =
      client_->CreateBackupVault({"taken", {}, {}, std::string("second")});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kAlreadyExists);
  EXPECT_EQ(again.error().arn, "arn:aws:backup:us-east-1:123456789012:backup-vault:taken");
  EXPECT_EQ(again.error().creator_request_id, "first");
  EXPECT_EQ(Sent("CreateBackupVault"), 2u);  // never retried
}

TEST_F(ErrorsTest, InvalidParameter) {
  Outcome<CreateBackupVaultOutput> out = client_->CreateBackupVault({"bad name!", {}, {}, {}});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kInvalidParameter);
  EXPECT_EQ(out.error().code, "InvalidParameterValueException");
  ListBackupVaultsInput list;
  list.max_results = 5000;
  EXPECT_EQ(client_->ListBackupVaults(list).error().kind, ErrorKind::kInvalidParameter);
}

TEST_F(ErrorsTest, MissingParameter) {
  Outcome<CreateBackupVaultOutput> made = client_->CreateBackupVault({"tags", {}, {}, {}});
  ASSERT_TRUE(made.ok());
  EmptyOutcome out = client_->UntagResource({made.value().backup_vault_arn, {}});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kMissingParameter);
  EXPECT_EQ(out.error().code, "MissingParameterValueException");
}

TEST_F(ErrorsTest, InvalidRequest) {
  ASSERT_TRUE(client_->CreateBackupVault({"nonempty", {}, {}, {}}).ok());
  ASSERT_TRUE(server_->account().SeedRecoveryPoints("nonempty", 1).ok());
  EmptyOutcome out = client_->DeleteBackupVault({"nonempty"});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kInvalidRequest);
  EXPECT_EQ(Sent("DeleteBackupVault"), 1u);
}

TEST_F(ErrorsTest, AccessDeniedIsNotNotFound) {
  ASSERT_TRUE(client_->CreateBackupVault({"private", {}, {}, {}}).ok());
  server_->account().DenyOperation("DescribeBackupVault", "private");
  Outcome<DescribeBackupVaultOutput> out = client_->DescribeBackupVault({"private"});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(out.error().code, "AccessDeniedException");
  EXPECT_EQ(Sent("DescribeBackupVault"), 1u);
  // Denied on a vault that does not exist either: still access denied.
  server_->account().DenyOperation("GetBackupVaultAccessPolicy", "");
  EXPECT_EQ(client_->GetBackupVaultAccessPolicy({"nowhere"}).error().kind,
            ErrorKind::kAccessDenied);
}

TEST_F(ErrorsTest, WrongSecretIsAccessDeniedAndNotRetried) {
  ClientOptions options = E2eOptions(server_->url());
  Credentials wrong = E2eCredentials();
  wrong.secret_access_key = "not-the-secret-the-server-knows";
  options.credentials = StaticCredentials(wrong);
  auto client = NewClient(options);
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(out.error().code, "InvalidSignatureException");
  EXPECT_EQ(out.error().http_status, 403);
  EXPECT_EQ(Sent("ListBackupVaults"), 1u);
  EXPECT_EQ(out.error().message.find(wrong.secret_access_key), std::string::npos);

  Credentials unknown = E2eCredentials();
  unknown.access_key_id = "AKIDNOBODYKNOWS";
  options.credentials = StaticCredentials(unknown);
  out = NewClient(options)->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(out.error().code, "UnrecognizedClientException");
}

TEST_F(ErrorsTest, ThrottlingSeenWithoutRetriesAbsorbedWithThem) {
  SetFaults(1.0, {FaultKind::kThrottle});
  Outcome<ListBackupVaultsOutput> out = ClientWithAttempts(1)->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kThrottling);
  EXPECT_EQ(out.error().code, "ThrottlingException");
  EXPECT_EQ(Sent("ListBackupVaults"), 1u);

  SetFaults(0.3, {FaultKind::kThrottle});
  auto client = ClientWithAttempts(8);
  for (int i = 0; i < 20; ++i) {
    Outcome<ListBackupVaultsOutput> page = client->ListBackupVaults({});
    ASSERT_TRUE(page.ok()) << page.error().ToString();
  }
  EXPECT_GT(client->stats().retries, 0);
  EXPECT_EQ(static_cast<long long>(Sent("ListBackupVaults")), 21 + client->stats().retries);
}

TEST_F(ErrorsTest, AdaptiveModeTurnsOnWhenThrottled) {
  SetFaults(0.3, {FaultKind::kThrottle});
  ClientOptions options = E2eOptions(server_->url());
  options.retry.max_attempts = 8;
  options.retry.adaptive = true;
  std::vector<double> waits;
  options.clock.sleep = [&waits](double s) { waits.push_back(s); };  // record, don't wait
  auto client = NewClient(options);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client->ListBackupVaults({}).ok());
  EXPECT_TRUE(client->stats().rate_limited);
  EXPECT_GT(client->stats().retries, 0);
}

TEST_F(ErrorsTest, ServiceUnavailableSeenWithoutRetriesAbsorbedWithThem) {
  SetFaults(1.0, {FaultKind::kServerError});
  auto once = ClientWithAttempts(1);
  Outcome<ListBackupPlansOutput> first = once->ListBackupPlans({});
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().kind, ErrorKind::kServiceUnavailable);
  EXPECT_EQ(first.error().http_status, 500);
  Outcome<ListBackupPlansOutput> second = once->ListBackupPlans({});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::kServiceUnavailable);
  EXPECT_EQ(second.error().http_status, 503);

  SetFaults(0.3, {FaultKind::kServerError});
  auto client = ClientWithAttempts(8);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(client->ListBackupPlans({}).ok());
  EXPECT_GT(client->stats().retries, 0);
}

TEST_F(ErrorsTest, ResetSeenWithoutRetriesAbsorbedWithThem) {
  SetFaults(1.0, {FaultKind::kReset});
  Outcome<ListBackupVaultsOutput> out = ClientWithAttempts(1)->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(out.error().http_status, 0);

  SetFaults(0.3, {FaultKind::kReset});
  auto client = ClientWithAttempts(8);
  for (int i = 0; i < 20; ++i) {
    Outcome<ListBackupVaultsOutput> page = client->ListBackupVaults({});
    ASSERT_TRUE(page.ok()) << page.error().ToString();
  }
  EXPECT_GT(client->stats().retries, 0);
}

TEST_F(ErrorsTest, LimitExceededAtTheVaultAndSelectionQuotas) {
  EmulatorOptions options;
  options.credentials = {E2eCredentials()};
  options.account.quotas.vaults = 2;
  options.account.quotas.selections_per_plan = 1;
  auto server = EmulatorServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.error().ToString();
  auto client = NewClient(E2eOptions(server.value()->url()));
  ASSERT_TRUE(client->CreateBackupVault({"one", {}, {}, {}}).ok());
  ASSERT_TRUE(client->CreateBackupVault({"two", {}, {}, {}}).ok());
  Outcome<CreateBackupVaultOutput> third = client->CreateBackupVault({"three", {}, {}, {}});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, ErrorKind::kLimitExceeded);
  EXPECT_EQ(third.error().code, "LimitExceededException");
  EXPECT_EQ(server.value()->request_log().Count("CreateBackupVault"), 3u);  // never retried

  CreateBackupPlanInput plan;
  plan.backup_plan = testing::SamplePlan("quota", "one");
  Outcome<CreateBackupPlanOutput> made = client->CreateBackupPlan(plan);
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  const std::string id = made.value().backup_plan_id;
  ASSERT_TRUE(client->CreateBackupSelection({id, testing::SampleSelection("a"), {}}).ok());
  Outcome<CreateBackupSelectionOutput> second =
      client->CreateBackupSelection({id, testing::SampleSelection("b"), {}});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::kLimitExceeded);
}

TEST_F(ErrorsTest, DependencyFailureSeenWithoutRetriesAbsorbedWithThem) {
  SetFaults(1.0, {FaultKind::kDependencyFailure});
  Outcome<ListBackupVaultsOutput> out = ClientWithAttempts(1)->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kDependencyFailure);
  EXPECT_EQ(out.error().code, "DependencyFailureException");
  EXPECT_EQ(out.error().http_status, 500);

  SetFaults(0.3, {FaultKind::kDependencyFailure});
  auto client = ClientWithAttempts(8);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(client->ListBackupVaults({}).ok());
  EXPECT_GT(client->stats().retries, 0);
}

// The response to a create is lost after the service made the vault. The
// client retries; the CreatorRequestId the caller sent makes the retry find
// its own vault instead of failing or making a second one.
TEST_F(ErrorsTest, LostCreateResponseIsSafeWithCreatorRequestId) {
  FaultConfig config = server_->faults().config();
  config.fault_rate = 1.0;
  config.kinds = {FaultKind::kDropAfterCommit};
  config.fault_ops = {"CreateBackupVault"};
  server_->faults().SetConfig(config, true);
  auto client = ClientWithAttempts(2);
  Outcome<CreateBackupVaultOutput> lost =
      client->CreateBackupVault({"made-once", {}, {}, std::string("crid-made-once")});
  ASSERT_FALSE(lost.ok());  // both attempts dropped: the caller sees a transport error...
  EXPECT_EQ(lost.error().kind, ErrorKind::kTransport);

  config.fault_rate = 0;
  server_->faults().SetConfig(config, true);
  Outcome<CreateBackupVaultOutput> retried =
      client->CreateBackupVault({"made-once", {}, {}, std::string("crid-made-once")});
  ASSERT_TRUE(retried.ok()) << retried.error().ToString();  // ...and a retry finds its vault
  EXPECT_EQ(retried.value().backup_vault_name, "made-once");
  Outcome<ListBackupVaultsOutput> all = client->ListBackupVaults({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value().backup_vault_list.size(), 1u);
}

}  // namespace
}  // namespace backupctl
