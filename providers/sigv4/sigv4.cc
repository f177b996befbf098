#include "providers/sigv4/sigv4.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string_view>

#include "base/sha256.h"
#include "base/strings.h"

namespace backupctl {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
constexpr char kTerminator[] = "aws4_request";
constexpr long long kMaxSkewSeconds = 15 * 60;

// Headers real SDKs never sign: proxies and HTTP stacks add, drop or rewrite them.
constexpr std::string_view kUnsignedHeaders[] = {"authorization",
                                                 "connection",
                                                 "expect",
                                                 "keep-alive",
                                                 "proxy-authenticate",
                                                 "proxy-authorization",
                                                 "te",
                                                 "trailer",
                                                 "transfer-encoding",
                                                 "upgrade",
                                                 "user-agent",
                                                 "x-amzn-trace-id"};

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string Encode(std::string_view s, bool keep_slash) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xf]);
    }
  }
  return out;
}

// Decodes %XX only ('+' is a literal plus in SigV4); a malformed escape stays as is.
std::string Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// RFC 3986 5.2.4 dot-segment removal; AWS also drops empty segments ("//").
std::string NormalizePath(const std::string& path) {
  std::vector<std::string> kept;
  for (std::string& segment : Split(path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else {
      kept.push_back(std::move(segment));
    }
  }
  bool trailing = !path.empty() && path.back() == '/' && !kept.empty();
  return "/" + Join(kept, "/") + (trailing ? "/" : "");
}

std::string CanonicalUri(const std::string& path, const SigV4Options& opts) {
  if (path.empty()) return "/";
  std::string uri = opts.normalize_path ? NormalizePath(path) : path;
  return opts.double_encode_path ? Encode(uri, /*keep_slash=*/true) : uri;
}

std::string CanonicalQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& piece : Split(query, '&')) {
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    std::string name = piece.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : piece.substr(eq + 1);
    pairs.emplace_back(Encode(Decode(name), false), Encode(Decode(value), false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::string> parts;
  parts.reserve(pairs.size());
  for (const auto& [name, value] : pairs) parts.push_back(name + "=" + value);
  return Join(parts, "&");
}

const std::string* FindHeader(const SigV4Request& req, std::string_view lower_name) {
  for (const auto& [name, value] : req.headers) {
    if (Lower(name) == lower_name) return &value;
  }
  return nullptr;
}

void RemoveHeader(SigV4Request* req, std::string_view lower_name) {
  auto& h = req->headers;
  h.erase(std::remove_if(h.begin(), h.end(),
                         [&](const auto& kv) { return Lower(kv.first) == lower_name; }),
          h.end());
}

std::string CanonicalHeaderValue(const SigV4Request& req, const std::string& lower_name) {
  std::vector<std::string> values;
  for (const auto& [name, value] : req.headers) {
    if (Lower(name) == lower_name) values.push_back(CollapseSpaces(value));
  }
  return Join(values, ",");
}

std::vector<std::string> SortedUnique(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string Scope(const std::string& amz_date, const std::string& region,
                  const std::string& service) {
  return amz_date.substr(0, 8) + "/" + region + "/" + service + "/" + kTerminator;
}

std::string Signature(const std::string& secret, const std::string& amz_date,
                      const std::string& region, const std::string& service,
                      const std::string& string_to_sign) {
  std::string key = HmacSha256("AWS4" + secret, amz_date.substr(0, 8));
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  key = HmacSha256(key, kTerminator);
  std::string mac = HmacSha256(key, string_to_sign);
  return HexLower(mac);
}

// Returns the signature for `req` as it stands, over `signed_headers`.
std::string ComputeSignature(const SigV4Request& req,
                             const std::vector<std::string>& signed_headers,
                             const SigV4Options& opts, const std::string& secret) {
  std::string creq = CanonicalRequest(req, signed_headers, opts);
  std::string scope = Scope(opts.amz_date, opts.region, opts.service);
  return Signature(secret, opts.amz_date, opts.region, opts.service,
                   StringToSign(creq, opts.amz_date, scope));
}

// Parses "YYYYMMDDTHHMMSSZ" into epoch seconds.
std::optional<long long> ParseAmzDate(const std::string& s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  for (size_t i = 0; i < 15; ++i) {
    if (i != 8 && (s[i] < '0' || s[i] > '9')) return std::nullopt;
  }
  std::tm tm = {};
  tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(s.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(s.substr(6, 2));
  tm.tm_hour = std::stoi(s.substr(9, 2));
  tm.tm_min = std::stoi(s.substr(11, 2));
  tm.tm_sec = std::stoi(s.substr(13, 2));
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  return static_cast<long long>(timegm(&tm));
}

bool ParseCredential(const std::string& value, SigV4Authorization* out, std::string* why) {
  std::vector<std::string> parts = Split(value, '/');
  if (parts.size() != 5) {
    *why =
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term";
    return false;
  }
  if (parts[4] != kTerminator) {
    *why = "Credential should be scoped with a valid terminator: 'aws4_request'";
    return false;
  }
  if (parts[0].empty() || parts[1].size() != 8 || parts[2].empty() || parts[3].empty()) {
    *why = "Credential should be scoped to a valid key id, date, region and service";
    return false;
  }
  out->access_key_id = parts[0];
  out->date = parts[1];
  out->region = parts[2];
  out->service = parts[3];
  return true;
}

bool ParseSignedHeaders(const std::string& value, SigV4Authorization* out, std::string* why) {
  out->signed_headers.clear();
  for (const std::string& name : Split(value, ';')) {
    if (name.empty()) {
      *why = "SignedHeaders must be a ';'-separated list of header names";
      return false;
    }
    out->signed_headers.push_back(name);
  }
  return true;
}

// Checks X-Amz-Date: present, well-formed, matching the scope date, within
// the allowed skew. Returns an error code ("" when fine) and sets *amz_date.
std::string CheckRequestTime(const SigV4Request& req, const SigV4Authorization& auth, long long now,
                             std::string* amz_date, std::string* message) {
  const std::string* header = FindHeader(req, "x-amz-date");
  if (header == nullptr) {
    *message = "Authorization header requires existence of a 'X-Amz-Date' header.";
    return "IncompleteSignature";
  }
  *amz_date = Trim(*header);
  const std::string& date = *amz_date;
  std::optional<long long> when = ParseAmzDate(date);
  if (!when) {
    *message = "Date must be in ISO-8601 'basic format'. Got '" + date +
               "'. See http://en.wikipedia.org/wiki/ISO_8601";
    return "IncompleteSignature";
  }
  if (auth.date != date.substr(0, 8)) {
    *message =
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
        "from HTTP: '" +
        auth.date + "' != '" + date.substr(0, 8) + "', from '" + date + "'.";
    return "InvalidSignatureException";
  }
  if (*when < now - kMaxSkewSeconds) {
    *message = "Signature expired: " + date + " is now earlier than " +
               FormatAmzDate(now - kMaxSkewSeconds) + " (" + FormatAmzDate(now) + " - 15 min.)";
    return "InvalidSignatureException";
  }
  if (*when > now + kMaxSkewSeconds) {
    *message = "Signature not yet current: " + date + " is still later than " +
               FormatAmzDate(now + kMaxSkewSeconds) + " (" + FormatAmzDate(now) + " + 15 min.)";
    return "InvalidSignatureException";
  }
  return "";
}

// AWS's wording for a scope naming another region or service (both, when both are wrong).
std::string CheckScope(const SigV4Authorization& auth, const SigV4Scope& scope,
                       std::string* message) {
  message->clear();
  if (!scope.region.empty() && auth.region != scope.region) {
    *message += "Credential should be scoped to a valid region. ";
  }
  if (!scope.service.empty() && auth.service != scope.service) {
    *message += "Credential should be scoped to correct service: '" + scope.service + "'. ";
  }
  return message->empty() ? "" : "InvalidSignatureException";
}

std::string VerifyParsed(const SigV4Request& req, const SigV4Authorization& auth,
                         const std::string& secret, std::string* message, long long now,
                         bool with_body) {
  if (std::find(auth.signed_headers.begin(), auth.signed_headers.end(), "host") ==
      auth.signed_headers.end()) {
    *message = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    return "IncompleteSignature";
  }
  SigV4Options opts;
  std::string code = CheckRequestTime(req, auth, now, &opts.amz_date, message);
  if (!code.empty()) return code;
  opts.region = auth.region;
  opts.service = auth.service;
  const std::string* content_sha = FindHeader(req, "x-amz-content-sha256");
  if (!with_body && content_sha == nullptr) return "";  // the signature covers the body
  bool body_matches =
      !with_body || content_sha == nullptr || Trim(*content_sha) == Sha256Hex(req.body);
  std::string expected = ComputeSignature(req, auth.signed_headers, opts, secret);
  if (!body_matches || expected.size() != auth.signature.size() ||
      CRYPTO_memcmp(expected.data(), auth.signature.data(), expected.size()) != 0) {
    *message =
        "The request signature we calculated does not match the signature you provided. Check "
        "your AWS Secret Access Key and signing method. Consult the service documentation for "
        "details.";
    return "InvalidSignatureException";
  }
  return "";
}

}  // namespace

std::string CanonicalRequest(const SigV4Request& req,
                             const std::vector<std::string>& signed_headers,
                             const SigV4Options& opts) {
  std::vector<std::string> names = SortedUnique(signed_headers);
  std::string out =
      req.method + "\n" + CanonicalUri(req.path, opts) + "\n" + CanonicalQuery(req.query) + "\n";
  for (const std::string& name : names) out += name + ":" + CanonicalHeaderValue(req, name) + "\n";
  out += "\n" + Join(names, ";") + "\n";
  const std::string* content_sha = FindHeader(req, "x-amz-content-sha256");
  out += content_sha != nullptr ? Trim(*content_sha) : Sha256Hex(req.body);
  return out;
}

std::string StringToSign(const std::string& canonical_request, const std::string& amz_date,
                         const std::string& scope) {
  return std::string(kAlgorithm) + "\n" + amz_date + "\n" + scope + "\n" +
         Sha256Hex(canonical_request);
}

std::vector<std::string> HeadersToSign(const SigV4Request& req) {
  std::vector<std::string> names;
  for (const auto& header : req.headers) {
    std::string name = Lower(header.first);
    if (std::find(std::begin(kUnsignedHeaders), std::end(kUnsignedHeaders), name) ==
        std::end(kUnsignedHeaders)) {
      names.push_back(std::move(name));
    }
  }
  return SortedUnique(std::move(names));
}

void SignRequest(SigV4Request* req, const Credentials& creds, const SigV4Options& opts) {
  SigV4Options o = opts;
  if (o.amz_date.empty()) o.amz_date = FormatAmzDate(std::time(nullptr));
  RemoveHeader(req, "authorization");
  RemoveHeader(req, "x-amz-date");
  RemoveHeader(req, "x-amz-security-token");
  req->headers.emplace_back("X-Amz-Date", o.amz_date);
  const bool has_token = !creds.session_token.empty();
  if (has_token && o.sign_session_token) {
    req->headers.emplace_back("X-Amz-Security-Token", creds.session_token);
  }
  if (o.sign_body_header) {
    RemoveHeader(req, "x-amz-content-sha256");
    req->headers.emplace_back("x-amz-content-sha256", Sha256Hex(req->body));
  }
  std::vector<std::string> names = HeadersToSign(*req);
  std::string signature = ComputeSignature(*req, names, o, creds.secret_access_key);
  if (has_token && !o.sign_session_token) {
    req->headers.emplace_back("X-Amz-Security-Token", creds.session_token);
  }
  req->headers.emplace_back("Authorization",
                            std::string(kAlgorithm) + " Credential=" + creds.access_key_id + "/" +
                                Scope(o.amz_date, o.region, o.service) +
                                ", SignedHeaders=" + Join(names, ";") + ", Signature=" + signature);
}

std::string FormatAmzDate(long long epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm = {};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

bool ParseAuthorization(const std::string& value, SigV4Authorization* out, std::string* why) {
  const std::string prefix = std::string(kAlgorithm) + " ";
  if (value.compare(0, prefix.size(), prefix) != 0) {
    *why = "Authorization header must use the 'AWS4-HMAC-SHA256' algorithm";
    return false;
  }
  std::string credential, signed_headers, signature;
  for (const std::string& raw : Split(std::string_view(value).substr(prefix.size()), ',')) {
    std::string part = Trim(raw);
    size_t eq = part.find('=');
    std::string key = part.substr(0, eq);
    std::string val = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (key == "Credential") credential = val;
    if (key == "SignedHeaders") signed_headers = val;
    if (key == "Signature") signature = val;
  }
  std::vector<std::string> missing;
  if (credential.empty())
    missing.push_back("Authorization header requires 'Credential' parameter.");
  if (signature.empty()) missing.push_back("Authorization header requires 'Signature' parameter.");
  if (signed_headers.empty()) {
    missing.push_back("Authorization header requires 'SignedHeaders' parameter.");
  }
  if (!missing.empty()) {
    *why = Join(missing, " ");
    return false;
  }
  out->signature = signature;
  return ParseCredential(credential, out, why) && ParseSignedHeaders(signed_headers, out, why);
}

namespace {

std::string Verify(const SigV4Request& req, const std::string& access_key_id,
                   const std::string& secret, std::string* message, long long now_epoch,
                   const SigV4Scope& scope, bool with_body) {
  const std::string* header = FindHeader(req, "authorization");
  if (header == nullptr) {
    *message = "Missing Authentication Token";
    return "MissingAuthenticationToken";
  }
  SigV4Authorization auth;
  if (!ParseAuthorization(Trim(*header), &auth, message)) return "IncompleteSignature";
  std::string code = CheckScope(auth, scope, message);
  if (!code.empty()) return code;
  if (auth.access_key_id != access_key_id) {
    *message = "The security token included in the request is invalid.";
    return "UnrecognizedClientException";
  }
  long long now = now_epoch != 0 ? now_epoch : static_cast<long long>(std::time(nullptr));
  return VerifyParsed(req, auth, secret, message, now, with_body);
}

}  // namespace

std::string VerifyRequest(const SigV4Request& req, const std::string& access_key_id,
                          const std::string& secret, std::string* message, long long now_epoch,
                          const SigV4Scope& scope) {
  return Verify(req, access_key_id, secret, message, now_epoch, scope, /*with_body=*/true);
}

std::string VerifyRequestHeaders(const SigV4Request& req, const std::string& access_key_id,
                                 const std::string& secret, std::string* message,
                                 long long now_epoch, const SigV4Scope& scope) {
  return Verify(req, access_key_id, secret, message, now_epoch, scope, /*with_body=*/false);
}

}  // namespace backupctl
