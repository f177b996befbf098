// Credentials from the metadata services: the ECS/EKS container endpoint and
// EC2 instance metadata (IMDSv2 only: a session token is fetched with PUT
// first, so hop-limited or v1-disabled instances work and no unauthenticated
// GET is ever made). Callers pass a Transport with short timeouts so a machine
// without these services fails fast.

#ifndef BACKUPCTL_PROVIDERS_AWS_METADATA_CREDENTIALS_H_
#define BACKUPCTL_PROVIDERS_AWS_METADATA_CREDENTIALS_H_

#include <string>

#include "providers/api_error.h"
#include "providers/aws/transport.h"
#include "providers/sigv4/sigv4.h"

namespace backupctl {

// GET `url` (with `authorization` as the Authorization header when not empty).
Outcome<Credentials> FetchContainerCredentials(Transport& transport, const std::string& url,
                                               const std::string& authorization);

// The SDK rule for AWS_CONTAINER_CREDENTIALS_FULL_URI: https anywhere, plain
// http only to loopback or the ECS/EKS link-local agents.
bool AllowedContainerUrl(const std::string& url);

// IMDSv2 at `endpoint` (e.g. http://169.254.169.254): token, role, credentials.
Outcome<Credentials> FetchInstanceCredentials(Transport& transport, const std::string& endpoint);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_METADATA_CREDENTIALS_H_
