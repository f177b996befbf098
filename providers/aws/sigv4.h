// AWS Signature Version 4 (header form), for signing on the client and
// verifying on the emulator.
//
// A SigV4Request holds the request exactly as it goes on the wire: `path` is
// already percent-encoded by the REST serializer (ARN labels carry %3A), and
// `query` is the raw query string without '?'. For every service but S3 the
// canonical URI encodes that path once more (%3A -> %253A); set
// `double_encode_path = false` and `normalize_path = false` for S3-style rules
// (the test-suite's *-unnormalized cases).

#ifndef BACKUPCTL_PROVIDERS_AWS_SIGV4_H_
#define BACKUPCTL_PROVIDERS_AWS_SIGV4_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace backupctl {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;            // empty for long-term keys
  std::optional<long long> expiration;  // epoch seconds; nullopt = never expires
  bool empty() const { return access_key_id.empty(); }
};

struct SigV4Request {
  std::string method;
  std::string path;   // wire form, e.g. "/tags/arn%3Aaws%3Abackup%3A..."
  std::string query;  // wire form without '?', e.g. "maxResults=10&nextToken=a%2Fb"
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, any case
  std::string body;
};

struct SigV4Options {
  std::string region;
  std::string service = "backup";
  std::string amz_date;  // "YYYYMMDDTHHMMSSZ"; empty = now
  bool double_encode_path = true;
  bool normalize_path = true;
  bool sign_body_header = false;   // add and sign x-amz-content-sha256
  bool sign_session_token = true;  // false: token added after signing (unsigned)
};

// Lower-case hex SHA-256 and HMAC helpers (OpenSSL).
std::string Sha256Hex(const std::string& data);
std::string HmacSha256(const std::string& key, const std::string& data);  // raw bytes

// The pieces, exposed for the test suite and for the verifier.
std::string CanonicalRequest(const SigV4Request& req,
                             const std::vector<std::string>& signed_headers,
                             const SigV4Options& opts);
std::string StringToSign(const std::string& canonical_request, const std::string& amz_date,
                         const std::string& scope);

// Adds X-Amz-Date (if absent), X-Amz-Security-Token (with a session token) and
// Authorization. Signs every header present (plus host, which must be present).
void SignRequest(SigV4Request* req, const Credentials& creds, const SigV4Options& opts);

// Server side: checks the Authorization header of `req` against `secret` for
// `access_key_id`. Returns an empty string when valid, else the AWS error code
// ("IncompleteSignature", "InvalidClientTokenId", "SignatureDoesNotMatch",
// "RequestExpired", "MissingAuthenticationToken") and fills *message.
std::string VerifyRequest(const SigV4Request& req, const std::string& access_key_id,
                          const std::string& secret, std::string* message, long long now_epoch = 0);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_SIGV4_H_
