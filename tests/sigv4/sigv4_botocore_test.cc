// Cross-check: 240 seeded, deliberately awkward AWS Backup requests are signed
// by SignRequest and by botocore's own SigV4Auth (tests/sigv4/botocore_sign.py,
// run once for the whole batch); the Authorization headers must be
// byte-identical, and VerifyRequest must accept botocore's signatures.

#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "base/strings.h"
#include "providers/sigv4/sigv4.h"
#include "tests/support/peers.h"

namespace backupctl {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr int kRequests = 240;
const char kScript[] = BACKUPCTL_SOURCE_DIR "/tests/sigv4/botocore_sign.py";

struct Case {
  SigV4Request request;  // unsigned
  Credentials creds;
  SigV4Options opts;
  long long epoch = 0;
};

std::string WireEncode(const std::string& s) {  // what the REST serializer sends
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kDigits[c >> 4], kDigits[c & 0xf]};
    }
  }
  return out;
}

std::string Base64(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(n);
  return out;
}

// Deterministic generator of awkward requests (fixed seed, modulo picks).
class Generator {
 public:
  Case Next(int index) {
    Case c;
    c.epoch = 1420070400 + static_cast<long long>(rng_() % (20LL * 365 * 86400));
    c.opts.region = Pick<std::string>(
        {"us-east-1", "eu-central-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"});
    c.opts.service = "backup";
    c.opts.amz_date = FormatAmzDate(c.epoch);
    c.creds = {"AKIA" + Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
               Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
               Chance(50) ? Token() : "", std::nullopt};
    c.request.method = Pick<std::string>({"GET", "PUT", "POST", "DELETE"});
    c.request.path = Path();
    c.request.query = Query();
    c.request.body = Body(index);
    c.request.headers = MakeHeaders(c);
    return c;
  }

 private:
  template <typename T>
  T Pick(const std::vector<T>& options) {
    return options[rng_() % options.size()];
  }
  bool Chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }

  std::string Chars(const std::string& alphabet, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out.push_back(alphabet[rng_() % alphabet.size()]);
    return out;
  }

  std::string Token() {
    return Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
                 100 + rng_() % 300);
  }

  // A decoded string mixing unreserved, reserved, space and multi-byte UTF-8.
  std::string Text(size_t max_pieces) {
    static const std::vector<std::string> kPieces = {
        "a",  "Z",  "0",     "-",
        "_",  ".",  "~",     " ",
        "!",  "*",  "'",     "(",
        ")",  ";",  ":",     "@",
        "&",  "=",  "+",     "$",
        ",",  "/",  "?",     "#",
        "[",  "]",  "%",     "%3A",
        "é",  "€",  "ሴ",     "日本",
        "😀",  "\"", "<",     ">",
        "\\", "^",  "`",     "{",
        "|",  "}",  "vault", "arn:aws:backup:us-east-1:123456789012:backup-vault:v1"};
    std::string out;
    size_t n = rng_() % (max_pieces + 1);
    for (size_t i = 0; i < n; ++i) out += Pick(kPieces);
    return out;
  }

  // Wire paths: serializer-encoded labels, plus raw characters, dot segments
  // and doubled slashes that the signer must normalise and encode itself.
  std::string Path() {
    static const std::vector<std::string> kPrefixes = {
        "/backup-vaults/", "/backup/plans/", "/tags/", "/untag/", "/", "//", "/a/./b/../"};
    static const std::vector<std::string> kRaw = {"~user", "$delete", "a b", "x:y@z",    "é€",
                                                  "..",    ".",       "",    "!*'(),;=+"};
    std::string path = Pick(kPrefixes);
    int segments = 1 + static_cast<int>(rng_() % 3);
    for (int i = 0; i < segments; ++i) {
      if (i > 0) path += "/";
      path += Chance(70) ? WireEncode(Text(6)) : Pick(kRaw);
    }
    if (Chance(40)) path += "/";
    return path;
  }

  std::string Query() {
    static const std::vector<std::string> kNames = {
        "maxResults",   "nextToken", "backupVaultAccountId",
        "createdAfter", "versionId", "a b",
        "x+y",          "q=1",       "k&v",
        "ключ",         "~tilde",    "UPPER",
        "lower",        ""};
    std::vector<std::string> parts;
    int n = static_cast<int>(rng_() % 6);
    for (int i = 0; i < n; ++i) {
      std::string name = Chance(75) ? Pick(kNames) : Text(3);
      if (name.empty()) name = "empty";
      std::string value = Text(5);
      int repeats = Chance(20) ? 2 : 1;  // repeated keys, different values
      for (int r = 0; r < repeats; ++r) {
        if (value.empty() && Chance(50)) {
          parts.push_back(WireEncode(name));
        } else {
          parts.push_back(WireEncode(name) + "=" + WireEncode(value));
        }
        value = Text(4);
      }
    }
    std::string query;
    for (size_t i = 0; i < parts.size(); ++i) query += (i ? "&" : "") + parts[i];
    return query;
  }

  std::string Body(int index) {
    if (index % 80 == 7) return std::string(1 << 20, static_cast<char>('a' + index % 26));
    switch (rng_() % 4) {
      case 0:
        return "";
      case 1:
        return R"({"Tags":{"team":")" + Text(8) + R"("}})";
      case 2: {
        std::string binary;
        size_t n = rng_() % 4096;
        for (size_t i = 0; i < n; ++i) binary.push_back(static_cast<char>(rng_() & 0xff));
        return binary;
      }
      default:
        return "{}";
    }
  }

  Headers MakeHeaders(const Case& c) {
    Headers h;
    h.emplace_back(Chance(50) ? "Host" : "host",
                   Pick<std::string>({"backup." + c.opts.region + ".amazonaws.com",
                                      "127.0.0.1:39143", "localhost:4566"}));
    if (!c.request.body.empty() && Chance(80)) h.emplace_back("Content-Type", "application/json");
    if (Chance(30)) h.emplace_back("Content-Length", std::to_string(c.request.body.size()));
    if (Chance(40)) h.emplace_back("User-Agent", "backupctl/0.1.0 linux");
    if (Chance(15)) h.emplace_back("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793");
    if (Chance(10)) h.emplace_back("Expect", "100-continue");
    if (Chance(30)) h.emplace_back("X-Custom-Spaces", "  a   b \t c  ");
    if (Chance(20)) {
      h.emplace_back("X-Dup", "second");
      h.emplace_back("x-DUP", " first  value ");
    }
    if (Chance(10)) h.emplace_back("X-Amz-Date", "20000101T000000Z");  // stale: replaced
    if (Chance(10)) h.emplace_back("x-amz-content-sha256", Sha256Hex(c.request.body));
    if (Chance(10)) h.emplace_back("Authorization", "stale");  // replaced
    return h;
  }

  std::mt19937_64 rng_{20240917};
};

// Debian's python3-botocore first; BACKUPCTL_PYTHON picks another interpreter.
std::optional<std::string> FindPython() {
  std::vector<std::string> candidates = {"/usr/bin/python3", "python3"};
  if (const char* chosen = std::getenv("BACKUPCTL_PYTHON")) candidates = {chosen};
  for (const std::string& python : candidates) {
    std::string probe = python + " -c 'import botocore.auth' >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return python;
  }
  return std::nullopt;
}

nlohmann::json ToJson(const Case& c) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : c.request.headers) headers.push_back({name, value});
  return {{"method", c.request.method},
          {"path", c.request.path},
          {"query", c.request.query},
          {"headers", headers},
          {"body_b64", Base64(c.request.body)},
          {"date", c.opts.amz_date},
          {"access_key", c.creds.access_key_id},
          {"secret_key", c.creds.secret_access_key},
          {"token", c.creds.session_token},
          {"region", c.opts.region},
          {"service", c.opts.service}};
}

// Runs the script once over all cases; one JSON object per case.
std::vector<nlohmann::json> SignWithBotocore(const std::string& python,
                                             const std::vector<Case>& cases) {
  std::string input = ::testing::TempDir() + "/botocore_sign_input.jsonl";
  {
    std::ofstream out(input, std::ios::binary);
    for (const Case& c : cases) out << ToJson(c).dump() << "\n";
  }
  std::string command = "timeout 120 " + python + " " + kScript + " < " + input;
  std::vector<nlohmann::json> results;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return results;
  std::string output;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) output.append(buf, n);
  pclose(pipe);
  std::remove(input.c_str());
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    if (end > start) results.push_back(nlohmann::json::parse(output.substr(start, end - start)));
    start = end + 1;
  }
  return results;
}

std::string HeaderOf(const SigV4Request& req, const std::string& name) {
  for (const auto& [k, v] : req.headers) {
    if (k == name) return v;
  }
  return "";
}

// The request as botocore put it on the wire, for the verifier.
SigV4Request AsBotocoreSent(const Case& c, const std::string& authorization) {
  SigV4Request req = c.request;
  std::erase_if(req.headers, [](const auto& kv) {
    std::string lower = Lower(kv.first);
    return lower == "x-amz-date" || lower == "authorization" || lower == "x-amz-security-token";
  });
  req.headers.emplace_back("X-Amz-Date", c.opts.amz_date);
  if (!c.creds.session_token.empty()) {
    req.headers.emplace_back("X-Amz-Security-Token", c.creds.session_token);
  }
  req.headers.emplace_back("Authorization", authorization);
  return req;
}

// Generates the cases and runs botocore once for both tests.
class SigV4Botocore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    python_ = FindPython();
    if (!python_) return;
    Generator gen;
    for (int i = 0; i < kRequests; ++i) cases_.push_back(gen.Next(i));
    botocore_ = SignWithBotocore(*python_, cases_);
  }
  void SetUp() override {
    if (!python_) PEER_MISSING("no python3 with botocore (apt-get install python3-botocore)");
    ASSERT_EQ(botocore_.size(), cases_.size()) << "botocore_sign.py failed; run it by hand";
  }
  static std::optional<std::string> python_;
  static std::vector<Case> cases_;
  static std::vector<nlohmann::json> botocore_;
};
std::optional<std::string> SigV4Botocore::python_;
std::vector<Case> SigV4Botocore::cases_;
std::vector<nlohmann::json> SigV4Botocore::botocore_;

TEST_F(SigV4Botocore, AuthorizationHeadersAreByteIdentical) {
  std::cout << "botocore " << botocore_[0]["botocore"].get<std::string>() << " via " << *python_
            << "\n";
  int mismatches = 0;
  for (size_t i = 0; i < cases_.size() && mismatches < 5; ++i) {
    SigV4Request ours = cases_[i].request;
    SignRequest(&ours, cases_[i].creds, cases_[i].opts);
    const std::string theirs = botocore_[i]["authorization"];
    if (HeaderOf(ours, "Authorization") == theirs) continue;
    ++mismatches;
    SigV4Authorization auth;
    std::string why;
    ParseAuthorization(HeaderOf(ours, "Authorization"), &auth, &why);
    ADD_FAILURE() << "request " << i << " differs\nours:\n"
                  << CanonicalRequest(ours, auth.signed_headers, cases_[i].opts) << "\nbotocore:\n"
                  << botocore_[i]["canonical_request"].get<std::string>();
  }
}

TEST_F(SigV4Botocore, VerifyRequestAcceptsBotocoreSignatures) {
  for (size_t i = 0; i < cases_.size(); ++i) {
    const Credentials& creds = cases_[i].creds;
    SigV4Request sent = AsBotocoreSent(cases_[i], botocore_[i]["authorization"]);
    std::string message;
    EXPECT_EQ(VerifyRequest(sent, creds.access_key_id, creds.secret_access_key, &message,
                            cases_[i].epoch),
              "")
        << "request " << i << ": " << message;
    sent.method = "PATCH";
    EXPECT_EQ(VerifyRequest(sent, creds.access_key_id, creds.secret_access_key, &message,
                            cases_[i].epoch),
              "InvalidSignatureException");
  }
}

}  // namespace
}  // namespace backupctl
