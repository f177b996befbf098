#include "providers/aws/endpoint.h"

#include <algorithm>
#include <regex>
#include <vector>

#include "base/env.h"
#include "base/strings.h"
#include "providers/aws/credentials.h"

namespace backupctl {

namespace {

ApiError ConfigError(const std::string& message) {
  return MakeError(ErrorKind::kInvalidParameter, "InvalidConfiguration", message, 0);
}

struct PartitionRule {
  std::regex pattern;
  Partition partition;
};

// From botocore's partitions.json (the source of the rule set's aws.partition).
const std::vector<PartitionRule>& PartitionRules() {
  static const std::vector<PartitionRule> kRules = {
      {std::regex(R"(^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$)"),
       {"aws", "amazonaws.com", "api.aws"}},
      {std::regex(R"(^cn-\w+-\d+$)"),
       {"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"}},
      {std::regex(R"(^us-gov-\w+-\d+$)"), {"aws-us-gov", "amazonaws.com", "api.aws"}},
      {std::regex(R"(^us-iso-\w+-\d+$)"), {"aws-iso", "c2s.ic.gov", "api.aws.ic.gov"}},
      {std::regex(R"(^us-isob-\w+-\d+$)"), {"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"}},
      {std::regex(R"(^us-isof-\w+-\d+$)"), {"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov"}},
      {std::regex(R"(^eu-isoe-\w+-\d+$)"),
       {"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"}},
      {std::regex(R"(^eusc-(de)-\w+-\d+$)"),
       {"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"}},
  };
  return kRules;
}

// Region names become a host label: refuse anything that could not be one.
bool ValidRegion(const std::string& region) {
  static const std::regex kLabel("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
  return std::regex_match(region, kLabel);
}

// botocore's ensure_boolean reads anything but "true" as false; a typo there
// would silently leave FIPS off, so anything but true/false is an error here.
Outcome<bool> EnvFlag(const EnvFunction& env, const std::string& name) {
  std::optional<std::string> value = env(name);
  if (!value) return false;
  if (EqualsIgnoreCase(*value, "true")) return true;
  if (EqualsIgnoreCase(*value, "false")) return false;
  return ConfigError(name + " must be true or false, got \"" + *value + "\"");
}

std::optional<std::string> CustomEndpoint(const EndpointInputs& in, const EnvFunction& env,
                                          bool ignore_env) {
  if (in.endpoint && !in.endpoint->empty()) return in.endpoint;
  if (ignore_env) return std::nullopt;
  if (auto url = env("AWS_ENDPOINT_URL_BACKUP")) return url;
  return env("AWS_ENDPOINT_URL");
}

std::string DefaultPort(const std::string& scheme) { return scheme == "https" ? "443" : "80"; }

}  // namespace

Partition PartitionForRegion(const std::string& region) {
  for (const PartitionRule& rule : PartitionRules()) {
    if (std::regex_match(region, rule.pattern)) return rule.partition;
  }
  return PartitionRules().front().partition;
}

EnvFunction ProcessEnv() { return GetEnv; }

Outcome<std::string> ResolveRegion(const EndpointInputs& in, const EndpointEnv& env) {
  std::optional<std::string> region = in.region;
  if (!region || region->empty()) region = env.env("AWS_REGION");
  if (!region) region = env.env("AWS_DEFAULT_REGION");
  if (!region) {
    region =
        env.profile_region ? env.profile_region(in.profile) : RegionFromEnvironment(in.profile);
  }
  if (!region || region->empty()) {
    return ConfigError(
        "no AWS region: set `region` in backupctl.yaml, --region, AWS_REGION, "
        "AWS_DEFAULT_REGION, or `region` in the profile");
  }
  if (!ValidRegion(*region)) return ConfigError("invalid AWS region \"" + *region + "\"");
  return *region;
}

Outcome<Endpoint> ParseEndpointUrl(const std::string& url) {
  auto bad = [&url](const std::string& why) {
    return ConfigError("invalid endpoint URL \"" + url + "\": " + why);
  };
  // Never echo user info: it would put a password in an error message.
  if (url.find('@') != std::string::npos) {
    return ConfigError("invalid endpoint URL: user info (user:password@) is not allowed");
  }
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return bad("expected http://host[:port] or https://...");
  std::string scheme = Lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return bad("the scheme must be http or https");
  std::string rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string::npos) return bad("no query or fragment allowed");
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (authority.empty()) return bad("no host");

  std::string host = authority;
  std::string port;
  size_t host_end = authority[0] == '[' ? authority.find(']') : 0;
  if (host_end == std::string::npos) return bad("unterminated IPv6 address");
  size_t colon = authority.find(':', host_end);
  if (colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    bool digits =
        !port.empty() && port.size() <= 5 &&
        std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
    if (!digits || std::stoi(port) == 0 || std::stoi(port) > 65535) return bad("invalid port");
  }
  if (host.empty()) return bad("no host");
  while (!path.empty() && path.back() == '/') path.pop_back();

  Endpoint ep;
  ep.url = url;
  ep.host = (port.empty() || port == DefaultPort(scheme)) ? host : host + ":" + port;
  ep.base_url = scheme + "://" + ep.host;
  ep.path_prefix = path;
  return ep;
}

Outcome<Endpoint> ResolveEndpoint(const EndpointInputs& in, const EndpointEnv& env) {
  Outcome<std::string> region = ResolveRegion(in, env);
  if (!region.ok()) return region.error();
  Outcome<bool> fips = EnvFlag(env.env, "AWS_USE_FIPS_ENDPOINT");
  if (!fips.ok()) return fips.error();
  Outcome<bool> dual_stack = EnvFlag(env.env, "AWS_USE_DUALSTACK_ENDPOINT");
  if (!dual_stack.ok()) return dual_stack.error();
  Outcome<bool> ignore_env = EnvFlag(env.env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (!ignore_env.ok()) return ignore_env.error();

  std::string url;
  if (std::optional<std::string> custom = CustomEndpoint(in, env.env, ignore_env.value())) {
    if (fips.value()) return ConfigError("FIPS and a custom endpoint are not supported together");
    if (dual_stack.value()) {
      return ConfigError("dual-stack and a custom endpoint are not supported together");
    }
    url = *custom;
  } else {
    Partition partition = PartitionForRegion(region.value());
    const std::string& suffix =
        dual_stack.value() ? partition.dual_stack_dns_suffix : partition.dns_suffix;
    url = std::string("https://backup") + (fips.value() ? "-fips." : ".") + region.value() + "." +
          suffix;
  }
  Outcome<Endpoint> endpoint = ParseEndpointUrl(url);
  if (!endpoint.ok()) return endpoint.error();
  endpoint.value().region = region.value();
  return endpoint;
}

}  // namespace backupctl
