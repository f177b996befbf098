// AssumeRoleCredentials against a fake STS: options are checked before any
// call; the AssumeRole call is SigV4-signed for sts in the configured region
// with the source's keys and carries the role, session name and external id;
// credentials are cached until refresh_window_seconds before they expire on
// the injected clock; source failures are reported; no secret is logged.
// (tests/emulator/emulator_sts_test.cc runs the same provider against the emulator.)

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <ctime>
#include <mutex>
#include <sstream>

#include "providers/aws/assume_role_credentials.h"
#include "providers/sigv4/sigv4.h"
#include "tests/aws/loopback_server.h"

namespace backupctl {
namespace {

constexpr char kRole[] = "arn:aws:iam::210987654321:role/backupctl";
constexpr char kSourceSecret[] = "source-secret-never-logged";

std::string Iso(long long epoch) {
  std::time_t t = epoch;
  std::tm tm = {};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class FakeSts {
 public:
  struct Call {
    std::map<std::string, std::string> form;
    std::string verify;  // "" when the signature verified with the source secret
    std::string scope_region, scope_service;
  };
  FakeSts() {
    server_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      Call call;
      for (const auto& [name, value] : req.params) call.form[name] = value;
      SigV4Request sig{req.method, req.path, "", {}, req.body};
      for (const auto& [name, value] : req.headers) sig.headers.emplace_back(name, value);
      SigV4Authorization auth;
      std::string why;
      if (ParseAuthorization(req.get_header_value("Authorization"), &auth, &why)) {
        call.scope_region = auth.region;
        call.scope_service = auth.service;
      }
      std::string message;
      call.verify = VerifyRequest(sig, "AKIDSOURCE", kSourceSecret, &message);
      std::lock_guard<std::mutex> l(mu_);
      calls_.push_back(call);
      if (deny_) {
        res.status = 403;
        res.set_content(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>"
            "Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error>"
            "<RequestId>r</RequestId></ErrorResponse>",
            "text/xml");
        return;
      }
      std::string n = std::to_string(calls_.size());
      res.set_content("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA" + n +
                          "</AccessKeyId><SecretAccessKey>temp-secret-" + n +
                          "</SecretAccessKey><SessionToken>temp-token-" + n +
                          "</SessionToken><Expiration>" + Iso(expiration_) +
                          "</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>",
                      "text/xml");
    });
  }
  bool Start() { return server_.Start(); }
  std::string url() const { return server_.url(); }
  std::vector<Call> calls() {
    std::lock_guard<std::mutex> l(mu_);
    return calls_;
  }
  void set_expiration(long long epoch) { expiration_ = epoch; }
  void set_deny(bool deny) { deny_ = deny; }

 private:
  testing::LoopbackServer server_;
  std::mutex mu_;
  std::vector<Call> calls_;
  std::atomic<long long> expiration_{0};
  std::atomic<bool> deny_{false};
};

class AssumeRoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sts_.Start());
    sts_.set_expiration(kT0 + 3600);
    options_.source = StaticCredentials({"AKIDSOURCE", kSourceSecret, "", std::nullopt});
    options_.role_arn = kRole;
    options_.external_id = "ext-42";
    options_.session_name = "nightly";
    options_.region = "eu-central-1";
    options_.sts_endpoint = sts_.url();
    options_.now = [this] { return now_.load(); };
  }

  static constexpr long long kT0 = 1800000000;
  FakeSts sts_;
  AssumeRoleOptions options_;
  std::atomic<long long> now_{kT0};
};

TEST_F(AssumeRoleTest, BadOptionsAreRefusedBeforeAnyCall) {
  auto expect_refused = [&](AssumeRoleOptions o, const std::string& why) {
    auto made = AssumeRoleCredentials(std::move(o));
    ASSERT_FALSE(made.ok()) << why;
    EXPECT_TRUE(Contains(made.error().message, why)) << made.error().message;
  };
  AssumeRoleOptions o = options_;
  o.source = nullptr;
  expect_refused(o, "no source credentials");
  o = options_;
  o.role_arn = "arn:aws:iam::2109:role/x";
  expect_refused(o, "is not a role ARN");
  o.role_arn = "arn:aws:s3:::bucket";
  expect_refused(o, "is not a role ARN");
  o = options_;
  o.session_name = "has space";
  expect_refused(o, "session name");
  o = options_;
  o.external_id = "x";
  expect_refused(o, "external id");
  o = options_;
  o.duration_seconds = 60;
  expect_refused(o, "duration_seconds");
  EXPECT_TRUE(sts_.calls().empty());
}

TEST_F(AssumeRoleTest, SignsForStsInTheRegionAndSendsTheRoleParameters) {
  options_.duration_seconds = 1800;
  std::shared_ptr<CredentialsProvider> provider =
      std::move(AssumeRoleCredentials(options_).value());
  EXPECT_TRUE(sts_.calls().empty());  // lazy: nothing until Get
  auto creds = provider->Get();
  ASSERT_TRUE(creds.ok()) << creds.error().ToString();
  EXPECT_EQ(creds.value().access_key_id, "ASIA1");
  EXPECT_EQ(creds.value().session_token, "temp-token-1");
  EXPECT_EQ(*creds.value().expiration, kT0 + 3600);
  ASSERT_EQ(sts_.calls().size(), 1u);
  FakeSts::Call call = sts_.calls()[0];
  EXPECT_EQ(call.verify, "");
  EXPECT_EQ(call.scope_region, "eu-central-1");
  EXPECT_EQ(call.scope_service, "sts");
  EXPECT_EQ(call.form["Action"], "AssumeRole");
  EXPECT_EQ(call.form["Version"], "2011-06-15");
  EXPECT_EQ(call.form["RoleArn"], kRole);
  EXPECT_EQ(call.form["RoleSessionName"], "nightly");
  EXPECT_EQ(call.form["ExternalId"], "ext-42");
  EXPECT_EQ(call.form["DurationSeconds"], "1800");
}

TEST_F(AssumeRoleTest, RefreshesOnlyInsideTheWindowBeforeExpiry) {
  std::shared_ptr<CredentialsProvider> provider =
      std::move(AssumeRoleCredentials(options_).value());
  ASSERT_TRUE(provider->Get().ok());
  now_ = kT0 + 3600 - 301;  // 5 min + 1 s left: cached
  EXPECT_EQ(provider->Get().value().access_key_id, "ASIA1");
  EXPECT_EQ(sts_.calls().size(), 1u);
  sts_.set_expiration(kT0 + 7200);
  now_ = kT0 + 3600 - 300;  // inside the window: refreshed
  EXPECT_EQ(provider->Get().value().access_key_id, "ASIA2");
  EXPECT_EQ(provider->Get().value().access_key_id, "ASIA2");
  EXPECT_EQ(sts_.calls().size(), 2u);

  options_.refresh_window_seconds = 0;
  std::shared_ptr<CredentialsProvider> lazy = std::move(AssumeRoleCredentials(options_).value());
  now_ = kT0;
  ASSERT_TRUE(lazy->Get().ok());
  now_ = kT0 + 7199;
  EXPECT_EQ(lazy->Get().value().access_key_id, "ASIA3");  // a second left
  now_ = kT0 + 7200;
  EXPECT_EQ(lazy->Get().value().access_key_id, "ASIA4");
}

TEST_F(AssumeRoleTest, AFailedRefreshKeepsUnexpiredCredentialsAndSaysWhy) {
  std::shared_ptr<CredentialsProvider> provider =
      std::move(AssumeRoleCredentials(options_).value());
  ASSERT_TRUE(provider->Get().ok());
  sts_.set_deny(true);
  now_ = kT0 + 3500;
  EXPECT_EQ(provider->Get().value().access_key_id, "ASIA1");
  now_ = kT0 + 3600;
  auto failed = provider->Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "AccessDenied");
  EXPECT_TRUE(Contains(failed.error().message, "assume role " + std::string(kRole)))
      << failed.error().message;
}

class FailingSource : public CredentialsProvider {
 public:
  Outcome<Credentials> Get() override {
    return MakeError(ErrorKind::kOther, "NoCredentialsError", "nothing configured", 0);
  }
  std::string Name() const override { return "failing"; }
};

TEST_F(AssumeRoleTest, ASourceFailureIsReportedWithoutCallingSts) {
  options_.source = std::make_shared<FailingSource>();
  auto failed = AssumeRoleCredentials(options_).value()->Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "NoCredentialsError");
  EXPECT_TRUE(Contains(failed.error().message, "source credentials (failing)"));
  EXPECT_TRUE(sts_.calls().empty());
}

TEST_F(AssumeRoleTest, LogsNameTheRoleButNoSecret) {
  std::ostringstream out;
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  logger->set_level(spdlog::level::trace);
  spdlog::set_default_logger(logger);
  std::shared_ptr<CredentialsProvider> provider =
      std::move(AssumeRoleCredentials(options_).value());
  ASSERT_TRUE(provider->Get().ok());
  sts_.set_deny(true);
  now_ = kT0 + 3500;
  ASSERT_TRUE(provider->Get().ok());  // the warning path
  spdlog::set_default_logger(previous);
  std::string text = out.str();
  EXPECT_TRUE(Contains(text, kRole)) << text;
  EXPECT_TRUE(Contains(text, "refreshing role")) << text;
  for (const char* secret : {kSourceSecret, "temp-secret-1", "temp-token-1"}) {
    EXPECT_FALSE(Contains(text, secret)) << text;
  }
}

TEST_F(AssumeRoleTest, StsEndpointAndRegionFromTheEnvironment) {
  options_.sts_endpoint.reset();
  options_.region.reset();
  options_.env_overrides = {{"AWS_ENDPOINT_URL_STS", sts_.url() + "/"},
                            {"AWS_REGION", "ap-southeast-2"}};
  ASSERT_TRUE(AssumeRoleCredentials(options_).value()->Get().ok());
  ASSERT_EQ(sts_.calls().size(), 1u);
  EXPECT_EQ(sts_.calls()[0].scope_region, "ap-southeast-2");
}

}  // namespace
}  // namespace backupctl
