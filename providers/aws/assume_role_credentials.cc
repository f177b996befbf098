#include "providers/aws/assume_role_credentials.h"

#include <spdlog/spdlog.h>

#include <ctime>
#include <mutex>
#include <regex>

#include "providers/aws/credential_json.h"
#include "providers/aws/credential_sources.h"
#include "base/env.h"
#include "providers/aws/sts.h"

namespace backupctl {
namespace {

ApiError Invalid(const std::string& message) {
  return MakeError(ErrorKind::kInvalidParameter, "InvalidParameterValueException",
                   "assume role: " + message, 0);
}

std::optional<ApiError> Validate(const AssumeRoleOptions& o) {
  static const std::regex kRoleArn("arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:role/[\\w+=,.@/-]+");
  static const std::regex kSessionName("[\\w+=,.@-]{2,64}");
  static const std::regex kExternalId("[\\w+=,.@:/-]{2,1224}");
  if (o.source == nullptr) return Invalid("no source credentials to sign AssumeRole with");
  if (!std::regex_match(o.role_arn, kRoleArn)) {
    return Invalid("\"" + o.role_arn + "\" is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
  }
  if (!o.session_name.empty() && !std::regex_match(o.session_name, kSessionName)) {
    return Invalid("session name \"" + o.session_name +
                   "\" must be 2 to 64 characters of [A-Za-z0-9_+=,.@-]");
  }
  // The external id is not a secret, but it is not echoed either.
  if (!o.external_id.empty() && !std::regex_match(o.external_id, kExternalId)) {
    return Invalid("the external id must be 2 to 1224 characters of [A-Za-z0-9_+=,.@:/-]");
  }
  if (o.duration_seconds && (*o.duration_seconds < 900 || *o.duration_seconds > 43200)) {
    return Invalid("duration_seconds must be between 900 and 43200");
  }
  if (o.refresh_window_seconds < 0) return Invalid("refresh_window_seconds must be >= 0");
  return std::nullopt;
}

class AssumeRoleProvider : public CredentialsProvider {
 public:
  explicit AssumeRoleProvider(AssumeRoleOptions options) : options_(std::move(options)) {
    EnvLookup env(options_.env_overrides);
    std::optional<std::string> region = options_.region;
    if (!region) region = env.Get("AWS_REGION");
    if (!region) region = env.Get("AWS_DEFAULT_REGION");
    sts_ = ResolveStsTarget(env, options_.sts_endpoint, region);
    params_.role_arn = options_.role_arn;
    params_.external_id = options_.external_id;
    params_.duration_seconds = options_.duration_seconds;
    params_.session_name =
        options_.session_name.empty() ? DefaultSessionName() : options_.session_name;
    if (!options_.transport) {
      TransportOptions transport;
      transport.total_timeout_ms = 10000;
      options_.transport = std::make_shared<Transport>(transport);
    }
  }

  Outcome<Credentials> Get() override {
    std::lock_guard<std::mutex> lock(mu_);
    long long now = Now();
    if (cached_ && *cached_->expiration - now > options_.refresh_window_seconds) return *cached_;
    Outcome<Credentials> fresh = Fetch();
    if (!fresh.ok()) {
      if (cached_ && *cached_->expiration > now) {
        spdlog::warn(
            "credentials: refreshing role {} failed, using the current credentials "
            "until they expire: {}",
            options_.role_arn, fresh.error().message);
        return *cached_;
      }
      return fresh;
    }
    cached_ = fresh.value();
    spdlog::debug("credentials: assumed role {} (session {}), valid until {}", options_.role_arn,
                  params_.session_name, *cached_->expiration);
    return fresh;
  }

  std::string Name() const override { return "assume-role:" + options_.role_arn; }

 private:
  long long Now() const {
    return options_.now ? options_.now() : static_cast<long long>(std::time(nullptr));
  }

  Outcome<Credentials> Fetch() {
    Outcome<Credentials> source = options_.source->Get();
    if (!source.ok()) {
      ApiError error = source.error();
      error.message = "assume role " + options_.role_arn + ": source credentials (" +
                      options_.source->Name() + "): " + error.message;
      return error;
    }
    Outcome<Credentials> assumed = AssumeRole(*options_.transport, sts_, source.value(), params_);
    if (!assumed.ok()) {
      ApiError error = assumed.error();
      error.message = "assume role " + options_.role_arn + ": " + error.message;
      return error;
    }
    return assumed;
  }

  AssumeRoleOptions options_;
  StsTarget sts_;
  AssumeRoleParams params_;
  std::mutex mu_;
  std::optional<Credentials> cached_;  // always with an expiration (ParseStsResponse)
};

}  // namespace

Outcome<std::unique_ptr<CredentialsProvider>> AssumeRoleCredentials(AssumeRoleOptions options) {
  if (std::optional<ApiError> error = Validate(options)) return *error;
  return std::unique_ptr<CredentialsProvider>(new AssumeRoleProvider(std::move(options)));
}

}  // namespace backupctl
