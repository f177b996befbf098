// Where AwsBackupClient sends its requests and which region it signs for.
//
// Region: the explicit option (backupctl.yaml, --region), else AWS_REGION,
// else AWS_DEFAULT_REGION, else the profile's `region`; none is an error.
// Endpoint: the explicit option (backupctl.yaml, --endpoint), else
// AWS_ENDPOINT_URL_BACKUP, else AWS_ENDPOINT_URL (both skipped when
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), else the AWS Backup endpoint rule
// set (endpoint-rule-set-1.json): https://backup[-fips].<region>.<dns suffix of
// the region's partition>, with AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT.
// As in the rule set, FIPS or dual-stack with a custom endpoint is an error.
// A custom endpoint is used verbatim; its path, if any, prefixes every request.

#ifndef BACKUPCTL_PROVIDERS_AWS_ENDPOINT_H_
#define BACKUPCTL_PROVIDERS_AWS_ENDPOINT_H_

#include <functional>
#include <optional>
#include <string>

#include "providers/api_error.h"

namespace backupctl {

struct Endpoint {
  std::string url;          // as resolved, e.g. "https://backup.eu-west-1.amazonaws.com"
  std::string base_url;     // scheme://host[:port]: what Transport::Send takes
  std::string host;         // the Host header (and signed host): port kept unless default
  std::string path_prefix;  // "" or "/prefix" without a trailing slash
  std::string region;       // the SigV4 signing region
};

struct Partition {
  std::string id;  // "aws", "aws-cn", "aws-us-gov", ...
  std::string dns_suffix;
  std::string dual_stack_dns_suffix;
};

// The partition whose region pattern matches; unknown prefixes are "aws", as
// in the SDKs' partition function.
Partition PartitionForRegion(const std::string& region);

// Reads one environment variable; an empty value counts as unset.
using EnvFunction = std::function<std::optional<std::string>(const std::string& name)>;
EnvFunction ProcessEnv();  // GetEnv (base/env.h)

struct EndpointInputs {
  std::optional<std::string> region;    // explicit: backupctl.yaml or --region
  std::optional<std::string> endpoint;  // explicit: backupctl.yaml or --endpoint
  std::optional<std::string> profile;   // for the profile's region; else AWS_PROFILE
};

// Test seams: the environment and the shared-config region lookup.
struct EndpointEnv {
  EnvFunction env = ProcessEnv();
  std::function<std::optional<std::string>(const std::optional<std::string>& profile)>
      profile_region;  // null: the profile's `region` from the shared config files
};

Outcome<std::string> ResolveRegion(const EndpointInputs& in, const EndpointEnv& env = {});
Outcome<Endpoint> ResolveEndpoint(const EndpointInputs& in, const EndpointEnv& env = {});

// Splits an http(s) URL into an Endpoint (region left empty). Rejects other
// schemes, user info, queries and fragments with a clear error.
Outcome<Endpoint> ParseEndpointUrl(const std::string& url);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_ENDPOINT_H_
