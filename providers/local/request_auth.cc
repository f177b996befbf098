#include "providers/local/request_auth.h"

#include <algorithm>
#include <regex>

namespace backupctl {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const std::string* Header(const SigV4Request& req, const std::string& lower_name) {
  for (const auto& [name, value] : req.headers) {
    if (Lower(name) == lower_name) return &value;
  }
  return nullptr;
}

bool Served(const AuthPolicy& policy, const std::string& region) {
  if (region == policy.default_region) return true;
  for (const std::string& r : policy.regions) {
    if (r == region || (r == "*" && IsRegionName(region))) return true;
  }
  return false;
}

}  // namespace

bool IsRegionName(const std::string& region) {
  static const std::regex kRegion("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
  return region.size() <= 32 && std::regex_match(region, kRegion);
}

AuthResult Authenticate(const SigV4Request& req, bool with_body, const IdentityStore& identities,
                        const AuthPolicy& policy) {
  AuthResult result;
  SigV4Authorization auth;
  std::string why;
  const std::string* header = Header(req, "authorization");
  bool parsed = header != nullptr && ParseAuthorization(*header, &auth, &why);
  // A region the emulator does not serve is checked against the default one,
  // so the answer is AWS's "Credential should be scoped to a valid region.".
  SigV4Scope scope{parsed && Served(policy, auth.region) ? auth.region : policy.default_region,
                   policy.service};
  std::optional<Identity> identity;
  if (parsed) identity = identities.Find(auth.access_key_id);
  // An unknown key is verified against no key at all: UnrecognizedClientException.
  const std::string key = identity ? identity->access_key_id : "";
  const std::string secret = identity ? identity->secret_access_key : "";
  result.code = with_body ? VerifyRequest(req, key, secret, &result.message, 0, scope)
                          : VerifyRequestHeaders(req, key, secret, &result.message, 0, scope);
  if (!result.code.empty()) return result;
  if (!identity) {
    result.code = "UnrecognizedClientException";
    result.message = "The security token included in the request is invalid.";
    return result;
  }
  if (!identity->session_token.empty()) {
    const std::string* token = Header(req, "x-amz-security-token");
    if (token == nullptr || *token != identity->session_token) {
      result.code = "UnrecognizedClientException";
      result.message = "The security token included in the request is invalid.";
      return result;
    }
    if (identities.Expired(*identity)) {
      result.code = "ExpiredTokenException";
      result.message = "The security token included in the request is expired";
      return result;
    }
  }
  result.identity = std::move(*identity);
  result.region = auth.region;
  return result;
}

}  // namespace backupctl
