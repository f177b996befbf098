// The credential sources of the default chain, as plain values.
//
// Each Make*Source looks at its settings only: when they are absent the
// Source says why in `not_configured` and the chain moves on; otherwise
// `fetch` gets fresh credentials (network, files or a process) every call.
// Caching and refresh belong to the chain (credentials.cc).

#ifndef BACKUPCTL_PROVIDERS_AWS_CREDENTIAL_SOURCES_H_
#define BACKUPCTL_PROVIDERS_AWS_CREDENTIAL_SOURCES_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "providers/api_error.h"
#include "providers/aws/config_files.h"
#include "providers/aws/credentials.h"
#include "providers/aws/sts.h"
#include "providers/aws/transport.h"

namespace backupctl {

struct SourceContext {
  ChainOptions options;
  EnvLookup env;
  StsTarget sts;
  std::shared_ptr<Transport> sts_transport;
  std::shared_ptr<Transport> metadata_transport;
};

struct Source {
  std::string name;            // "environment", "profile:dev", ...
  std::string not_configured;  // empty when the source applies
  std::function<Outcome<Credentials>()> fetch;
};

using ContextPtr = std::shared_ptr<const SourceContext>;

Source EnvironmentSource(const ContextPtr& ctx);
Source WebIdentitySource(const ContextPtr& ctx);
Source ProfileSource(const ContextPtr& ctx, const std::string& profile, bool chosen_explicitly);
Source ContainerSource(const ContextPtr& ctx);
Source InstanceMetadataSource(const ContextPtr& ctx);

// AssumeRoleWithWebIdentity with the token read from `token_file` now.
Outcome<Credentials> WebIdentityCredentials(const SourceContext& ctx,
                                            const AssumeRoleParams& params,
                                            const std::string& token_file);

// A RoleSessionName for calls that were not given one.
std::string DefaultSessionName();

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_CREDENTIAL_SOURCES_H_
