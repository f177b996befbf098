// What AwsBackupClient puts on the wire and how it reads errors back: signed
// requests a SigV4 verifier accepts, host and user agent, endpoint path
// prefixes, error kinds from the X-Amzn-ErrorType header versus the body,
// request ids, and access denied never read as not found.

#include <gtest/gtest.h>

#include "providers/sigv4/sigv4.h"
#include "tests/aws/client_test_server.h"
#include "tests/aws/client_test_support.h"

namespace backupctl {
namespace {

using testing::AwsError;
using testing::FakeClock;
using testing::JsonResponse;
using testing::kVaultListBody;
using testing::MakeClient;
using testing::ReceivedRequest;
using testing::ScriptedResponse;
using testing::ScriptedServer;
using testing::TestCredentials;
using testing::TestOptions;

SigV4Request AsSigned(const ReceivedRequest& r) {
  SigV4Request sig;
  sig.method = r.method;
  size_t q = r.target.find('?');
  sig.path = r.target.substr(0, q);
  sig.query = q == std::string::npos ? "" : r.target.substr(q + 1);
  for (const auto& [name, value] : r.headers) sig.headers.emplace_back(name, value);
  sig.body = r.body;
  return sig;
}

ScriptedServer::Handler Always(ScriptedResponse response) {
  return [response](const ReceivedRequest&, int) { return response; };
}

TEST(ClientWireTest, RequestsAreSignedForBackupAndVerify) {
  ScriptedServer server(Always(JsonResponse(200, "{}")));
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  TagResourceInput tag;
  tag.resource_arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:v1";
  tag.tags = {{"k", "v w"}};
  ASSERT_TRUE(client->TagResource(tag).ok());
  ListBackupPlansInput list;
  list.max_results = 2;
  list.next_token = "a/b+c=";
  list.include_deleted = true;
  ASSERT_TRUE(client->ListBackupPlans(list).ok());

  Credentials creds = TestCredentials();
  std::vector<ReceivedRequest> seen = server.received();
  ASSERT_EQ(seen.size(), 2u);
  for (const ReceivedRequest& r : seen) {
    std::string message;
    EXPECT_EQ(VerifyRequest(AsSigned(r), creds.access_key_id, creds.secret_access_key, &message),
              "")
        << message << " for " << r.method << " " << r.target;
    EXPECT_EQ(r.headers.at("host"), "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(r.headers.at("user-agent").rfind("backupctl", 0), 0u);
    EXPECT_EQ(r.headers.at("x-amz-security-token"), creds.session_token);
    EXPECT_NE(r.headers.at("authorization").find("/us-east-1/backup/aws4_request"),
              std::string::npos);
    EXPECT_EQ(r.headers.at("x-amz-date").size(), 16u);
  }
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target,
            "/tags/"
            "arn%3Aaws%3Abackup%3Aus-east-1%3A123456789012%3Abackup-vault%3Av1");
  EXPECT_EQ(seen[1].method, "GET");
  EXPECT_EQ(seen[1].target.rfind("/backup/plans/?", 0), 0u);
}

TEST(ClientWireTest, EndpointPathPrefixIsSentAndSigned) {
  ScriptedServer server(Always(JsonResponse(200, kVaultListBody)));
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url() + "/proxy/backup/", &clock));
  ASSERT_EQ(client->endpoint().path_prefix, "/proxy/backup");
  ASSERT_TRUE(client->ListBackupVaults({}).ok());
  ReceivedRequest r = server.received().at(0);
  EXPECT_EQ(r.target, "/proxy/backup/backup-vaults/");
  std::string message;
  Credentials creds = TestCredentials();
  EXPECT_EQ(VerifyRequest(AsSigned(r), creds.access_key_id, creds.secret_access_key, &message), "")
      << message;
}

TEST(ClientWireTest, InvalidInputIsRefusedBeforeSending) {
  ScriptedServer server(Always(JsonResponse(200, "{}")));
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  Outcome<DescribeBackupVaultOutput> out = client->DescribeBackupVault({""});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kMissingParameter);
  EXPECT_EQ(server.request_count(), 0);
}

TEST(ClientWireTest, ErrorCodeFromHeaderWinsOverBody) {
  ScriptedResponse r =
      JsonResponse(400, R"({"Code":"InvalidRequestException","Message":"gone"})",
                   {{"x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/"},
                    {"x-amzn-RequestId", "rid-42"}});
  ScriptedServer server(Always(r));
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  Outcome<DescribeBackupVaultOutput> out = client->DescribeBackupVault({"v1"});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(out.error().code, "ResourceNotFoundException");
  EXPECT_EQ(out.error().message, "gone");
  EXPECT_EQ(out.error().request_id, "rid-42");
  EXPECT_EQ(out.error().http_status, 400);
}

TEST(ClientWireTest, ErrorCodeFromBodyWithoutHeader) {
  struct Case {
    std::string body;
    ErrorKind kind;
  };
  const Case cases[] = {
      {R"({"__type":"com.amazonaws.backup#AlreadyExistsException","message":"m",)"
       R"("Arn":"arn:x","CreatorRequestId":"crid-1"})",
       ErrorKind::kAlreadyExists},
      {R"({"code":"InvalidParameterValueException","message":"m"})", ErrorKind::kInvalidParameter},
      {R"({"Code":"MissingParameterValueException","Message":"m"})", ErrorKind::kMissingParameter},
      {R"({"Code":"LimitExceededException","Message":"m"})", ErrorKind::kLimitExceeded},
      {R"({"Code":"InvalidRequestException","Message":"m"})", ErrorKind::kInvalidRequest},
  };
  for (const Case& c : cases) {
    ScriptedServer server(Always(JsonResponse(400, c.body)));
    FakeClock clock;
    auto client = MakeClient(TestOptions(server.url(), &clock));
    CreateBackupVaultInput in;
    in.backup_vault_name = "v1";
    in.creator_request_id = "crid-1";
    Outcome<CreateBackupVaultOutput> out = client->CreateBackupVault(in);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().kind, c.kind) << c.body;
    EXPECT_EQ(out.error().message, "m") << c.body;
    if (c.kind == ErrorKind::kAlreadyExists) {
      EXPECT_EQ(out.error().arn, "arn:x");
      EXPECT_EQ(out.error().creator_request_id, "crid-1");
    }
  }
}

TEST(ClientWireTest, AccessDeniedIsNeverNotFound) {
  for (int status : {400, 403, 404}) {
    ScriptedServer server(Always(AwsError(status, "AccessDeniedException", "no")));
    FakeClock clock;
    auto client = MakeClient(TestOptions(server.url(), &clock));
    Outcome<GetBackupVaultAccessPolicyOutput> out = client->GetBackupVaultAccessPolicy({"v1"});
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().kind, ErrorKind::kAccessDenied) << status;
    EXPECT_EQ(server.request_count(), 1);
  }
  // A signature the service rejects is access denied too, and not retried.
  ScriptedServer server(Always(AwsError(403, "InvalidSignatureException")));
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(server.request_count(), 1);
}

TEST(ClientWireTest, UnreadableSuccessBodyIsAnError) {
  ScriptedServer server(Always(JsonResponse(200, "{not json", {{"x-amzn-RequestId", "rid-7"}})));
  FakeClock clock;
  auto client = MakeClient(TestOptions(server.url(), &clock));
  Outcome<ListBackupVaultsOutput> out = client->ListBackupVaults({});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(out.error().request_id, "rid-7");
}

TEST(ClientWireTest, CreateNeedsARegion) {
  FakeClock clock;
  ClientOptions options = TestOptions("http://127.0.0.1:1", &clock);
  options.region.reset();
  Outcome<std::unique_ptr<AwsBackupClient>> client = AwsBackupClient::Create(options);
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.error().message.find("no AWS region"), std::string::npos);

  options = TestOptions("not a url", &clock);
  EXPECT_FALSE(AwsBackupClient::Create(options).ok());
}

}  // namespace
}  // namespace backupctl
