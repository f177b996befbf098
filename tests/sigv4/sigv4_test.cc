// SigV4 against the official AWS test suite (both layouts, read in place),
// plus signing/verification round trips and the verifier's AWS error codes.

#include "providers/sigv4/sigv4.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace backupctl {
namespace {

namespace fs = std::filesystem;

// A copy of the official vectors lives in the repository (tests/data/README.md).
const char kSuiteDir[] = BACKUPCTL_TEST_DATA_DIR "/sigv4-testsuite";
const char kSuiteKeyId[] = "AKIDEXAMPLE";
const char kSuiteSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const char kVanillaToken[] = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
const char kStsToken[] =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSP"
    "fIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT"
    "7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm"
    "8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A raw HTTP/1.1 request as the suite writes it: request line (the target may
// hold raw spaces), headers with continuation lines, a blank line, the body.
SigV4Request ParseRawRequest(const std::string& raw) {
  SigV4Request req;
  size_t pos = raw.find('\n');
  std::string line = raw.substr(0, pos);
  size_t first = line.find(' '), last = line.rfind(' ');
  req.method = line.substr(0, first);
  std::string target = line.substr(first + 1, last - first - 1);
  size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) req.query = target.substr(q + 1);
  while (pos != std::string::npos) {
    size_t start = pos + 1;
    pos = raw.find('\n', start);
    line = raw.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    if (line.empty()) {
      if (pos != std::string::npos) req.body = raw.substr(pos + 1);
      break;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !req.headers.empty()) {
      req.headers.back().second += "\n" + line;
      continue;
    }
    size_t colon = line.find(':');
    req.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  return req;
}

struct SuiteCase {
  std::string name;  // test name
  fs::path dir;
  bool classic = false;  // layout 1 (botocore) vs layout 2 (aws-c-auth)
};

// Empty when the suite is missing: the listing test below then fails and says
// so, rather than an exception aborting the whole binary.
std::vector<SuiteCase> ListCases() {
  std::vector<SuiteCase> cases;
  std::error_code ec;
  if (!fs::is_directory(kSuiteDir, ec)) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(kSuiteDir)) {
    if (!entry.is_directory()) continue;
    const fs::path& dir = entry.path();
    bool classic = fs::exists(dir / (dir.filename().string() + ".req"));
    if (!classic && !fs::exists(dir / "request.txt")) continue;
    std::string name = fs::relative(dir, kSuiteDir).string();
    for (char& c : name) {
      if (!isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    cases.push_back({name, dir, classic});
  }
  std::sort(cases.begin(), cases.end(),
            [](const SuiteCase& a, const SuiteCase& b) { return a.name < b.name; });
  return cases;
}

struct Expected {
  std::string canonical_request, string_to_sign, authorization;
};

struct Prepared {
  SigV4Request request;
  Credentials creds;
  SigV4Options opts;
  Expected expected;
};

std::string AuthorizationLine(const std::string& signed_request) {
  std::istringstream in(signed_request);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Authorization:", 0) == 0) return line.substr(strlen("Authorization:"));
  }
  return "";
}

Prepared PrepareClassic(const SuiteCase& c) {
  Prepared p;
  std::string base = (c.dir / c.dir.filename()).string();
  p.request = ParseRawRequest(ReadFile(base + ".req"));
  p.creds = {kSuiteKeyId, kSuiteSecret, "", std::nullopt};
  std::string leaf = c.dir.filename().string();
  if (leaf == "get-vanilla-with-session-token") p.creds.session_token = kVanillaToken;
  if (leaf == "post-sts-header-before" || leaf == "post-sts-header-after") {
    p.creds.session_token = kStsToken;
  }
  p.opts.sign_session_token = leaf != "post-sts-header-after";
  p.opts.region = "us-east-1";
  p.opts.service = "service";
  p.opts.amz_date = "20150830T123600Z";
  p.expected = {ReadFile(base + ".creq"), ReadFile(base + ".sts"), ReadFile(base + ".authz")};
  return p;
}

std::string AmzDateFromIso(const std::string& iso) {  // 2015-08-30T12:36:00Z
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

Prepared PrepareModern(const SuiteCase& c) {
  Prepared p;
  p.request = ParseRawRequest(ReadFile(c.dir / "request.txt"));
  auto ctx = nlohmann::json::parse(ReadFile(c.dir / "context.json"));
  const auto& creds = ctx["credentials"];
  p.creds = {creds["access_key_id"], creds["secret_access_key"], creds.value("token", ""),
             std::nullopt};
  p.opts.region = ctx["region"];
  p.opts.service = ctx["service"];
  p.opts.amz_date = AmzDateFromIso(ctx["timestamp"]);
  p.opts.normalize_path = ctx.value("normalize", true);
  p.opts.sign_body_header = ctx.value("sign_body", false);
  p.opts.sign_session_token = !ctx.value("omit_session_token", false);
  Expected e;
  e.canonical_request = ReadFile(c.dir / "header-canonical-request.txt");
  e.string_to_sign = ReadFile(c.dir / "header-string-to-sign.txt");
  e.authorization = AuthorizationLine(ReadFile(c.dir / "header-signed-request.txt"));
  p.expected = e;
  return p;
}

std::string HeaderOf(const SigV4Request& req, const std::string& name) {
  for (const auto& [k, v] : req.headers) {
    if (k == name) return v;
  }
  return "";
}

class SigV4SuiteTest : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(SigV4SuiteTest, MatchesCanonicalRequestStringToSignAndAuthorization) {
  const SuiteCase& c = GetParam();
  Prepared p = c.classic ? PrepareClassic(c) : PrepareModern(c);
  ASSERT_FALSE(p.expected.authorization.empty()) << c.dir;

  SigV4Request signed_req = p.request;
  SignRequest(&signed_req, p.creds, p.opts);
  std::string authorization = HeaderOf(signed_req, "Authorization");
  SigV4Authorization auth;
  std::string why;
  ASSERT_TRUE(ParseAuthorization(authorization, &auth, &why)) << why;

  std::string creq = CanonicalRequest(signed_req, auth.signed_headers, p.opts);
  EXPECT_EQ(creq, p.expected.canonical_request);
  std::string scope = "20150830/" + p.opts.region + "/" + p.opts.service + "/aws4_request";
  EXPECT_EQ(StringToSign(creq, p.opts.amz_date, scope), p.expected.string_to_sign);
  EXPECT_EQ(authorization, p.expected.authorization);
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SigV4SuiteTest);
INSTANTIATE_TEST_SUITE_P(Suite, SigV4SuiteTest, ::testing::ValuesIn(ListCases()),
                         [](const auto& info) { return info.param.name; });

TEST(SigV4SuiteListing, FindsEveryCaseOfBothLayouts) {
  int classic = 0, modern = 0;
  for (const SuiteCase& c : ListCases()) (c.classic ? classic : modern)++;
  ASSERT_TRUE(fs::is_directory(kSuiteDir)) << "the SigV4 test vectors are missing: " << kSuiteDir;
  EXPECT_EQ(classic, 34);
  EXPECT_EQ(modern, 38);
}

// --- Signing for AWS Backup and verification --------------------------------

constexpr long long kNow = 1700000000;  // 20231114T221320Z
const char kKeyId[] = "AKIAIOSFODNN7EXAMPLE";
const char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

SigV4Request BackupRequest() {
  SigV4Request req;
  req.method = "POST";
  req.path = "/tags/arn%3Aaws%3Abackup%3Aus-east-1%3A123456789012%3Abackup-vault%3Av1";
  req.query = "maxResults=10&nextToken=a%2Fb%3D%3D";
  req.headers = {{"Host", "backup.us-east-1.amazonaws.com"},
                 {"Content-Type", "application/json"},
                 {"User-Agent", "backupctl/0.1"}};
  req.body = R"({"Tags":{"team":"storage"}})";
  return req;
}

SigV4Options BackupOptions() {
  SigV4Options opts;
  opts.region = "us-east-1";
  opts.amz_date = FormatAmzDate(kNow);
  return opts;
}

SigV4Request Signed(SigV4Request req, const std::string& token = "") {
  SignRequest(&req, {kKeyId, kSecret, token, std::nullopt}, BackupOptions());
  return req;
}

std::string Verify(const SigV4Request& req, std::string* message, long long now = kNow) {
  return VerifyRequest(req, kKeyId, kSecret, message, now);
}

void SetHeader(SigV4Request* req, const std::string& name, const std::string& value) {
  for (auto& [k, v] : req->headers) {
    if (k == name) v = value;
  }
}

TEST(SigV4Backup, CanonicalUriEncodesTheWirePathAgain) {
  SigV4Request req = Signed(BackupRequest());
  std::string creq = CanonicalRequest(req, {"host"}, BackupOptions());
  EXPECT_EQ(creq.substr(0, creq.find('\n', 5)),
            "POST\n/tags/arn%253Aaws%253Abackup%253Aus-east-1%253A123456789012%253Abackup-vault%"
            "253Av1");
  EXPECT_NE(creq.find("\nmaxResults=10&nextToken=a%2Fb%3D%3D\n"), std::string::npos);
}

TEST(SigV4Backup, SignsEveryHeaderButUserAgent) {
  SigV4Request req = Signed(BackupRequest(), "session-token");
  SigV4Authorization auth;
  std::string why;
  ASSERT_TRUE(ParseAuthorization(HeaderOf(req, "Authorization"), &auth, &why)) << why;
  EXPECT_EQ(auth.signed_headers, (std::vector<std::string>{"content-type", "host", "x-amz-date",
                                                           "x-amz-security-token"}));
  EXPECT_EQ(auth.access_key_id, kKeyId);
  EXPECT_EQ(auth.date, "20231114");
  EXPECT_EQ(auth.region, "us-east-1");
  EXPECT_EQ(auth.service, "backup");
  EXPECT_EQ(HeaderOf(req, "X-Amz-Security-Token"), "session-token");
  EXPECT_EQ(HeaderOf(req, "X-Amz-Date"), "20231114T221320Z");
}

TEST(SigV4Backup, ResigningReplacesDateTokenAndAuthorization) {
  SigV4Request once = Signed(BackupRequest(), "t1");
  SigV4Request twice = Signed(once, "t1");
  EXPECT_EQ(once.headers.size(), twice.headers.size());
  EXPECT_EQ(HeaderOf(once, "Authorization"), HeaderOf(twice, "Authorization"));
}

TEST(SigV4Verify, AcceptsWhatSignRequestSigns) {
  std::string message;
  EXPECT_EQ(Verify(Signed(BackupRequest()), &message), "") << message;
  EXPECT_EQ(Verify(Signed(BackupRequest(), "tok"), &message), "") << message;
  SigV4Request empty = BackupRequest();
  empty.method = "GET";
  empty.body.clear();
  empty.query.clear();
  EXPECT_EQ(Verify(Signed(empty), &message), "") << message;
}

TEST(SigV4Verify, AcceptsSkewUpToFifteenMinutes) {
  std::string message;
  SigV4Request req = Signed(BackupRequest());
  EXPECT_EQ(Verify(req, &message, kNow + 15 * 60), "") << message;
  EXPECT_EQ(Verify(req, &message, kNow - 15 * 60), "") << message;
}

TEST(SigV4Verify, RejectsTamperedBodyPathQueryHeaderAndMethod) {
  const SigV4Request good = Signed(BackupRequest());
  std::vector<SigV4Request> bad(5, good);
  bad[0].body += " ";
  bad[1].path += "x";
  bad[2].query = "maxResults=11&nextToken=a%2Fb%3D%3D";
  SetHeader(&bad[3], "Content-Type", "application/x-amz-json-1.1");
  bad[4].method = "PUT";
  for (const SigV4Request& req : bad) {
    std::string message;
    EXPECT_EQ(Verify(req, &message), "InvalidSignatureException");
    EXPECT_EQ(message,
              "The request signature we calculated does not match the signature you provided. "
              "Check your AWS Secret Access Key and signing method. Consult the service "
              "documentation for details.");
  }
}

TEST(SigV4Verify, IgnoresUnsignedHeadersButNotSignedOnes) {
  SigV4Request req = Signed(BackupRequest());
  SetHeader(&req, "User-Agent", "something-else");
  req.headers.emplace_back("X-Forwarded-For", "10.0.0.1");
  std::string message;
  EXPECT_EQ(Verify(req, &message), "") << message;
  req.headers.emplace_back("host", "evil.example.com");  // a second Host joins the signed value
  EXPECT_EQ(Verify(req, &message), "InvalidSignatureException");
}

TEST(SigV4Verify, RejectsTamperedDateAsMismatchOrScope) {
  SigV4Request req = Signed(BackupRequest());
  SetHeader(&req, "X-Amz-Date", FormatAmzDate(kNow + 60));
  std::string message;
  EXPECT_EQ(Verify(req, &message), "InvalidSignatureException");
  SetHeader(&req, "X-Amz-Date", FormatAmzDate(kNow + 86400));
  EXPECT_EQ(Verify(req, &message, kNow + 86400), "InvalidSignatureException");
  EXPECT_EQ(message,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
            "HTTP: '20231114' != '20231115', from '20231115T221320Z'.");
}

TEST(SigV4Verify, RejectsWrongSecretAndUnknownKey) {
  SigV4Request req = Signed(BackupRequest());
  std::string message;
  EXPECT_EQ(VerifyRequest(req, kKeyId, "other-secret", &message, kNow),
            "InvalidSignatureException");
  EXPECT_EQ(VerifyRequest(req, "AKIDOTHER", kSecret, &message, kNow),
            "UnrecognizedClientException");
  EXPECT_EQ(message, "The security token included in the request is invalid.");
}

TEST(SigV4Verify, RejectsClockSkewBeyondFifteenMinutes) {
  SigV4Request req = Signed(BackupRequest());
  std::string message;
  EXPECT_EQ(Verify(req, &message, kNow + 15 * 60 + 1), "InvalidSignatureException");
  EXPECT_EQ(message,
            "Signature expired: 20231114T221320Z is now earlier than 20231114T221321Z "
            "(20231114T222821Z - 15 min.)");
  EXPECT_EQ(Verify(req, &message, kNow - 15 * 60 - 1), "InvalidSignatureException");
  EXPECT_EQ(message.rfind("Signature not yet current: 20231114T221320Z is still later than", 0), 0u)
      << message;
}

TEST(SigV4Verify, MissingAuthorizationIsMissingAuthenticationToken) {
  std::string message;
  EXPECT_EQ(Verify(BackupRequest(), &message), "MissingAuthenticationToken");
  EXPECT_EQ(message, "Missing Authentication Token");
}

TEST(SigV4Verify, MalformedAuthorizationIsIncompleteSignature) {
  const SigV4Request good = Signed(BackupRequest());
  const std::vector<std::string> malformed = {
      "AWS4-HMAC-SHA1 Credential=AKIAIOSFODNN7EXAMPLE/20231114/us-east-1/backup/aws4_request, "
      "SignedHeaders=host, Signature=00",
      "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=00",
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20231114/us-east-1/backup/aws4_request",
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20231114/backup/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=00",
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20231114/us-east-1/backup/aws5, "
      "SignedHeaders=host;x-amz-date, Signature=00",
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20231114/us-east-1/backup/aws4_request, "
      "SignedHeaders=host;;x-amz-date, Signature=00",
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20231114/us-east-1/backup/aws4_request, "
      "SignedHeaders=x-amz-date, Signature=00",
  };
  for (const std::string& value : malformed) {
    SigV4Request req = good;
    SetHeader(&req, "Authorization", value);
    std::string message;
    EXPECT_EQ(Verify(req, &message), "IncompleteSignature") << value;
    EXPECT_FALSE(message.empty());
  }
  SigV4Request req = good;
  SetHeader(&req, "X-Amz-Date", "2023-11-14T22:13:20Z");
  std::string message;
  EXPECT_EQ(Verify(req, &message), "IncompleteSignature");
  EXPECT_EQ(message.rfind("Date must be in ISO-8601 'basic format'", 0), 0u) << message;
}

TEST(SigV4Verify, MessagesNeverCarryTheSignatureOrSecret) {
  SigV4Request req = Signed(BackupRequest(), "secret-session-token");
  std::string signature = HeaderOf(req, "Authorization");
  signature = signature.substr(signature.find("Signature=") + 10);
  for (long long now : {kNow, kNow + 3600}) {
    std::string message;
    VerifyRequest(req, kKeyId, "wrong", &message, now);
    EXPECT_EQ(message.find(signature), std::string::npos);
    EXPECT_EQ(message.find(kSecret), std::string::npos);
    EXPECT_EQ(message.find("secret-session-token"), std::string::npos);
  }
}

// A server for us-east-1 and `backup` refuses a scope for another region or
// service, with AWS's InvalidSignatureException wording, before the key.
TEST(SigV4Verify, RejectsAScopeForAnotherRegionOrService) {
  const SigV4Scope scope{"us-east-1", "backup"};
  std::string message;
  EXPECT_EQ(VerifyRequest(Signed(BackupRequest()), kKeyId, kSecret, &message, kNow, scope), "");
  SigV4Options opts = BackupOptions();
  opts.region = "ap-southeast-2";
  SigV4Request other_region = BackupRequest();
  SignRequest(&other_region, {kKeyId, kSecret, "", std::nullopt}, opts);
  EXPECT_EQ(VerifyRequest(other_region, kKeyId, kSecret, &message, kNow, scope),
            "InvalidSignatureException");
  EXPECT_EQ(message, "Credential should be scoped to a valid region. ");
  EXPECT_EQ(VerifyRequest(other_region, "AKIDOTHER", kSecret, &message, kNow, scope),
            "InvalidSignatureException");
  opts = BackupOptions();
  opts.service = "s3";
  SigV4Request other_service = BackupRequest();
  SignRequest(&other_service, {kKeyId, kSecret, "", std::nullopt}, opts);
  EXPECT_EQ(VerifyRequestHeaders(other_service, kKeyId, kSecret, &message, kNow, scope),
            "InvalidSignatureException");
  EXPECT_EQ(message, "Credential should be scoped to correct service: 'backup'. ");
  // Without an expected scope, any correctly signed scope passes.
  EXPECT_EQ(VerifyRequest(other_service, kKeyId, kSecret, &message, kNow), "");
}

TEST(SigV4Verify, HeadersAloneDecideAllButASignatureOverTheBody) {
  SigV4Request req = Signed(BackupRequest());
  SigV4Request bodiless = req;
  bodiless.body.clear();
  std::string message;
  // The signature covers the body's hash: with the body unread it is not checked...
  EXPECT_EQ(VerifyRequestHeaders(bodiless, kKeyId, "wrong", &message, kNow), "");
  // ...but the rest is.
  EXPECT_EQ(VerifyRequestHeaders(bodiless, "AKIDOTHER", kSecret, &message, kNow),
            "UnrecognizedClientException");
  EXPECT_EQ(VerifyRequestHeaders(bodiless, kKeyId, kSecret, &message, kNow + 3600),
            "InvalidSignatureException");
  SigV4Request unsigned_req = BackupRequest();
  EXPECT_EQ(VerifyRequestHeaders(unsigned_req, kKeyId, kSecret, &message, kNow),
            "MissingAuthenticationToken");
}

TEST(SigV4Verify, AnXAmzContentSha256LetsTheSignatureBeCheckedBeforeTheBody) {
  SigV4Options opts = BackupOptions();
  opts.sign_body_header = true;
  SigV4Request req = BackupRequest();
  SignRequest(&req, {kKeyId, kSecret, "", std::nullopt}, opts);
  SigV4Request bodiless = req;
  bodiless.body.clear();
  std::string message;
  EXPECT_EQ(VerifyRequestHeaders(bodiless, kKeyId, kSecret, &message, kNow), "");
  EXPECT_EQ(VerifyRequestHeaders(bodiless, kKeyId, "wrong", &message, kNow),
            "InvalidSignatureException");
  EXPECT_EQ(VerifyRequest(req, kKeyId, kSecret, &message, kNow), "");
  // A body that is not the one whose hash was signed fails the full check.
  req.body = R"({"Tags":{"team":"attacker"}})";
  EXPECT_EQ(VerifyRequest(req, kKeyId, kSecret, &message, kNow), "InvalidSignatureException");
}

TEST(SigV4Helpers, Sha256AndHmacMatchKnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231 test case 2.
  std::string mac = HmacSha256("Jefe", "what do ya want for nothing?");
  ASSERT_EQ(mac.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(mac[0]), 0x5b);
  EXPECT_EQ(static_cast<unsigned char>(mac[31]), 0x43);
}

}  // namespace
}  // namespace backupctl
