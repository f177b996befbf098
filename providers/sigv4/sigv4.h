// AWS Signature Version 4 (header form), for signing on the client
// (providers/aws) and verifying on the emulator (providers/local). Needs
// OpenSSL (through base/) and nothing else: no libcurl, no HTTP library.
//
// A SigV4Request holds the request exactly as it goes on the wire: `path` is
// already percent-encoded by the REST serializer (ARN labels carry %3A), and
// `query` is the raw query string without '?'. For every service but S3 the
// canonical URI encodes that path once more (%3A -> %253A), after removing
// "." / ".." segments and duplicate slashes. S3 rules are
// `double_encode_path = false` and `normalize_path = false`. (The official
// test suite gives paths unencoded, so its *-unnormalized cases keep
// `double_encode_path = true`: encoding "once more" is then encoding once.)
//
// Query names and values are decoded and re-encoded with RFC 3986 unreserved
// rules, then sorted by name and value. Header values are trimmed, inner
// whitespace runs collapsed, repeated headers joined with ',' in order.

#ifndef BACKUPCTL_PROVIDERS_SIGV4_SIGV4_H_
#define BACKUPCTL_PROVIDERS_SIGV4_SIGV4_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/sha256.h"  // Sha256Hex, HmacSha256: the hashes SigV4 is made of

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

// The pieces, exposed for the test suite and for the verifier.
// `signed_headers` are lower-case names; they are sorted and de-duplicated.
// The payload hash is the x-amz-content-sha256 header when present.
std::string CanonicalRequest(const SigV4Request& req,
                             const std::vector<std::string>& signed_headers,
                             const SigV4Options& opts);
std::string StringToSign(const std::string& canonical_request, const std::string& amz_date,
                         const std::string& scope);

// The headers SignRequest signs: every header present except Authorization
// and the hop-by-hop / proxy-rewritten ones the SDKs leave out (user-agent,
// expect, x-amzn-trace-id, connection, keep-alive, te, trailer,
// transfer-encoding, upgrade, proxy-*). Lower-case, sorted, unique.
std::vector<std::string> HeadersToSign(const SigV4Request& req);

// Adds X-Amz-Date (replacing any), X-Amz-Security-Token (with a session
// token), x-amz-content-sha256 (when asked) and Authorization (replacing
// any). Signs the headers HeadersToSign picks; the caller must have set Host.
void SignRequest(SigV4Request* req, const Credentials& creds, const SigV4Options& opts);

// "20150830T123600Z" for an epoch second.
std::string FormatAmzDate(long long epoch_seconds);

// The parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
// Signature=..." header. Parse returns false (and says why) when malformed.
struct SigV4Authorization {
  std::string access_key_id;
  std::string date;  // YYYYMMDD
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;
  std::string signature;
};
bool ParseAuthorization(const std::string& value, SigV4Authorization* out, std::string* why);

// The region and service a server answers for; an empty member accepts any.
struct SigV4Scope {
  std::string region;
  std::string service;
};

// Server side: checks the Authorization header of `req` against `secret` for
// `access_key_id`, using exactly the headers named in SignedHeaders, the wire
// path/query and the body. `now_epoch` = 0 means the current time; more than
// 15 minutes of skew is rejected. Returns an empty string when valid, else
// the AWS error code as REST-JSON services send it (all with HTTP 403):
//   "MissingAuthenticationToken"  no Authorization header
//   "IncompleteSignature"         malformed header, scope or X-Amz-Date
//   "InvalidSignatureException"   a scope for another region or service
//                                 ("Credential should be scoped to a valid
//                                 region. ", "... to correct service: 'backup'. ")
//   "UnrecognizedClientException" unknown access key id
//   "InvalidSignatureException"   signature mismatch (an x-amz-content-sha256
//                                 that is not the body's hash included), wrong
//                                 scope date, or clock skew ("Signature expired: ...")
// and fills *message with AWS's wording (never a secret or the signature).
std::string VerifyRequest(const SigV4Request& req, const std::string& access_key_id,
                          const std::string& secret, std::string* message, long long now_epoch = 0,
                          const SigV4Scope& scope = {});

// What VerifyRequest can decide before the body is read (req.body is
// ignored), for a server that refuses a request without reading its body:
// everything but the signature, and the signature too when the client sent
// x-amz-content-sha256 (the canonical request then holds that hash, not the
// body's). VerifyRequest must still run once the body is read.
std::string VerifyRequestHeaders(const SigV4Request& req, const std::string& access_key_id,
                                 const std::string& secret, std::string* message,
                                 long long now_epoch = 0, const SigV4Scope& scope = {});

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_SIGV4_SIGV4_H_
