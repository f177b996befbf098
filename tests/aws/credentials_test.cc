// The credential chain, source by source, against loopback fakes of STS, the
// ECS container endpoint and IMDSv2, plus profiles, credential_process,
// precedence, refresh and secret-free errors. Every test runs with a fully
// overridden environment, so the machine's own AWS settings never leak in
// and nothing leaves 127.0.0.1.

#include "providers/aws/credentials.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "aws/loopback_server.h"
#include "providers/aws/credential_json.h"
#include "providers/aws/ini.h"
#include "tests/support/ports.h"

namespace backupctl {
namespace {

using testing::LoopbackServer;

constexpr char kBaseKey[] = "AKIDBASEEXAMPLE";
constexpr char kBaseSecret[] = "base-secret-never-shown";
constexpr char kWebToken[] = "eyJ-web-identity-token-never-shown";

std::string IsoIn(long long seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm tm = {};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A fake STS: issues numbered temporary credentials, remembers the secrets it
// issued, and checks AssumeRole signatures with VerifyRequest.
class FakeSts {
 public:
  struct Call {
    std::map<std::string, std::string> form;
    std::string authorization;
    std::string verify_error;  // "" when the signature verified
    std::string signing_key;   // access key id in the Authorization header
  };

  FakeSts() {
    secrets_[kBaseKey] = kBaseSecret;
    server_.server().Post(
        "/", [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
  }
  bool Start() { return server_.Start(); }
  std::string url() const { return server_.url(); }

  std::vector<Call> calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  void set_lifetime(long long seconds) { lifetime_ = seconds; }
  void set_failing(bool failing) { failing_ = failing; }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    Call call;
    for (const auto& [name, value] : req.params) call.form[name] = value;
    call.authorization = req.get_header_value("Authorization");
    if (!call.authorization.empty()) Verify(req, &call);
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(call);
    if (failing_ || Contains(call.form["RoleArn"], "denied")) {
      res.status = 403;
      res.set_content(
          "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not "
          "authorized to perform sts:AssumeRole</Message></Error><RequestId>rid-1</RequestId>"
          "</ErrorResponse>",
          "text/xml");
      return;
    }
    std::string n = std::to_string(calls_.size());
    std::string key = "ASIATEMP" + n, secret = "temp-secret-" + n + "-never-shown";
    secrets_[key] = secret;
    std::string action = call.form["Action"];
    res.set_content(
        "<" + action + "Response><" + action + "Result><Credentials><AccessKeyId>" + key +
            "</AccessKeyId><SecretAccessKey>" + secret + "</SecretAccessKey><SessionToken>token-" +
            n + "</SessionToken><Expiration>" + IsoIn(lifetime_) + "</Expiration></Credentials></" +
            action + "Result></" + action + "Response>",
        "text/xml");
  }

  void Verify(const httplib::Request& req, Call* call) {
    SigV4Request sig{req.method, req.path, "", {}, req.body};
    for (const auto& [name, value] : req.headers) sig.headers.emplace_back(name, value);
    SigV4Authorization auth;
    std::string why;
    if (!ParseAuthorization(call->authorization, &auth, &why)) {
      call->verify_error = why;
      return;
    }
    call->signing_key = auth.access_key_id;
    std::lock_guard<std::mutex> lock(mu_);
    std::string message;
    call->verify_error =
        VerifyRequest(sig, auth.access_key_id, secrets_[auth.access_key_id], &message) +
        (auth.service == "sts" ? "" : " wrong service " + auth.service);
  }

  LoopbackServer server_;
  std::mutex mu_;
  std::vector<Call> calls_;
  std::map<std::string, std::string> secrets_;
  std::atomic<long long> lifetime_{3600};
  std::atomic<bool> failing_{false};
};

using testing::UnusedPort;

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/credentials_test_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(sts_.Start());
    options_.region = "eu-west-1";
    options_.sts_endpoint = sts_.url();
    for (const char* name :
         {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
          "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_PROFILE",
          "AWS_DEFAULT_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
          "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
          "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_REGION", "AWS_DEFAULT_REGION"}) {
      options_.env_overrides[name] = "";
    }
    Env("AWS_EC2_METADATA_DISABLED", "true");
    Env("AWS_CONFIG_FILE", dir_ + "/config");
    Env("AWS_SHARED_CREDENTIALS_FILE", dir_ + "/credentials");
    Env("HOME", dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Env(const std::string& name, const std::string& value) {
    options_.env_overrides[name] = value;
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  Outcome<Credentials> Get() { return DefaultCredentialChain(options_)->Get(); }

  std::string dir_;
  FakeSts sts_;
  ChainOptions options_;
};

void ExpectNoSecrets(const std::string& message) {
  for (const char* secret : {kBaseSecret, kWebToken, "never-shown"}) {
    EXPECT_FALSE(Contains(message, secret)) << message;
  }
}

// --- environment and profiles ----------------------------------------------

TEST_F(CredentialsTest, EnvironmentVariablesWithSessionToken) {
  Env("AWS_ACCESS_KEY_ID", "AKIDENV");
  Env("AWS_SECRET_ACCESS_KEY", "env-secret");
  Env("AWS_SESSION_TOKEN", "env-token");
  auto chain = DefaultCredentialChain(options_);
  auto creds = chain->Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "AKIDENV");
  EXPECT_EQ(creds.value().secret_access_key, "env-secret");
  EXPECT_EQ(creds.value().session_token, "env-token");
  EXPECT_FALSE(creds.value().expiration);
  EXPECT_EQ(chain->Name(), "environment");
}

TEST_F(CredentialsTest, EnvironmentKeyWithoutSecretIsAnError) {
  Env("AWS_ACCESS_KEY_ID", "AKIDENV");
  Write("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  auto creds = Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_TRUE(Contains(creds.error().message, "AWS_SECRET_ACCESS_KEY is not"))
      << creds.error().message;
}

TEST_F(CredentialsTest, StaticKeysFromTheDefaultProfile) {
  Write("credentials",
        "# comment\n[default]\naws_access_key_id = AKIDFILE\n"
        "aws_secret_access_key = file-secret\n");
  auto chain = DefaultCredentialChain(options_);
  auto creds = chain->Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "AKIDFILE");
  EXPECT_EQ(creds.value().secret_access_key, "file-secret");
  EXPECT_EQ(chain->Name(), "profile:default");
}

TEST_F(CredentialsTest, ProfileComesFromAwsProfileOrTheOption) {
  Write("config",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n"
        "[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = x\n"
        "[profile prod]\naws_access_key_id = AKIDPROD\naws_secret_access_key = y\n");
  Env("AWS_PROFILE", "dev");
  auto creds = Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "AKIDDEV");
  options_.profile = "prod";
  auto chain = DefaultCredentialChain(options_);
  creds = chain->Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "AKIDPROD");
  EXPECT_EQ(chain->Name(), "profile:prod");
}

TEST_F(CredentialsTest, CredentialsFileWinsOverConfigForTheSameProfile) {
  Write("config", "[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = c\n");
  Write("credentials", "[dev]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = k\n");
  options_.profile = "dev";
  auto creds = Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "AKIDCREDS");
}

TEST_F(CredentialsTest, ExplicitProfileThatDoesNotExistStopsTheChain) {
  LoopbackServer imds;
  std::atomic<int> hits{0};
  imds.server().Put(".*", [&](const httplib::Request&, httplib::Response&) { hits++; });
  ASSERT_TRUE(imds.Start());
  Env("AWS_EC2_METADATA_DISABLED", "");
  options_.imds_endpoint = imds.url();
  options_.profile = "nope";
  auto creds = Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_TRUE(Contains(creds.error().message, "profile nope: not found in " + dir_ + "/config"))
      << creds.error().message;
  EXPECT_EQ(hits.load(), 0);
}

TEST_F(CredentialsTest, NothingConfiguredListsEverySourceTried) {
  auto creds = Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_EQ(creds.error().code, "NoCredentialsError");
  EXPECT_EQ(creds.error().message,
            "no AWS credentials found; tried environment: AWS_ACCESS_KEY_ID is not set; "
            "web-identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set; profile:default: no [default] "
            "in " +
                dir_ + "/config or " + dir_ +
                "/credentials; ecs: "
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/_FULL_URI are not set; imds: disabled by "
                "AWS_EC2_METADATA_DISABLED");
}

// --- STS: web identity and assumed roles ------------------------------------

TEST_F(CredentialsTest, WebIdentityCallsAssumeRoleWithWebIdentityUnsigned) {
  Env("AWS_WEB_IDENTITY_TOKEN_FILE", Write("token", std::string(kWebToken) + "\n"));
  Env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
  Env("AWS_ROLE_SESSION_NAME", "pod-1");
  auto chain = DefaultCredentialChain(options_);
  auto creds = chain->Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(chain->Name(), "web-identity");
  EXPECT_EQ(creds.value().access_key_id, "ASIATEMP1");
  EXPECT_EQ(creds.value().session_token, "token-1");
  ASSERT_TRUE(creds.value().expiration);
  EXPECT_NEAR(*creds.value().expiration, std::time(nullptr) + 3600, 5);
  ASSERT_EQ(sts_.calls().size(), 1u);
  FakeSts::Call call = sts_.calls()[0];
  EXPECT_EQ(call.form["Action"], "AssumeRoleWithWebIdentity");
  EXPECT_EQ(call.form["Version"], "2011-06-15");
  EXPECT_EQ(call.form["RoleArn"], "arn:aws:iam::123456789012:role/irsa");
  EXPECT_EQ(call.form["RoleSessionName"], "pod-1");
  EXPECT_EQ(call.form["WebIdentityToken"], kWebToken);
  EXPECT_EQ(call.authorization, "");
}

TEST_F(CredentialsTest, WebIdentityBeatsProfileAndEnvironmentBeatsBoth) {
  Env("AWS_WEB_IDENTITY_TOKEN_FILE", Write("token", kWebToken));
  Env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
  Write("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  auto creds = Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "ASIATEMP1");
  Env("AWS_ACCESS_KEY_ID", "AKIDENV");
  Env("AWS_SECRET_ACCESS_KEY", "e");
  creds = Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "AKIDENV");
  EXPECT_EQ(sts_.calls().size(), 1u);
}

TEST_F(CredentialsTest, RoleArnWithSourceProfileIsSignedBySourceKeys) {
  Write("config",
        "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deployer\n"
        "source_profile = base\nrole_session_name = ci-run\nexternal_id = ext-42\n"
        "duration_seconds = 900\nregion = eu-west-1\n");
  Write("credentials", std::string("[base]\naws_access_key_id = ") + kBaseKey +
                           "\naws_secret_access_key = " + kBaseSecret + "\n");
  options_.profile = "deploy";
  auto creds = Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "ASIATEMP1");
  ASSERT_EQ(sts_.calls().size(), 1u);
  FakeSts::Call call = sts_.calls()[0];
  EXPECT_EQ(call.form["Action"], "AssumeRole");
  EXPECT_EQ(call.form["Version"], "2011-06-15");
  EXPECT_EQ(call.form["RoleArn"], "arn:aws:iam::123456789012:role/deployer");
  EXPECT_EQ(call.form["RoleSessionName"], "ci-run");
  EXPECT_EQ(call.form["ExternalId"], "ext-42");
  EXPECT_EQ(call.form["DurationSeconds"], "900");
  EXPECT_EQ(call.signing_key, kBaseKey);
  EXPECT_EQ(call.verify_error, "");
  EXPECT_TRUE(Contains(call.authorization, "/eu-west-1/sts/aws4_request")) << call.authorization;
}

TEST_F(CredentialsTest, SourceProfileChainsAssumeEachRoleInTurn) {
  Write("config",
        "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n"
        "[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = c\n");
  Write("credentials", std::string("[c]\naws_access_key_id = ") + kBaseKey +
                           "\naws_secret_access_key = " + kBaseSecret + "\n");
  options_.profile = "a";
  auto creds = Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "ASIATEMP2");
  std::vector<FakeSts::Call> calls = sts_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].form["RoleArn"], "arn:aws:iam::1:role/B");
  EXPECT_EQ(calls[0].signing_key, kBaseKey);
  EXPECT_EQ(calls[0].verify_error, "");
  EXPECT_EQ(calls[1].form["RoleArn"], "arn:aws:iam::1:role/A");
  EXPECT_EQ(calls[1].signing_key, "ASIATEMP1");  // B's temporary credentials
  EXPECT_EQ(calls[1].verify_error, "");
}

TEST_F(CredentialsTest, SourceProfileLoopIsAnError) {
  Write("config",
        "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n"
        "[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n");
  options_.profile = "a";
  auto creds = Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_TRUE(Contains(creds.error().message, "loops back to a")) << creds.error().message;
  EXPECT_TRUE(sts_.calls().empty());
}

TEST_F(CredentialsTest, StsErrorKeepsCodeAndNamesTheProfileButNoSecret) {
  Write("config", "[profile x]\nrole_arn = arn:aws:iam::1:role/denied\nsource_profile = base\n");
  Write("credentials", std::string("[base]\naws_access_key_id = ") + kBaseKey +
                           "\naws_secret_access_key = " + kBaseSecret + "\n");
  options_.profile = "x";
  auto creds = Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_EQ(creds.error().code, "AccessDenied");
  EXPECT_EQ(creds.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(creds.error().request_id, "rid-1");
  EXPECT_TRUE(Contains(creds.error().message, "profile:x"));
  EXPECT_TRUE(Contains(creds.error().message, "Not authorized to perform sts:AssumeRole"));
  ExpectNoSecrets(creds.error().message);
}

TEST_F(CredentialsTest, StsEndpointFromEnvironment) {
  options_.sts_endpoint.reset();
  Env("AWS_ENDPOINT_URL_STS", sts_.url() + "/");
  Env("AWS_WEB_IDENTITY_TOKEN_FILE", Write("token", kWebToken));
  Env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
  auto creds = Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(sts_.calls().size(), 1u);
  EXPECT_EQ(sts_.calls()[0].form["RoleSessionName"].rfind("backupctl-", 0), 0u);
}

// --- refresh ---------------------------------------------------------------

TEST_F(CredentialsTest, TemporaryCredentialsRefreshNearExpiry) {
  Env("AWS_WEB_IDENTITY_TOKEN_FILE", Write("token", kWebToken));
  Env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
  sts_.set_lifetime(3600);
  auto chain = DefaultCredentialChain(options_);
  ASSERT_TRUE(chain->Get().ok());
  ASSERT_TRUE(chain->Get().ok());
  EXPECT_EQ(sts_.calls().size(), 1u);  // cached: an hour left

  sts_.set_lifetime(60);  // inside the 5-minute window: every Get refreshes
  auto short_lived = DefaultCredentialChain(options_);
  auto first = short_lived->Get();
  auto second = short_lived->Get();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(sts_.calls().size(), 3u);
  EXPECT_NE(first.value().access_key_id, second.value().access_key_id);

  options_.refresh_window_seconds = 30;  // a smaller window keeps them
  auto narrow = DefaultCredentialChain(options_);
  ASSERT_TRUE(narrow->Get().ok());
  ASSERT_TRUE(narrow->Get().ok());
  EXPECT_EQ(sts_.calls().size(), 4u);
}

TEST_F(CredentialsTest, FailedRefreshKeepsUnexpiredCredentials) {
  Env("AWS_WEB_IDENTITY_TOKEN_FILE", Write("token", kWebToken));
  Env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
  sts_.set_lifetime(120);
  auto chain = DefaultCredentialChain(options_);
  auto first = chain->Get();
  ASSERT_TRUE(first.ok());
  sts_.set_failing(true);
  auto second = chain->Get();
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second.value().access_key_id, first.value().access_key_id);
  EXPECT_EQ(sts_.calls().size(), 2u);
}

TEST_F(CredentialsTest, ConcurrentGetsFetchOnce) {
  Env("AWS_WEB_IDENTITY_TOKEN_FILE", Write("token", kWebToken));
  Env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
  auto chain = DefaultCredentialChain(options_);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 10; ++j) ok += chain->Get().ok() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
  EXPECT_EQ(sts_.calls().size(), 1u);
}

// --- credential_process ------------------------------------------------------

std::string Script(const std::string& path, const std::string& body) {
  std::ofstream(path) << "#!/bin/sh\n" << body;
  chmod(path.c_str(), 0755);
  return path;
}

TEST_F(CredentialsTest, CredentialProcessJson) {
  std::string script = Script(dir_ + "/creds.sh",
                              "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                              "\"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"pt\", "
                              "\"Expiration\": \"" +
                                  IsoIn(7200) + "\"}'\n");
  Write("config", "[profile p]\ncredential_process = " + script + " --flag\n");
  options_.profile = "p";
  auto creds = Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "AKIDPROC");
  EXPECT_EQ(creds.value().secret_access_key, "proc-secret");
  EXPECT_EQ(creds.value().session_token, "pt");
  ASSERT_TRUE(creds.value().expiration);
  EXPECT_NEAR(*creds.value().expiration, std::time(nullptr) + 7200, 5);
}

TEST_F(CredentialsTest, CredentialProcessFailuresNeverQuoteItsOutput) {
  std::string failing = Script(dir_ + "/fail.sh", "echo never-shown; exit 3\n");
  std::string wrong = Script(dir_ + "/wrong.sh",
                             "echo '{\"Version\": 2, \"AccessKeyId\": \"A\", "
                             "\"SecretAccessKey\": \"never-shown\"}'\n");
  std::string garbage = Script(dir_ + "/garbage.sh", "echo 'SecretAccessKey never-shown'\n");
  std::string slow = Script(dir_ + "/slow.sh", "exec sleep 5\n");
  Write("config", "[profile f]\ncredential_process = " + failing +
                      "\n[profile w]\ncredential_process = " + wrong +
                      "\n[profile g]\ncredential_process = " + garbage +
                      "\n[profile s]\ncredential_process = " + slow + "\n");
  options_.credential_process_timeout_ms = 300;
  const std::map<std::string, std::string> expected = {{"f", "exited with status 3"},
                                                       {"w", "\"Version\": 1"},
                                                       {"g", "\"Version\": 1"},
                                                       {"s", "did not finish within 300 ms"}};
  for (const auto& [profile, text] : expected) {
    options_.profile = profile;
    auto start = std::chrono::steady_clock::now();
    auto creds = Get();
    ASSERT_FALSE(creds.ok()) << profile;
    EXPECT_TRUE(Contains(creds.error().message, text)) << creds.error().message;
    ExpectNoSecrets(creds.error().message);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  }
}

// --- ECS container credentials ---------------------------------------------

TEST_F(CredentialsTest, ContainerCredentialsRelativeAndFullUri) {
  LoopbackServer ecs;
  std::mutex mu;
  std::vector<std::string> auth_seen;
  ecs.server().Get("/v2/credentials/abc", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    auth_seen.push_back(req.get_header_value("Authorization"));
    res.set_content(R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"ecs-secret","Token":"et",)"
                    R"("Expiration":")" +
                        IsoIn(3600) + R"("})",
                    "application/json");
  });
  ASSERT_TRUE(ecs.Start());

  Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  options_.ecs_endpoint = ecs.url();
  auto chain = DefaultCredentialChain(options_);
  auto creds = chain->Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(chain->Name(), "ecs");
  EXPECT_EQ(creds.value().access_key_id, "ASIAECS");
  EXPECT_EQ(creds.value().session_token, "et");

  Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "");
  Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/v2/credentials/abc");
  Env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "inline-token");
  ASSERT_TRUE(Get().ok());
  Env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", Write("ecs-token", "file-token\n"));
  ASSERT_TRUE(Get().ok());
  EXPECT_EQ(auth_seen, (std::vector<std::string>{"", "inline-token", "file-token"}));
}

TEST_F(CredentialsTest, ContainerFullUriMustBeLocalOrHttps) {
  Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://credentials.example.com/creds");
  auto creds = Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_TRUE(Contains(creds.error().message, "must be https")) << creds.error().message;
}

TEST_F(CredentialsTest, ContainerErrorStatusIsReported) {
  LoopbackServer ecs;
  ecs.server().Get(".*", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  ASSERT_TRUE(ecs.Start());
  Env("AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.url() + "/creds");
  auto creds = Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_TRUE(Contains(creds.error().message, "credentials from ecs")) << creds.error().message;
  EXPECT_TRUE(Contains(creds.error().message, "HTTP 500")) << creds.error().message;
}

// --- IMDSv2 ------------------------------------------------------------------

class FakeImds {
 public:
  FakeImds() {
    auto& s = server_.server();
    s.Put("/latest/api/token", [this](const httplib::Request& req, httplib::Response& res) {
      puts_++;
      if (!req.has_header("X-aws-ec2-metadata-token-ttl-seconds")) {
        res.status = 400;
        return;
      }
      res.set_content("imds-session-token", "text/plain");
    });
    s.Get("/latest/meta-data/iam/security-credentials/(.*)",
          [this](const httplib::Request& req, httplib::Response& res) {
            if (req.get_header_value("X-aws-ec2-metadata-token") != "imds-session-token") {
              res.status = 401;
              return;
            }
            gets_++;
            if (req.matches[1] == "") {
              res.set_content("instance-role\n", "text/plain");
            } else if (req.matches[1] == "instance-role") {
              res.set_content(R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS",)"
                              R"("SecretAccessKey":"imds-secret","Token":"it","Expiration":")" +
                                  IsoIn(21600) + R"("})",
                              "application/json");
            } else {
              res.status = 404;
            }
          });
  }
  bool Start() { return server_.Start(); }
  std::string url() const { return server_.url(); }
  int puts() const { return puts_; }
  int gets() const { return gets_; }

 private:
  LoopbackServer server_;
  std::atomic<int> puts_{0}, gets_{0};
};

TEST_F(CredentialsTest, InstanceMetadataV2WithSessionToken) {
  FakeImds imds;
  ASSERT_TRUE(imds.Start());
  httplib::Client probe(imds.url());
  auto unauthenticated = probe.Get("/latest/meta-data/iam/security-credentials/");
  ASSERT_TRUE(unauthenticated);
  EXPECT_EQ(unauthenticated->status, 401);

  Env("AWS_EC2_METADATA_DISABLED", "");
  options_.imds_endpoint = imds.url();
  auto chain = DefaultCredentialChain(options_);
  auto creds = chain->Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(chain->Name(), "imds");
  EXPECT_EQ(creds.value().access_key_id, "ASIAIMDS");
  EXPECT_EQ(creds.value().secret_access_key, "imds-secret");
  EXPECT_EQ(creds.value().session_token, "it");
  EXPECT_EQ(imds.puts(), 1);
  EXPECT_EQ(imds.gets(), 2);
}

TEST_F(CredentialsTest, InstanceMetadataEndpointFromEnvironmentAndDisabledFlag) {
  FakeImds imds;
  ASSERT_TRUE(imds.Start());
  Env("AWS_EC2_METADATA_DISABLED", "false");
  Env("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url() + "/");
  ASSERT_TRUE(Get().ok());
  Env("AWS_EC2_METADATA_DISABLED", "TRUE");
  EXPECT_FALSE(Get().ok());
  EXPECT_EQ(imds.puts(), 1);
}

TEST_F(CredentialsTest, UnreachableInstanceMetadataFailsFast) {
  Env("AWS_EC2_METADATA_DISABLED", "");
  options_.imds_endpoint = "http://127.0.0.1:" + std::to_string(UnusedPort());
  auto start = std::chrono::steady_clock::now();
  auto creds = Get();
  ASSERT_FALSE(creds.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_TRUE(Contains(creds.error().message, "credentials from imds (after environment:"))
      << creds.error().message;
  EXPECT_TRUE(Contains(creds.error().message, "instance metadata token"));
}

// --- helpers -----------------------------------------------------------------

TEST(Ini, SectionsKeysCommentsAndNestedBlocks) {
  IniFile f = ParseIni(
      "# top\n[default]\nregion = us-east-1\n; note\n[ profile   dev ]\n"
      "AWS_Access_Key_Id=AKID\ns3 =\n  max_concurrent_requests = 20\nrole_arn = arn:x = y\n");
  EXPECT_EQ(f["default"]["region"], "us-east-1");
  EXPECT_EQ(f["profile dev"]["aws_access_key_id"], "AKID");
  EXPECT_EQ(f["profile dev"]["s3"], "");
  EXPECT_EQ(f["profile dev"].count("max_concurrent_requests"), 0u);
  EXPECT_EQ(f["profile dev"]["role_arn"], "arn:x = y");
  ASSERT_NE(ConfigProfile(f, "dev"), nullptr);
  EXPECT_EQ(ConfigProfile(f, "default"), &f["default"]);
  EXPECT_EQ(CredentialsProfile(f, "dev"), nullptr);
}

TEST(CredentialsJson, ExpirationFormsAndMissingKeys) {
  EXPECT_EQ(ExpirationFromIso8601("2015-08-30T12:36:00Z"), 1440938160);
  EXPECT_EQ(ExpirationFromIso8601("2015-08-30T12:36:00.123Z"), 1440938160);
  EXPECT_EQ(ExpirationFromIso8601("2015-08-30T14:36:00+02:00"), 1440938160);
  EXPECT_EQ(ExpirationFromIso8601("yesterday"), std::nullopt);
  auto creds = CredentialsFromJson(
      R"({"AccessKeyId":"A","SecretAccessKey":"never-shown","Expiration":"soon"})", "test");
  ASSERT_FALSE(creds.ok());
  EXPECT_EQ(creds.error().message, "test returned an Expiration that is not ISO 8601: soon");
  creds = CredentialsFromJson(R"({"AccessKeyId":"A","Token":"never-shown"})", "test");
  ASSERT_FALSE(creds.ok());
  ExpectNoSecrets(creds.error().message);
  EXPECT_FALSE(CredentialsFromJson("not json never-shown", "test").ok());
}

// Sets process environment variables for one test and restores them after.
class ScopedEnv {
 public:
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }
  void Set(const std::string& name, const std::optional<std::string>& value) {
    if (!saved_.count(name)) {
      const char* old = std::getenv(name.c_str());
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

TEST(Region, EnvironmentThenProfile) {
  std::string dir = ::testing::TempDir() + "/region_test_" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/config") << "[default]\nregion = ap-south-1\n[profile eu]\nregion = "
                                    "eu-north-1\n";
  ScopedEnv env;
  env.Set("AWS_CONFIG_FILE", dir + "/config");
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"}) {
    env.Set(name, std::nullopt);
  }
  EXPECT_EQ(RegionFromEnvironment(std::nullopt), "ap-south-1");
  EXPECT_EQ(RegionFromEnvironment("eu"), "eu-north-1");
  EXPECT_EQ(RegionFromEnvironment("missing"), std::nullopt);
  env.Set("AWS_PROFILE", "eu");
  EXPECT_EQ(RegionFromEnvironment(std::nullopt), "eu-north-1");
  env.Set("AWS_DEFAULT_REGION", "us-west-1");
  EXPECT_EQ(RegionFromEnvironment("eu"), "us-west-1");
  env.Set("AWS_REGION", "us-west-2");
  EXPECT_EQ(RegionFromEnvironment("eu"), "us-west-2");
  std::filesystem::remove_all(dir);
}

TEST(StaticCredentialsProvider, ReturnsWhatItWasGiven) {
  auto provider = StaticCredentials({"AKID", "secret", "token", std::nullopt});
  auto creds = provider->Get();
  ASSERT_TRUE(creds.ok());
  EXPECT_EQ(creds.value().access_key_id, "AKID");
  EXPECT_EQ(provider->Name(), "static");
}

}  // namespace
}  // namespace backupctl
