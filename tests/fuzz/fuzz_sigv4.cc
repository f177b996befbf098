// Fuzzes SigV4 canonicalisation and verification on arbitrary requests.
//
// Input: line 1 "METHOD PATH[?QUERY]", then "name: value" header lines up to
// an empty line, then the body. The request is first verified as it came
// (whatever Authorization it carries: ParseAuthorization and VerifyRequest on
// hostile values), then signed and verified again.
// Property: a request signed by SignRequest always passes VerifyRequest with
// the same secret at the same time (unless it carries an x-amz-content-sha256
// that is not its body's hash), and fails with another secret; its headers
// alone pass VerifyRequestHeaders. Headers
// HTTP cannot carry (names outside the token alphabet, values with CR, LF or
// NUL) are dropped first: the server never sees them.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>

#include "providers/sigv4/sigv4.h"

namespace backupctl {
namespace {

constexpr long long kNow = 1700000000;  // 2023-11-14T22:13:20Z

std::string TakeLine(std::string* rest) {
  size_t nl = rest->find('\n');
  std::string line = rest->substr(0, nl);
  rest->erase(0, nl == std::string::npos ? rest->size() : nl + 1);
  return line;
}

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string("!#$%&'*+-.^_`|~").find(c) != std::string::npos;
}

bool HttpCarries(const std::string& name, const std::string& value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsTokenChar(c)) return false;
  }
  return value.find_first_of(std::string("\r\n\0", 3)) == std::string::npos;
}

SigV4Request ParseRequest(std::string rest) {
  SigV4Request req;
  std::string start = TakeLine(&rest);
  size_t space = start.find(' ');
  req.method = start.substr(0, space);
  std::string target = space == std::string::npos ? "/" : start.substr(space + 1);
  size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) req.query = target.substr(q + 1);
  for (std::string line = TakeLine(&rest); !line.empty(); line = TakeLine(&rest)) {
    size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    if (HttpCarries(name, value)) req.headers.emplace_back(name, value);
  }
  req.body = std::move(rest);
  return req;
}

bool HasHost(const SigV4Request& req) {
  for (const auto& [name, value] : req.headers) {
    if (name.size() == 4 && (name[0] | 0x20) == 'h' && (name[1] | 0x20) == 'o' &&
        (name[2] | 0x20) == 's' && (name[3] | 0x20) == 't') {
      return true;
    }
  }
  return false;
}

// An x-amz-content-sha256 that is not the body's hash: the verifier must
// refuse the request even with our own signature, as the body is not the
// one the signature vouches for. (The first such header counts, as in
// CanonicalRequest.)
bool DeclaredHashIsNotTheBodys(const SigV4Request& req) {
  const std::string name = "x-amz-content-sha256";
  for (const auto& [n, value] : req.headers) {
    if (n.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < n.size() && same; ++i) {
      same = (n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]) == name[i];
    }
    if (!same) continue;
    size_t b = value.find_first_not_of(" \t\v\f");
    size_t e = value.find_last_not_of(" \t\v\f");
    std::string trimmed = b == std::string::npos ? "" : value.substr(b, e - b + 1);
    return trimmed != Sha256Hex(req.body);
  }
  return false;
}

}  // namespace
}  // namespace backupctl

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backupctl;
  SigV4Request req = ParseRequest(std::string(reinterpret_cast<const char*>(data), size));
  Credentials creds{"AKIDFUZZ", "fuzz/secret+key", size % 2 ? "fuzz-token" : "", std::nullopt};
  SigV4Options opts;
  opts.region = "us-east-1";
  opts.amz_date = FormatAmzDate(kNow);
  opts.sign_body_header = size % 3 == 0;

  std::string message;
  (void)VerifyRequest(req, creds.access_key_id, creds.secret_access_key, &message, kNow);
  (void)CanonicalRequest(req, HeadersToSign(req), opts);

  (void)VerifyRequestHeaders(req, creds.access_key_id, creds.secret_access_key, &message, kNow,
                             {"us-east-1", "backup"});

  if (!HasHost(req)) req.headers.emplace_back("Host", "backup.us-east-1.amazonaws.com");
  SignRequest(&req, creds, opts);
  const bool hash_lies = DeclaredHashIsNotTheBodys(req);
  std::string code =
      VerifyRequest(req, creds.access_key_id, creds.secret_access_key, &message, kNow);
  // Our own signature must verify, unless the declared payload hash lies.
  if (code.empty() == hash_lies) std::abort();
  if (VerifyRequestHeaders(req, creds.access_key_id, creds.secret_access_key, &message, kNow,
                           {"us-east-1", "backup"}) != "") {
    std::abort();  // the headers of a request we signed pass
  }
  code = VerifyRequest(req, creds.access_key_id, "another secret", &message, kNow);
  if (code != "InvalidSignatureException") std::abort();
  return 0;
}
