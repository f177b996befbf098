// The emulator's STS endpoint: AssumeRole and GetCallerIdentity over STS's
// Query protocol (POST / with an application/x-www-form-urlencoded body, or
// GET /?Action=...; Version=2011-06-15), SigV4-signed for service "sts" in
// any region, answered in STS's XML exactly as AWS answers:
//
//   <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
//     <AssumeRoleResult><AssumedRoleUser><Arn/><AssumedRoleId/></AssumedRoleUser>
//       <Credentials><AccessKeyId/><SecretAccessKey/><SessionToken/><Expiration/></Credentials>
//     </AssumeRoleResult><ResponseMetadata><RequestId/></ResponseMetadata>
//   </AssumeRoleResponse>
//
// Errors use STS's shape, <ErrorResponse><Error><Type/><Code/><Message/></Error>
// <RequestId/></ErrorResponse>, and STS's codes: InvalidClientTokenId,
// SignatureDoesNotMatch, ExpiredToken, IncompleteSignature,
// MissingAuthenticationToken, AccessDenied, ValidationError, InvalidAction.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_STS_SERVICE_H_
#define BACKUPCTL_PROVIDERS_LOCAL_STS_SERVICE_H_

#include <string>

#include "providers/sigv4/sigv4.h"
#include "providers/local/identities.h"
#include "providers/wire/rest.h"

namespace backupctl {

struct StsCall {
  std::string action;      // as requested ("" when absent)
  std::string error_code;  // STS's code when the call failed
};

// `wire` is the request with its body read; `signed_form` the same as signed.
HttpResponse ServeSts(const HttpRequest& wire, const SigV4Request& signed_form,
                      IdentityStore& identities, const std::string& default_region,
                      const std::string& request_id, StsCall* call);

// True for requests to the STS endpoint: the path "/" (the Backup API has no route there).
inline bool IsStsPath(const std::string& path) { return path == "/"; }

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_STS_SERVICE_H_
