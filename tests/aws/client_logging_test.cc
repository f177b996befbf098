// What AwsBackupClient tells the outside world about its requests: the
// ApiObserver hears every attempt, debug logs carry operation, status,
// latency, attempt and request id, and no log line at any level (nor a
// returned error message) carries a credential or a signature.

#include <gtest/gtest.h>

#include "tests/aws/client_test_server.h"
#include "tests/aws/client_test_support.h"

namespace backupctl {
namespace {

using testing::AwsError;
using testing::FakeClock;
using testing::JsonResponse;
using testing::kVaultListBody;
using testing::LogCapture;
using testing::MakeClient;
using testing::RecordingObserver;
using testing::ScriptedResponse;
using testing::ScriptedServer;
using testing::TestCredentials;
using testing::TestOptions;

TEST(ClientLoggingTest, ObserverHearsEveryAttempt) {
  ScriptedServer server([](const testing::ReceivedRequest&, int index) {
    if (index < 2) return AwsError(400, "ThrottlingException");
    ScriptedResponse ok = JsonResponse(200, kVaultListBody);
    ok.headers.emplace_back("x-amzn-RequestId", "req-3");
    return ok;
  });
  FakeClock clock;
  RecordingObserver observer;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.observer = &observer;
  auto client = MakeClient(options);
  ASSERT_TRUE(client->ListBackupVaults({}).ok());

  std::vector<ApiCallRecord> records = observer.records();
  ASSERT_EQ(records.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(records[i].operation, "ListBackupVaults");
    EXPECT_EQ(records[i].attempt, i + 1);
    EXPECT_GE(records[i].seconds, 0);
  }
  EXPECT_EQ(records[0].http_status, 400);
  EXPECT_EQ(records[0].error_code, "ThrottlingException");
  EXPECT_EQ(records[2].http_status, 200);
  EXPECT_EQ(records[2].error_code, "");
}

TEST(ClientLoggingTest, ObserverHearsTransportFailures) {
  FakeClock clock;
  RecordingObserver observer;
  ClientOptions options =
      TestOptions("http://127.0.0.1:" + std::to_string(testing::UnusedPort()), &clock);
  options.observer = &observer;
  options.retry.max_attempts = 2;
  auto client = MakeClient(options);
  EXPECT_FALSE(client->GetBackupPlan({"plan-id", std::nullopt}).ok());
  std::vector<ApiCallRecord> records = observer.records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].operation, "GetBackupPlan");
  EXPECT_EQ(records[1].http_status, 0);
  EXPECT_FALSE(records[1].error_code.empty());
  EXPECT_EQ(records[1].attempt, 2);
}

TEST(ClientLoggingTest, DebugLinePerAttempt) {
  ScriptedServer server([](const testing::ReceivedRequest&, int index) {
    ScriptedResponse r = index == 0 ? AwsError(500, "ServiceUnavailableException")
                                    : JsonResponse(200, kVaultListBody);
    r.headers.emplace_back("x-amzn-RequestId", "rid-" + std::to_string(index));
    return r;
  });
  FakeClock clock;
  LogCapture capture;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  ASSERT_TRUE(client->ListBackupVaults({}).ok());
  std::string log = capture.text();
  EXPECT_NE(log.find("ListBackupVaults status=500 error=ServiceUnavailableException"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("attempt=1 request_id=rid-0"), std::string::npos) << log;
  EXPECT_NE(log.find("ListBackupVaults status=200"), std::string::npos) << log;
  EXPECT_NE(log.find("attempt=2 request_id=rid-1"), std::string::npos) << log;
  EXPECT_NE(log.find("latency_ms="), std::string::npos) << log;
}

// The server echoes the request's credentials back in its error messages,
// as some AWS services do with the canonical request on a signature error.
ScriptedResponse EchoCredentials(const testing::ReceivedRequest& request, int code_index) {
  static const char* kCodes[] = {"ThrottlingException", "InvalidSignatureException",
                                 "ServiceUnavailableException", "AccessDeniedException"};
  std::string echoed = "token=" + request.headers.at("x-amz-security-token") +
                       " auth=" + request.headers.at("authorization");
  return AwsError(code_index == 2 ? 500 : 400, kCodes[code_index % 4], echoed);
}

TEST(ClientLoggingTest, NoSecretInAnyLogLineOrErrorMessage) {
  ScriptedServer server([](const testing::ReceivedRequest& request, int index) {
    if (request.method == "GET" && index % 3 == 2) {
      ScriptedResponse ok = JsonResponse(200, kVaultListBody);
      ok.headers.emplace_back("x-amzn-RequestId", "rid");
      return ok;
    }
    return EchoCredentials(request, index % 4);
  });
  FakeClock clock;
  LogCapture capture;
  ClientOptions options = TestOptions(server.url(), &clock);
  options.retry.max_attempts = 3;
  auto client = MakeClient(options);
  std::vector<std::string> messages;
  for (int i = 0; i < 4; ++i) {
    Outcome<ListBackupVaultsOutput> list = client->ListBackupVaults({});
    if (!list.ok()) messages.push_back(list.error().ToString());
    CreateBackupVaultInput create;
    create.backup_vault_name = "secret-check";
    create.backup_vault_tags = {{"team", "infra"}};
    Outcome<CreateBackupVaultOutput> made = client->CreateBackupVault(create);
    if (!made.ok()) messages.push_back(made.error().ToString());
    Outcome<GetBackupVaultAccessPolicyOutput> policy = client->GetBackupVaultAccessPolicy({"v"});
    if (!policy.ok()) messages.push_back(policy.error().ToString());
  }
  ASSERT_FALSE(messages.empty());
  std::string log = capture.text();
  ASSERT_FALSE(log.empty());
  EXPECT_NE(log.find("CreateBackupVault"),
            std::string::npos);  // trace and debug lines exist
  EXPECT_NE(log.find("PUT /backup-vaults/secret-check"), std::string::npos);

  Credentials creds = TestCredentials();
  EXPECT_EQ(log.find(creds.secret_access_key), std::string::npos);
  EXPECT_EQ(log.find(creds.session_token), std::string::npos);
  EXPECT_EQ(log.find("Signature="), std::string::npos);
  EXPECT_EQ(log.find("AWS4-HMAC-SHA256"), std::string::npos);
  for (const std::string& message : messages) {
    EXPECT_EQ(message.find(creds.secret_access_key), std::string::npos) << message;
    EXPECT_EQ(message.find(creds.session_token), std::string::npos) << message;
    size_t at = message.find("Signature=");
    ASSERT_NE(at, std::string::npos) << message;                      // the echo arrived...
    EXPECT_EQ(message.substr(at + 10, 10), "[redacted]") << message;  // ...without the signature
  }
}

}  // namespace
}  // namespace backupctl
