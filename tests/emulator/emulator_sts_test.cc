// The emulator's STS endpoint and the client's AssumeRole credentials, end to
// end: AssumeRole answers in STS's XML, its temporary credentials act in the
// role's account, session tokens are checked, expired credentials get
// ExpiredTokenException, an ExternalId condition gets AccessDenied, and
// AssumeRoleCredentials (providers/aws) assumes, caches and refreshes on an
// injected clock without ever logging a secret.

#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "providers/aws/assume_role_credentials.h"
#include "providers/aws/client.h"
#include "providers/aws/sts.h"
#include "tests/local/server_harness.h"
#include "tests/support/fast_client.h"

namespace backupctl::testing {
namespace {

constexpr char kBaseAccount[] = "333333333333";
constexpr char kRoleAccount[] = "444455556666";
constexpr char kRole[] = "arn:aws:iam::444455556666:role/backup";
constexpr char kBaseSecret[] = "base-secret-never-logged";

Credentials Base() { return {"AKIDBASE", kBaseSecret, "", std::nullopt}; }

EmulatorOptions StsOptions() {
  EmulatorOptions options;
  options.credentials = {{"test", "test", "", std::nullopt}, Base()};
  options.key_accounts = {{"AKIDBASE", kBaseAccount}};
  options.regions = {"eu-west-1"};
  return options;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A Query-protocol call to the emulator's STS, signed for service "sts".
HttpResponse Sts(const EmulatorServer& server, const std::string& form, const Credentials& creds,
                 const std::string& region = "us-east-1") {
  std::string host = "127.0.0.1:" + std::to_string(server.port());
  SigV4Request s{"POST",
                 "/",
                 "",
                 {{"host", host}, {"content-type", "application/x-www-form-urlencoded"}},
                 form};
  SigV4Options options;
  options.region = region;
  options.service = "sts";
  if (!creds.empty()) SignRequest(&s, creds, options);
  httplib::Client client("127.0.0.1", server.port());
  httplib::Headers headers;
  for (const auto& [name, value] : s.headers) {
    if (name != "host" && name != "content-type") headers.emplace(name, value);
  }
  auto res = client.Post("/", headers, form, "application/x-www-form-urlencoded");
  HttpResponse out;
  if (!res) return out;
  out.status = res->status;
  out.body = res->body;
  return out;
}

std::string AssumeForm(const std::string& role, const std::string& session,
                       const std::string& extra = "") {
  return "Action=AssumeRole&Version=2011-06-15&RoleArn=" + UriEncode(role) +
         "&RoleSessionName=" + session + extra;
}

Credentials Assume(const EmulatorServer& server, const std::string& extra = "") {
  HttpResponse resp = Sts(server, AssumeForm(kRole, "s1", extra), Base());
  EXPECT_EQ(resp.status, 200) << resp.body;
  auto creds = ParseStsResponse(resp, "AssumeRole");
  EXPECT_TRUE(creds.ok()) << (creds.ok() ? "" : creds.error().ToString());
  return creds.ok() ? creds.value() : Credentials{};
}

std::unique_ptr<AwsBackupClient> Client(const EmulatorServer& server,
                                        std::shared_ptr<CredentialsProvider> provider,
                                        const std::string& region = "us-east-1") {
  ClientOptions options = FastClientOptions(server.url(), {});
  options.region = region;
  options.credentials = std::move(provider);
  options.retry.max_attempts = 1;
  auto client = AwsBackupClient::Create(options);
  EXPECT_TRUE(client.ok());
  return client.ok() ? std::move(client.value()) : nullptr;
}

Outcome<CreateBackupVaultOutput> CreateVault(BackupApi& api, const std::string& name) {
  return api.CreateBackupVault(VaultNamed(name));
}

// An STS error in AWS's shape, with the given code.
void ExpectStsError(const HttpResponse& resp, int status, const std::string& code) {
  EXPECT_EQ(resp.status, status) << resp.body;
  EXPECT_TRUE(
      Contains(resp.body, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"))
      << resp.body;
  EXPECT_TRUE(Contains(resp.body, "<Code>" + code + "</Code>")) << resp.body;
  EXPECT_TRUE(Contains(resp.body, "<Type>Sender</Type>")) << resp.body;
  EXPECT_TRUE(Contains(resp.body, "<RequestId>")) << resp.body;
}

TEST(EmulatorStsTest, AssumeRoleAnswersAsStsAndActsInTheRolesAccount) {
  auto server = StartServer(StsOptions());
  ASSERT_NE(server, nullptr);
  HttpResponse resp = Sts(*server, AssumeForm(kRole, "nightly", "&DurationSeconds=900"), Base());
  ASSERT_EQ(resp.status, 200) << resp.body;
  const std::string& xml = resp.body;
  EXPECT_TRUE(
      Contains(xml, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"))
      << xml;
  EXPECT_TRUE(Contains(xml, "<AssumeRoleResult>")) << xml;
  EXPECT_TRUE(Contains(xml, "<Arn>arn:aws:sts::444455556666:assumed-role/backup/nightly</Arn>"));
  EXPECT_TRUE(Contains(xml, "<AssumedRoleId>AROA")) << xml;
  EXPECT_TRUE(Contains(xml, ":nightly</AssumedRoleId>")) << xml;
  EXPECT_TRUE(Contains(xml, "<ResponseMetadata>\n    <RequestId>")) << xml;
  EXPECT_LT(xml.find("<AssumedRoleUser>"), xml.find("<Credentials>"));
  auto creds = ParseStsResponse(resp, "AssumeRole");
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id.rfind("ASIA", 0), 0u);
  EXPECT_EQ(creds.value().access_key_id.size(), 20u);
  EXPECT_EQ(creds.value().secret_access_key.size(), 40u);
  EXPECT_GT(creds.value().session_token.size(), 100u);
  long long now = static_cast<long long>(std::time(nullptr));
  EXPECT_NEAR(static_cast<double>(*creds.value().expiration), static_cast<double>(now + 900), 5);

  // The temporary credentials act in the role's account, in any served region.
  auto east = Client(*server, StaticCredentials(creds.value()));
  auto west = Client(*server, StaticCredentials(creds.value()), "eu-west-1");
  auto made = CreateVault(*east, "org-vault");
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  EXPECT_EQ(made.value().backup_vault_arn,
            "arn:aws:backup:us-east-1:444455556666:backup-vault:org-vault");
  EXPECT_EQ(CreateVault(*west, "org-vault").value().backup_vault_arn,
            "arn:aws:backup:eu-west-1:444455556666:backup-vault:org-vault");
  EXPECT_EQ(server->organization().Find({kBaseAccount, "us-east-1"}), nullptr);

  // GetCallerIdentity names who signed.
  HttpResponse me = Sts(*server, "Action=GetCallerIdentity&Version=2011-06-15", creds.value());
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_TRUE(Contains(me.body, "<GetCallerIdentityResult>"));
  EXPECT_TRUE(Contains(me.body, "<Account>444455556666</Account>")) << me.body;
  EXPECT_TRUE(
      Contains(me.body, "<Arn>arn:aws:sts::444455556666:assumed-role/backup/nightly</Arn>"));
  HttpResponse base = Sts(*server, "Action=GetCallerIdentity&Version=2011-06-15", Base());
  EXPECT_TRUE(Contains(base.body, "<Account>333333333333</Account>")) << base.body;
  EXPECT_TRUE(Contains(base.body, "<Arn>arn:aws:iam::333333333333:root</Arn>")) << base.body;
}

TEST(EmulatorStsTest, AnExternalIdConditionDeniesAWrongOrMissingId) {
  auto server = StartServer(StsOptions());
  ASSERT_NE(server, nullptr);
  int status = 0;
  Admin(server->port(), "POST", "roles", {{"role_arn", kRole}, {"external_id", "ext-123"}},
        &status);
  ASSERT_EQ(status, 200);
  HttpResponse wrong = Sts(*server, AssumeForm(kRole, "s1", "&ExternalId=ext-999"), Base());
  ExpectStsError(wrong, 403, "AccessDenied");
  EXPECT_TRUE(Contains(wrong.body,
                       "User: arn:aws:iam::333333333333:root is not authorized to perform: "
                       "sts:AssumeRole on resource: arn:aws:iam::444455556666:role/backup"))
      << wrong.body;
  EXPECT_FALSE(Contains(wrong.body, "ext-"));  // neither id is echoed
  ExpectStsError(Sts(*server, AssumeForm(kRole, "s1"), Base()), 403, "AccessDenied");
  EXPECT_EQ(Sts(*server, AssumeForm(kRole, "s1", "&ExternalId=ext-123"), Base()).status, 200);
  // Another role has no condition.
  EXPECT_EQ(Sts(*server, AssumeForm("arn:aws:iam::444455556666:role/other", "s1"), Base()).status,
            200);
  Admin(server->port(), "DELETE", "roles", nullptr, &status);
  EXPECT_EQ(Sts(*server, AssumeForm(kRole, "s1"), Base()).status, 200);
}

TEST(EmulatorStsTest, SessionTokensAreCheckedAndExpiredCredentialsRefused) {
  auto server = StartServer(StsOptions());
  ASSERT_NE(server, nullptr);
  Credentials temp = Assume(*server, "&DurationSeconds=900");
  Credentials no_token = temp;
  no_token.session_token.clear();
  auto refused = CreateVault(*Client(*server, StaticCredentials(no_token)), "vault");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "UnrecognizedClientException");
  Credentials bad_token = temp;
  bad_token.session_token[20] ^= 1;
  EXPECT_EQ(CreateVault(*Client(*server, StaticCredentials(bad_token)), "vault").error().code,
            "UnrecognizedClientException");
  ASSERT_TRUE(CreateVault(*Client(*server, StaticCredentials(temp)), "vault").ok());

  int status = 0;
  Admin(server->port(), "POST", "clock", {{"advance_seconds", 901}}, &status);
  ASSERT_EQ(status, 200);
  auto expired = CreateVault(*Client(*server, StaticCredentials(temp)), "w");
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "ExpiredTokenException");
  EXPECT_EQ(expired.error().http_status, 403);
  EXPECT_EQ(expired.error().message, "The security token included in the request is expired");
  ExpectStsError(Sts(*server, "Action=GetCallerIdentity&Version=2011-06-15", temp), 403,
                 "ExpiredToken");
  // Nothing reached the account: only "vault" exists.
  EXPECT_EQ(server->organization().Find({kRoleAccount, "us-east-1"})->Snapshot().vaults.size(), 1u);
  // Long-term keys never expire; a fresh session works again.
  EXPECT_EQ(Sts(*server, "Action=GetCallerIdentity&Version=2011-06-15", Base()).status, 200);
  ASSERT_TRUE(CreateVault(*Client(*server, StaticCredentials(Assume(*server))), "second").ok());
}

TEST(EmulatorStsTest, BadCallsGetStsErrors) {
  auto server = StartServer(StsOptions());
  ASSERT_NE(server, nullptr);
  ExpectStsError(Sts(*server, AssumeForm("arn:aws:iam::12:role/x", "s1"), Base()), 400,
                 "ValidationError");
  ExpectStsError(Sts(*server, AssumeForm("arn:aws:s3:::bucket-name-here", "s1"), Base()), 400,
                 "ValidationError");
  ExpectStsError(Sts(*server, AssumeForm(kRole, "bad%20name"), Base()), 400, "ValidationError");
  ExpectStsError(Sts(*server, AssumeForm(kRole, "s1", "&DurationSeconds=100"), Base()), 400,
                 "ValidationError");
  ExpectStsError(Sts(*server, "Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1", Base()),
                 400, "ValidationError");
  ExpectStsError(Sts(*server, "Action=DecodeAuthorizationMessage&Version=2011-06-15", Base()), 400,
                 "InvalidAction");
  ExpectStsError(Sts(*server, AssumeForm(kRole, "s1"), {}), 403, "MissingAuthenticationToken");
  ExpectStsError(Sts(*server, AssumeForm(kRole, "s1"), {"AKIDBASE", "wrong", "", std::nullopt}),
                 403, "SignatureDoesNotMatch");
  ExpectStsError(Sts(*server, AssumeForm(kRole, "s1"), {"AKIDNOBODY", "x", "", std::nullopt}), 403,
                 "InvalidClientTokenId");
  // STS takes any region in the scope; a Backup call signed for sts does not pass.
  EXPECT_EQ(Sts(*server, AssumeForm(kRole, "s1"), Base(), "ap-south-1").status, 200);
  EXPECT_EQ(server->request_log().Stats()["by_operation"]["AssumeRole"]["200"], 1);
}

// ---- the client's AssumeRoleCredentials against the emulator -----------------

struct LogCapture {
  LogCapture() {
    previous = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous); }
  std::string text() { return out.str(); }
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> previous;
};

AssumeRoleOptions RoleOptions(const EmulatorServer& server, std::atomic<long long>* now) {
  AssumeRoleOptions o;
  o.source = StaticCredentials(Base());
  o.role_arn = kRole;
  o.session_name = "backupctl-test";
  o.duration_seconds = 900;
  o.region = "eu-west-1";
  o.sts_endpoint = server.url();
  o.now = [now] { return now->load(); };
  return o;
}

TEST(AssumeRoleCredentialsTest, AssumesCachesRefreshesBeforeExpiryAndNeverLogsSecrets) {
  auto server = StartServer(StsOptions());
  ASSERT_NE(server, nullptr);
  LogCapture log;
  std::atomic<long long> now{static_cast<long long>(std::time(nullptr))};
  auto made = AssumeRoleCredentials(RoleOptions(*server, &now));
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  std::shared_ptr<CredentialsProvider> provider = std::move(made.value());
  EXPECT_EQ(provider->Name(), std::string("assume-role:") + kRole);
  EXPECT_TRUE(server->request_log().ToJson()["requests"].empty());  // nothing until first use

  auto first = provider->Get();
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(provider->Get().value().access_key_id, first.value().access_key_id);  // cached
  now = *first.value().expiration - 301;
  EXPECT_EQ(provider->Get().value().access_key_id, first.value().access_key_id);  // not yet
  auto client = Client(*server, provider, "eu-west-1");
  auto vault = CreateVault(*client, "via-role");
  ASSERT_TRUE(vault.ok()) << vault.error().ToString();
  EXPECT_EQ(vault.value().backup_vault_arn,
            "arn:aws:backup:eu-west-1:444455556666:backup-vault:via-role");

  // The emulator's clock passes the first session's expiry: it is refused...
  Admin(server->port(), "POST", "clock", {{"advance_seconds", 901}});
  EXPECT_EQ(CreateVault(*Client(*server, StaticCredentials(first.value())), "x").error().code,
            "ExpiredTokenException");
  // ...and the provider, 5 minutes before its expiry, has already moved on.
  now = *first.value().expiration - 299;
  auto second = provider->Get();
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second.value().access_key_id, first.value().access_key_id);
  ASSERT_TRUE(CreateVault(*client, "after-refresh").ok());
  EXPECT_EQ(server->request_log().Stats()["by_operation"]["AssumeRole"]["200"], 2);

  // Every STS request was signed for sts in the configured region.
  std::string text = log.text();
  EXPECT_TRUE(Contains(text, "assumed role arn:aws:iam::444455556666:role/backup")) << text;
  for (const Credentials& c : {first.value(), second.value()}) {
    EXPECT_FALSE(Contains(text, c.secret_access_key));
    EXPECT_FALSE(Contains(text, c.session_token));
  }
  EXPECT_FALSE(Contains(text, kBaseSecret));
}

TEST(AssumeRoleCredentialsTest, AFailedRefreshServesUnexpiredCredentialsThenFails) {
  auto server = StartServer(StsOptions());
  ASSERT_NE(server, nullptr);
  std::atomic<long long> now{static_cast<long long>(std::time(nullptr))};
  AssumeRoleOptions options = RoleOptions(*server, &now);
  options.external_id = "ext-1";
  std::shared_ptr<CredentialsProvider> provider = std::move(AssumeRoleCredentials(options).value());
  auto first = provider->Get();
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  Admin(server->port(), "POST", "roles", {{"role_arn", kRole}, {"external_id", "ext-2"}});
  now = *first.value().expiration - 10;  // refresh due, refused, the old ones still valid
  auto kept = provider->Get();
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept.value().access_key_id, first.value().access_key_id);
  now = *first.value().expiration + 1;
  auto failed = provider->Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "AccessDenied");
  EXPECT_TRUE(Contains(failed.error().message, kRole)) << failed.error().message;
  EXPECT_FALSE(Contains(failed.error().message, "ext-"));
}

TEST(AssumeRoleCredentialsTest, ConcurrentGetsShareOneAssumeRole) {
  auto server = StartServer(StsOptions());
  ASSERT_NE(server, nullptr);
  std::atomic<long long> now{static_cast<long long>(std::time(nullptr))};
  std::shared_ptr<CredentialsProvider> provider =
      std::move(AssumeRoleCredentials(RoleOptions(*server, &now)).value());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] { ok += provider->Get().ok() ? 1 : 0; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(server->request_log().Stats()["by_operation"]["AssumeRole"]["200"], 1);
}

TEST(AssumeRoleCredentialsTest, AProfileWithRoleArnAssumesTheRoleThroughTheChain) {
  auto server = StartServer(StsOptions());
  ASSERT_NE(server, nullptr);
  Admin(server->port(), "POST", "roles", {{"role_arn", kRole}, {"external_id", "ext-7"}});
  std::string dir = ::testing::TempDir() + "/sts_profile_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/config") << "[profile base]\naws_access_key_id = AKIDBASE\n"
                                    "aws_secret_access_key = "
                                 << kBaseSecret << "\n[profile org]\nrole_arn = " << kRole
                                 << "\nsource_profile = base\nexternal_id = ext-7\n"
                                    "role_session_name = from-profile\n";
  ChainOptions chain;
  chain.profile = "org";
  chain.region = "eu-west-1";
  chain.sts_endpoint = server->url();
  for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                           "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_PROFILE"}) {
    chain.env_overrides[name] = "";
  }
  chain.env_overrides["AWS_CONFIG_FILE"] = dir + "/config";
  chain.env_overrides["AWS_SHARED_CREDENTIALS_FILE"] = dir + "/credentials";
  chain.env_overrides["AWS_EC2_METADATA_DISABLED"] = "true";
  auto client = Client(*server, DefaultCredentialChain(chain), "eu-west-1");
  auto vault = CreateVault(*client, "from-profile");
  ASSERT_TRUE(vault.ok()) << vault.error().ToString();
  EXPECT_EQ(vault.value().backup_vault_arn,
            "arn:aws:backup:eu-west-1:444455556666:backup-vault:from-profile");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace backupctl::testing
