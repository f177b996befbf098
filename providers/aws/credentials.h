// Credentials for signing, found the way the AWS SDKs find them.
//
// DefaultCredentialChain tries, in order: environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); web identity
// (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, STS AssumeRoleWithWebIdentity);
// the shared config/credentials files for the profile (static keys, role_arn +
// source_profile via STS AssumeRole, credential_process); ECS container
// credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI); EC2
// instance metadata (IMDSv2). Temporary credentials are cached and refreshed
// before they expire. Get() is thread-safe. No secret is ever logged.
//
// The first source whose settings are present is used from then on (as the
// SDKs do); if it then fails, Get() fails rather than falling through to a
// later source. An explicitly chosen profile that does not exist is an error.
// Errors say which sources were tried and why each did not apply.

#ifndef BACKUPCTL_PROVIDERS_AWS_CREDENTIALS_H_
#define BACKUPCTL_PROVIDERS_AWS_CREDENTIALS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "providers/api_error.h"
#include "providers/sigv4/sigv4.h"

namespace backupctl {

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual Outcome<Credentials> Get() = 0;
  virtual std::string Name() const = 0;  // "environment", "web-identity", "profile:dev", ...
};

struct ChainOptions {
  std::optional<std::string> profile;  // else AWS_PROFILE, else "default"
  std::optional<std::string> region;   // for STS calls
  // Test seams: where STS, ECS and IMDS live (defaults: the real endpoints).
  std::optional<std::string> sts_endpoint;
  std::optional<std::string> imds_endpoint;          // default http://169.254.169.254
  std::optional<std::string> ecs_endpoint;           // default http://169.254.170.2
  std::map<std::string, std::string> env_overrides;  // read before the process env; "" = unset
  long refresh_window_seconds = 300;  // refresh temporary credentials this close to expiry
  long metadata_timeout_ms = 1000;    // per ECS / IMDS call (connect; 2x for the whole call)
  long credential_process_timeout_ms = 60000;
};

std::unique_ptr<CredentialsProvider> DefaultCredentialChain(const ChainOptions& options);
std::unique_ptr<CredentialsProvider> StaticCredentials(const Credentials& creds);

// Region: AWS_REGION, AWS_DEFAULT_REGION, then the profile's `region`.
std::optional<std::string> RegionFromEnvironment(const std::optional<std::string>& profile);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_CREDENTIALS_H_
