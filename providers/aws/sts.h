// The two STS calls the credential chain makes (Query protocol, XML replies).
//
// AssumeRoleWithWebIdentity is unsigned (the web identity token is the
// proof); AssumeRole is SigV4-signed (service "sts") with the source
// credentials. Both POST an application/x-www-form-urlencoded body with
// Version=2011-06-15. STS errors keep their code ("AccessDenied", ...) and
// message; no token or secret ever appears in an error.

#ifndef BACKUPCTL_PROVIDERS_AWS_STS_H_
#define BACKUPCTL_PROVIDERS_AWS_STS_H_

#include <optional>
#include <string>

#include "providers/api_error.h"
#include "providers/aws/config_files.h"
#include "providers/aws/transport.h"
#include "providers/sigv4/sigv4.h"

namespace backupctl {

struct StsTarget {
  std::string url;     // scheme://host[:port]
  std::string region;  // signing region
};

// `override_url` (ChainOptions.sts_endpoint), else AWS_ENDPOINT_URL_STS, else
// AWS_ENDPOINT_URL, else https://sts.REGION.amazonaws.com (".com.cn" in
// China); without a region, the global https://sts.amazonaws.com, us-east-1.
StsTarget ResolveStsTarget(const EnvLookup& env, const std::optional<std::string>& override_url,
                           const std::optional<std::string>& region);

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;
  std::string external_id;              // AssumeRole only; empty = none
  std::optional<int> duration_seconds;  // empty = STS default (1 h)
};

Outcome<Credentials> AssumeRole(Transport& transport, const StsTarget& sts,
                                const Credentials& source, const AssumeRoleParams& params);
Outcome<Credentials> AssumeRoleWithWebIdentity(Transport& transport, const StsTarget& sts,
                                               const AssumeRoleParams& params,
                                               const std::string& web_identity_token);

// The <Credentials> of a successful reply, or the <Error> of a failed one.
Outcome<Credentials> ParseStsResponse(const HttpResponse& resp, const std::string& action);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_STS_H_
