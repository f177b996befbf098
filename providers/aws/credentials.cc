#include "providers/aws/credentials.h"

#include <spdlog/spdlog.h>

#include <ctime>
#include <mutex>

#include "providers/aws/credential_json.h"
#include "providers/aws/credential_sources.h"
#include "providers/aws/ini.h"

namespace backupctl {
namespace {

std::optional<std::string> RegionFrom(const EnvLookup& env,
                                      const std::optional<std::string>& profile) {
  if (std::optional<std::string> region = env.Get("AWS_REGION")) return region;
  if (std::optional<std::string> region = env.Get("AWS_DEFAULT_REGION")) return region;
  std::optional<IniFile> config = ReadIniFile(AwsConfigFile(env));
  if (!config) return std::nullopt;
  const IniSection* section = ConfigProfile(*config, profile.value_or(AwsProfile(env)));
  if (section == nullptr) return std::nullopt;
  auto it = section->find("region");
  if (it == section->end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::shared_ptr<const SourceContext> MakeContext(const ChainOptions& options) {
  auto ctx = std::make_shared<SourceContext>();
  ctx->options = options;
  ctx->env = EnvLookup(options.env_overrides);
  std::optional<std::string> region = options.region;
  if (!region) region = RegionFrom(ctx->env, options.profile);
  ctx->sts = ResolveStsTarget(ctx->env, options.sts_endpoint, region);
  TransportOptions sts;
  sts.total_timeout_ms = 10000;
  ctx->sts_transport = std::make_shared<Transport>(sts);
  TransportOptions metadata;
  metadata.connect_timeout_ms = options.metadata_timeout_ms;
  metadata.total_timeout_ms = 2 * options.metadata_timeout_ms;
  ctx->metadata_transport = std::make_shared<Transport>(metadata);
  return ctx;
}

class StaticProvider : public CredentialsProvider {
 public:
  explicit StaticProvider(Credentials creds) : creds_(std::move(creds)) {}
  Outcome<Credentials> Get() override { return creds_; }
  std::string Name() const override { return "static"; }

 private:
  Credentials creds_;
};

// Picks the first configured source once, then serves its credentials from
// a cache refreshed `refresh_window_seconds` before they expire.
class ChainProvider : public CredentialsProvider {
 public:
  explicit ChainProvider(const ChainOptions& options) : options_(options) {}

  Outcome<Credentials> Get() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!selected_) {
      if (std::optional<ApiError> error = Select()) return *error;
    }
    long long now = static_cast<long long>(std::time(nullptr));
    if (cached_ && !NeedsRefresh(*cached_, now)) return *cached_;
    Outcome<Credentials> fresh = selected_->fetch();
    if (!fresh.ok()) return Failed(fresh.error(), now);
    spdlog::debug("credentials: fetched from {}", selected_->name);
    cached_ = fresh.value();
    return fresh;
  }

  std::string Name() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return selected_ ? selected_->name : "default-chain";
  }

 private:
  std::optional<ApiError> Select() {
    ctx_ = MakeContext(options_);
    std::optional<std::string> explicit_profile = options_.profile;
    if (!explicit_profile) explicit_profile = ctx_->env.Get("AWS_PROFILE");
    const std::string profile = explicit_profile.value_or(AwsProfile(ctx_->env));
    std::vector<Source> sources = {EnvironmentSource(ctx_), WebIdentitySource(ctx_),
                                   ProfileSource(ctx_, profile, explicit_profile.has_value()),
                                   ContainerSource(ctx_), InstanceMetadataSource(ctx_)};
    tried_.clear();
    for (Source& source : sources) {
      if (source.not_configured.empty()) {
        spdlog::debug("credentials: using {}", source.name);
        selected_ = std::move(source);
        return std::nullopt;
      }
      tried_ += (tried_.empty() ? "" : "; ") + source.name + ": " + source.not_configured;
    }
    return MakeError(ErrorKind::kOther, "NoCredentialsError",
                     "no AWS credentials found; tried " + tried_, 0);
  }

  bool NeedsRefresh(const Credentials& creds, long long now) const {
    return creds.expiration && *creds.expiration - now <= options_.refresh_window_seconds;
  }

  // Old credentials that have not yet expired beat an error.
  Outcome<Credentials> Failed(ApiError error, long long now) {
    if (cached_ && cached_->expiration && *cached_->expiration > now) {
      spdlog::warn(
          "credentials: refresh from {} failed, using the current ones until they "
          "expire: {}",
          selected_->name, error.message);
      return *cached_;
    }
    std::string before = tried_.empty() ? "" : " (after " + tried_ + ")";
    error.message = "credentials from " + selected_->name + before + ": " + error.message;
    return error;
  }

  const ChainOptions options_;
  mutable std::mutex mu_;
  std::shared_ptr<const SourceContext> ctx_;
  std::optional<Source> selected_;
  std::string tried_;
  std::optional<Credentials> cached_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> DefaultCredentialChain(const ChainOptions& options) {
  return std::make_unique<ChainProvider>(options);
}

std::unique_ptr<CredentialsProvider> StaticCredentials(const Credentials& creds) {
  return std::make_unique<StaticProvider>(creds);
}

std::optional<std::string> RegionFromEnvironment(const std::optional<std::string>& profile) {
  return RegionFrom(EnvLookup(), profile);
}

}  // namespace backupctl
