// AwsBackupClient's retries against a scripted loopback server: what is
// retried (throttling, 5xx, resets, refused connections, timeouts), what is
// not, and the limits (max attempts, retry quota), with recorded backoffs.

#include <gtest/gtest.h>

#include "tests/aws/client_test_server.h"
#include "tests/aws/client_test_support.h"

namespace backupctl {
namespace {

using testing::AwsError;
using testing::FakeClock;
using testing::JsonResponse;
using testing::kVaultListBody;
using testing::MakeClient;
using testing::ScriptedResponse;
using testing::ScriptedServer;
using testing::TestOptions;

// The first `failures` requests get `failure`, the rest the vault list.
ScriptedServer::Handler FailFirst(int failures, ScriptedResponse failure) {
  return [failures, failure](const testing::ReceivedRequest&, int index) {
    return index < failures ? failure : JsonResponse(200, kVaultListBody);
  };
}

TEST(ClientRetryTest, ThrottlingThenSuccessTakesExactlyNPlusOneAttempts) {
  ScriptedServer server(FailFirst(3, AwsError(400, "ThrottlingException", "Rate exceeded")));
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.retry.adaptive = false;
  auto client = MakeClient(options);
  ASSERT_NE(client, nullptr);

  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(out.value().backup_vault_list.size(), 1u);
  EXPECT_EQ(out.value().backup_vault_list[0].backup_vault_name, "v1");
  EXPECT_EQ(server.request_count(), 4);
  EXPECT_EQ(client->stats().attempts, 4);
  EXPECT_EQ(client->stats().retries, 3);
  // Full jitter with the draw fixed at 0.5: base * 2^retry * 0.5.
  std::vector<double> sleeps = clock.sleeps();
  ASSERT_EQ(sleeps.size(), 3u);
  EXPECT_DOUBLE_EQ(sleeps[0], 0.005);
  EXPECT_DOUBLE_EQ(sleeps[1], 0.01);
  EXPECT_DOUBLE_EQ(sleeps[2], 0.02);
  // Three retries took 5 each; the success refunds its last retry's cost.
  EXPECT_EQ(client->stats().retry_quota_available, 500 - 15 + 5);
}

TEST(ClientRetryTest, BackoffIsCappedAtMaxBackoff) {
  ScriptedServer server(FailFirst(4, AwsError(400, "ThrottlingException")));
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.retry.adaptive = false;
  options.retry.max_backoff_seconds = 0.015;
  options.uniform01 = [] { return 0.999; };
  auto client = MakeClient(options);
  ASSERT_TRUE(client->ListBackupVaults({}).ok());
  for (double s : clock.sleeps()) EXPECT_LE(s, 0.015);
  EXPECT_DOUBLE_EQ(clock.sleeps().back(), 0.015 * 0.999);
}

TEST(ClientRetryTest, ServerErrorsThenSuccess) {
  ScriptedServer server([](const testing::ReceivedRequest&, int index) {
    if (index == 0) return AwsError(500, "ServiceUnavailableException");
    if (index == 1) return AwsError(503, "ServiceUnavailable");
    if (index == 2) {  // a load balancer's 502 with an HTML body
      ScriptedResponse r;
      r.status = 502;
      r.body = "<html>Bad Gateway</html>";
      r.headers = {{"Content-Type", "text/html"}};
      return r;
    }
    return JsonResponse(200, kVaultListBody);
  });
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(server.request_count(), 4);
  EXPECT_FALSE(client->stats().rate_limited);  // 5xx is not throttling
}

TEST(ClientRetryTest, ConnectionResetThenSuccess) {
  ScriptedResponse reset;
  reset.reset = true;
  // Without keep-alive every attempt is a fresh connection, so libcurl's own
  // replay of a dead reused connection cannot hide or add attempts.
  ScriptedServer server(FailFirst(2, reset), /*keep_alive=*/false);
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(server.request_count(), 3);
  EXPECT_EQ(client->stats().attempts, 3);
}

TEST(ClientRetryTest, ResetEveryTimeGivesUpAsTransportError) {
  ScriptedResponse reset;
  reset.reset = true;
  ScriptedServer server([reset](const testing::ReceivedRequest&, int) { return reset; },
                        /*keep_alive=*/false);
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.retry.max_attempts = 3;
  auto client = MakeClient(options);
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(out.error().http_status, 0);
  EXPECT_EQ(server.request_count(), 3);
}

TEST(ClientRetryTest, ConnectionRefusedIsRetriedThenReported) {
  FakeClock clock;
  ClientOptions options =
      TestOptions("http://127.0.0.1:" + std::to_string(testing::UnusedPort()), &clock);
  options.retry.max_attempts = 4;
  auto client = MakeClient(options);
  Outcome<DescribeBackupVaultOutput> out = client->DescribeBackupVault({"v1"});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(client->stats().attempts, 4);
  EXPECT_EQ(clock.sleeps().size(), 3u);
}

TEST(ClientRetryTest, NonRetryableErrorIsTriedOnce) {
  ScriptedServer server(FailFirst(100, AwsError(400, "InvalidParameterValueException", "bad")));
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kInvalidParameter);
  EXPECT_EQ(out.error().code, "InvalidParameterValueException");
  EXPECT_EQ(out.error().message, "bad");
  EXPECT_EQ(server.request_count(), 1);
  EXPECT_TRUE(clock.sleeps().empty());
}

TEST(ClientRetryTest, NoRetryForAnyNonRetryableKind) {
  for (const char* code :
       {"ResourceNotFoundException", "AlreadyExistsException", "MissingParameterValueException",
        "InvalidRequestException", "AccessDeniedException", "LimitExceededException"}) {
    ScriptedServer server(FailFirst(100, AwsError(400, code)));
    FakeClock clock;
    auto client = MakeClient(TestOptions(server.url(), &clock));
    EXPECT_FALSE(client->ListBackupVaults({}).ok());
    EXPECT_EQ(server.request_count(), 1) << code;
  }
}

TEST(ClientRetryTest, MaxAttemptsHonoured) {
  ScriptedServer server(FailFirst(100, AwsError(400, "ThrottlingException")));
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.retry.max_attempts = 3;
  options.retry.adaptive = false;
  auto client = MakeClient(options);
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kThrottling);
  EXPECT_EQ(server.request_count(), 3);
}

TEST(ClientRetryTest, DefaultIsFiveAttemptsAndOneMeansNoRetry) {
  ScriptedServer server(FailFirst(100, AwsError(503, "ServiceUnavailable")));
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  EXPECT_EQ(options.retry.max_attempts, 5);
  auto client = MakeClient(options);
  EXPECT_FALSE(client->ListBackupVaults({}).ok());
  EXPECT_EQ(server.request_count(), 5);

  options.retry.max_attempts = 1;
  auto once = MakeClient(options);
  EXPECT_FALSE(once->ListBackupVaults({}).ok());
  EXPECT_EQ(server.request_count(), 6);
}

TEST(ClientRetryTest, RetryQuotaExhaustionStopsRetrying) {
  ScriptedServer server(FailFirst(1000, AwsError(500, "ServiceUnavailableException")));
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.retry.max_attempts = 10;
  options.retry.quota_capacity = 12;  // two retries at 5 each, then nothing
  auto client = MakeClient(options);
  EXPECT_FALSE(client->ListBackupVaults({}).ok());
  EXPECT_EQ(server.request_count(), 3);
  EXPECT_EQ(client->stats().retry_quota_available, 2);
  EXPECT_FALSE(client->ListBackupVaults({}).ok());
  EXPECT_EQ(server.request_count(), 4);  // no budget left: one attempt, no retry
}

TEST(ClientRetryTest, TimeoutsAreRetriedAndCostMoreQuota) {
  ScriptedResponse slow = JsonResponse(200, kVaultListBody);
  slow.delay_seconds = 1.0;
  ScriptedServer server(FailFirst(100, slow));
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.transport.total_timeout_ms = 150;
  options.retry.max_attempts = 2;
  auto client = MakeClient(options);
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(client->stats().attempts, 2);
  EXPECT_EQ(client->stats().retry_quota_available, 490);
}

TEST(ClientRetryTest, AdaptiveModeLimitsTheRateAfterThrottling) {
  ScriptedServer server(FailFirst(2, AwsError(400, "ThrottlingException")));
  FakeClock clock;
  ClientOptions options = TestOptions(server.url(), &clock);
  auto client = MakeClient(options);
  EXPECT_FALSE(client->stats().rate_limited);
  ASSERT_TRUE(client->ListBackupVaults({}).ok());
  EXPECT_TRUE(client->stats().rate_limited);
  // Each attempt after the first throttle first took a token from the bucket;
  // the bucket starts nearly empty, so at least one of them had to wait
  // (recorded as a sleep longer than any backoff here).
  int rate_waits = 0;
  for (double s : clock.sleeps()) rate_waits += s > options.retry.max_backoff_seconds ? 1 : 0;
  EXPECT_GE(rate_waits, 1);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(client->ListBackupVaults({}).ok());
  EXPECT_EQ(server.request_count(), 8);
}

}  // namespace
}  // namespace backupctl
