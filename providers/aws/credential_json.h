// Parsing shared by the credential sources: the JSON credential documents
// that ECS, EC2 instance metadata and credential_process return
// ({"AccessKeyId", "SecretAccessKey", "Token" or "SessionToken",
// "Expiration" in ISO 8601}), and AWS timestamps.

#ifndef BACKUPCTL_PROVIDERS_AWS_CREDENTIAL_JSON_H_
#define BACKUPCTL_PROVIDERS_AWS_CREDENTIAL_JSON_H_

#include <optional>
#include <string>

#include "providers/api_error.h"
#include "providers/sigv4/sigv4.h"

namespace backupctl {

// Whole epoch seconds from "2019-11-09T13:34:41Z" (fractions and "+HH:MM"
// offsets accepted, as the wire codec's ParseIso8601). nullopt when malformed.
std::optional<long long> ExpirationFromIso8601(const std::string& text);

// `source` names the origin in error messages ("ECS", "credential_process").
// The error never quotes the document (it holds secrets).
Outcome<Credentials> CredentialsFromJson(const std::string& body, const std::string& source);

// An error of kind kOther for a credential source; never carries a secret.
ApiError CredentialsError(const std::string& message);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_CREDENTIAL_JSON_H_
