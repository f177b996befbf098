#include "providers/aws/credential_sources.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "providers/aws/credential_json.h"
#include "providers/aws/metadata_credentials.h"

namespace backupctl {
namespace {

Source NotConfigured(const std::string& name, const std::string& why) {
  return {name, why, nullptr};
}

std::optional<std::string> ReadTrimmed(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  size_t end = s.find_last_not_of(" \t\r\n");
  return end == std::string::npos ? "" : s.substr(0, end + 1);
}

std::string ContainerAuthorization(const EnvLookup& env, std::string* error) {
  if (std::optional<std::string> file = env.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::optional<std::string> token = ReadTrimmed(*file);
    if (!token) *error = "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file;
    return token.value_or("");
  }
  return env.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN").value_or("");
}

}  // namespace

std::string DefaultSessionName() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return "backupctl-" + std::to_string(ms.count());
}

Source EnvironmentSource(const ContextPtr& ctx) {
  const EnvLookup& env = ctx->env;
  std::optional<std::string> key = env.Get("AWS_ACCESS_KEY_ID");
  std::optional<std::string> secret = env.Get("AWS_SECRET_ACCESS_KEY");
  if (!key && !secret) return NotConfigured("environment", "AWS_ACCESS_KEY_ID is not set");
  Credentials creds;
  creds.access_key_id = key.value_or("");
  creds.secret_access_key = secret.value_or("");
  creds.session_token =
      env.Get("AWS_SESSION_TOKEN").value_or(env.Get("AWS_SECURITY_TOKEN").value_or(""));
  return {"environment", "", [creds]() -> Outcome<Credentials> {
            if (creds.access_key_id.empty()) {
              return CredentialsError("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
            }
            if (creds.secret_access_key.empty()) {
              return CredentialsError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
            }
            return creds;
          }};
}

Source WebIdentitySource(const ContextPtr& ctx) {
  std::optional<std::string> token_file = ctx->env.Get("AWS_WEB_IDENTITY_TOKEN_FILE");
  std::optional<std::string> role_arn = ctx->env.Get("AWS_ROLE_ARN");
  if (!token_file) return NotConfigured("web-identity", "AWS_WEB_IDENTITY_TOKEN_FILE is not set");
  if (!role_arn) return NotConfigured("web-identity", "AWS_ROLE_ARN is not set");
  AssumeRoleParams params;
  params.role_arn = *role_arn;
  params.session_name = ctx->env.Get("AWS_ROLE_SESSION_NAME").value_or(DefaultSessionName());
  std::string path = *token_file;
  return {"web-identity", "",
          [ctx, params, path]() { return WebIdentityCredentials(*ctx, params, path); }};
}

Outcome<Credentials> WebIdentityCredentials(const SourceContext& ctx,
                                            const AssumeRoleParams& params,
                                            const std::string& token_file) {
  std::optional<std::string> token = ReadTrimmed(token_file);
  if (!token || token->empty()) {
    return CredentialsError("cannot read the web identity token file " + token_file);
  }
  return AssumeRoleWithWebIdentity(*ctx.sts_transport, ctx.sts, params, *token);
}

Source ContainerSource(const ContextPtr& ctx) {
  const EnvLookup& env = ctx->env;
  std::string url;
  if (std::optional<std::string> relative = env.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = ctx->options.ecs_endpoint.value_or("http://169.254.170.2") + *relative;
  } else if (std::optional<std::string> full = env.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    url = *full;
    if (!AllowedContainerUrl(url)) {
      return {"ecs", "", [url]() -> Outcome<Credentials> {
                return CredentialsError(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback or "
                    "ECS/EKS agent address: " +
                    url);
              }};
    }
  } else {
    return NotConfigured("ecs", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/_FULL_URI are not set");
  }
  return {"ecs", "", [ctx, url]() -> Outcome<Credentials> {
            std::string error;
            std::string authorization = ContainerAuthorization(ctx->env, &error);
            if (!error.empty()) return CredentialsError(error);
            return FetchContainerCredentials(*ctx->metadata_transport, url, authorization);
          }};
}

Source InstanceMetadataSource(const ContextPtr& ctx) {
  if (ctx->env.IsTrue("AWS_EC2_METADATA_DISABLED")) {
    return NotConfigured("imds", "disabled by AWS_EC2_METADATA_DISABLED");
  }
  std::string endpoint = ctx->options.imds_endpoint.value_or(
      ctx->env.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or("http://169.254.169.254"));
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  return {"imds", "", [ctx, endpoint]() {
            return FetchInstanceCredentials(*ctx->metadata_transport, endpoint);
          }};
}

}  // namespace backupctl
