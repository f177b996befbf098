// Authenticate: who signed an emulator request, for which region.
//
// The SigV4 Authorization header names an access key and a credential scope
// (date/region/service). The key must be known to the IdentityStore, the
// scope must name `service` and a region the emulator serves, the signature
// must verify with the key's secret; a temporary key must come with its
// session token (X-Amz-Security-Token) and must not have expired. Failures
// carry the code and message AWS's REST-JSON services send (all HTTP 403 but
// IncompleteSignature): MissingAuthenticationToken, IncompleteSignature,
// InvalidSignatureException, UnrecognizedClientException,
// ExpiredTokenException.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_REQUEST_AUTH_H_
#define BACKUPCTL_PROVIDERS_LOCAL_REQUEST_AUTH_H_

#include <optional>
#include <string>
#include <vector>

#include "providers/sigv4/sigv4.h"
#include "providers/local/identities.h"

namespace backupctl {

struct AuthPolicy {
  std::string service;               // "backup" or "sts"
  std::string default_region;        // always served
  std::vector<std::string> regions;  // also served; "*": any well-formed region name
};

struct AuthResult {
  std::string code;  // empty: authenticated
  std::string message;
  Identity identity;   // when authenticated
  std::string region;  // the credential scope's, when authenticated
};

// `with_body` false: only what the headers decide (VerifyRequestHeaders).
AuthResult Authenticate(const SigV4Request& req, bool with_body, const IdentityStore& identities,
                        const AuthPolicy& policy);

// True for names like "us-east-1", "eu-central-2", "us-gov-west-1".
bool IsRegionName(const std::string& region);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_REQUEST_AUTH_H_
