// The "profile:NAME" source: static keys, role_arn with source_profile or
// credential_source (STS AssumeRole), role_arn with web_identity_token_file,
// and credential_process, from the shared config and credentials files.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "providers/aws/credential_json.h"
#include "providers/aws/credential_sources.h"
#include "providers/aws/ini.h"
#include "providers/aws/subprocess.h"

namespace backupctl {
namespace {

constexpr size_t kMaxRoleChain = 8;

struct Files {
  std::string config_path, credentials_path;
  std::optional<IniFile> config, credentials;
};

Files ReadFiles(const EnvLookup& env) {
  Files f{AwsConfigFile(env), AwsCredentialsFile(env), std::nullopt, std::nullopt};
  f.config = ReadIniFile(f.config_path);
  f.credentials = ReadIniFile(f.credentials_path);
  return f;
}

// The profile's config-file values overlaid by its credentials-file values.
std::optional<IniSection> MergedProfile(const Files& f, const std::string& profile) {
  const IniSection* config = f.config ? ConfigProfile(*f.config, profile) : nullptr;
  const IniSection* keys = f.credentials ? CredentialsProfile(*f.credentials, profile) : nullptr;
  if (config == nullptr && keys == nullptr) return std::nullopt;
  IniSection merged = config != nullptr ? *config : IniSection{};
  if (keys != nullptr) {
    for (const auto& [key, value] : *keys) merged[key] = value;
  }
  return merged;
}

std::string Value(const IniSection& section, const std::string& key) {
  auto it = section.find(key);
  return it == section.end() ? "" : it->second;
}

ApiError ProfileError(const std::string& profile, const std::string& message) {
  return CredentialsError("profile " + profile + ": " + message);
}

class Resolver {
 public:
  Resolver(ContextPtr ctx, Files files) : ctx_(std::move(ctx)), files_(std::move(files)) {}

  Outcome<Credentials> Resolve(const std::string& profile, std::vector<std::string> visited) {
    std::optional<IniSection> section = MergedProfile(files_, profile);
    if (!section) return ProfileError(profile, "not found in " + WhereLooked());
    if (!Value(*section, "role_arn").empty()) {
      visited.push_back(profile);
      return AssumeRoleFor(profile, *section, visited);
    }
    if (!Value(*section, "aws_access_key_id").empty()) return Static(profile, *section);
    if (!Value(*section, "credential_process").empty()) return Process(profile, *section);
    return ProfileError(profile, "has no aws_access_key_id, role_arn or credential_process (in " +
                                     WhereLooked() + ")");
  }

 private:
  std::string WhereLooked() const { return files_.config_path + " or " + files_.credentials_path; }

  Outcome<Credentials> Static(const std::string& profile, const IniSection& section) {
    Credentials creds;
    creds.access_key_id = Value(section, "aws_access_key_id");
    creds.secret_access_key = Value(section, "aws_secret_access_key");
    creds.session_token = Value(section, "aws_session_token");
    if (creds.access_key_id.empty() || creds.secret_access_key.empty()) {
      return ProfileError(profile, "needs both aws_access_key_id and aws_secret_access_key");
    }
    return creds;
  }

  Outcome<Credentials> Process(const std::string& profile, const IniSection& section) {
    Outcome<std::string> output = RunCommand(Value(section, "credential_process"),
                                             ctx_->options.credential_process_timeout_ms);
    if (!output.ok()) return ProfileError(profile, output.error().message);
    nlohmann::json doc = nlohmann::json::parse(output.value(), nullptr, false);
    if (!doc.is_object() || doc.value("Version", 0) != 1) {
      return ProfileError(profile, "credential_process must print JSON with \"Version\": 1");
    }
    Outcome<Credentials> creds = CredentialsFromJson(output.value(), "credential_process");
    if (!creds.ok()) return ProfileError(profile, creds.error().message);
    return creds;
  }

  Outcome<Credentials> AssumeRoleFor(const std::string& profile, const IniSection& section,
                                     const std::vector<std::string>& visited) {
    AssumeRoleParams params;
    params.role_arn = Value(section, "role_arn");
    params.session_name = Value(section, "role_session_name");
    if (params.session_name.empty()) params.session_name = DefaultSessionName();
    params.external_id = Value(section, "external_id");
    std::string duration = Value(section, "duration_seconds");
    if (!duration.empty()) {
      if (duration.find_first_not_of("0123456789") != std::string::npos || duration.size() > 5) {
        return ProfileError(profile, "duration_seconds must be a number of seconds");
      }
      params.duration_seconds = std::stoi(duration);
    }
    std::string token_file = Value(section, "web_identity_token_file");
    if (!token_file.empty()) return WebIdentity(profile, params, token_file);
    Outcome<Credentials> source = SourceCredentials(profile, section, visited);
    if (!source.ok()) return source;
    Outcome<Credentials> assumed =
        AssumeRole(*ctx_->sts_transport, ctx_->sts, source.value(), params);
    if (!assumed.ok()) {
      ApiError error = assumed.error();
      error.message = "profile " + profile + ": " + error.message;
      return error;
    }
    return assumed;
  }

  Outcome<Credentials> WebIdentity(const std::string& profile, const AssumeRoleParams& params,
                                   const std::string& token_file) {
    Outcome<Credentials> creds = WebIdentityCredentials(*ctx_, params, token_file);
    if (!creds.ok()) return ProfileError(profile, creds.error().message);
    return creds;
  }

  Outcome<Credentials> SourceCredentials(const std::string& profile, const IniSection& section,
                                         const std::vector<std::string>& visited) {
    std::string source_profile = Value(section, "source_profile");
    std::string credential_source = Value(section, "credential_source");
    if (!source_profile.empty()) {
      if (source_profile == profile) return Static(profile, section);
      if (std::find(visited.begin(), visited.end(), source_profile) != visited.end() ||
          visited.size() > kMaxRoleChain) {
        return ProfileError(profile, "source_profile chain loops back to " + source_profile);
      }
      return Resolve(source_profile, visited);
    }
    if (credential_source == "Environment") return FetchFrom(profile, EnvironmentSource(ctx_));
    if (credential_source == "EcsContainer") return FetchFrom(profile, ContainerSource(ctx_));
    if (credential_source == "Ec2InstanceMetadata") {
      return FetchFrom(profile, InstanceMetadataSource(ctx_));
    }
    if (!credential_source.empty()) {
      return ProfileError(profile, "unknown credential_source " + credential_source +
                                       " (Environment, EcsContainer or Ec2InstanceMetadata)");
    }
    return ProfileError(profile, "role_arn needs source_profile or credential_source");
  }

  Outcome<Credentials> FetchFrom(const std::string& profile, const Source& source) {
    if (!source.not_configured.empty()) {
      return ProfileError(profile,
                          "credential_source " + source.name + ": " + source.not_configured);
    }
    return source.fetch();
  }

  ContextPtr ctx_;
  Files files_;
};

}  // namespace

Source ProfileSource(const ContextPtr& ctx, const std::string& profile, bool chosen_explicitly) {
  const std::string name = "profile:" + profile;
  Files files = ReadFiles(ctx->env);
  if (!MergedProfile(files, profile) && !chosen_explicitly) {
    return {name, "no [" + profile + "] in " + files.config_path + " or " + files.credentials_path,
            nullptr};
  }
  return {name, "",
          [ctx, profile]() { return Resolver(ctx, ReadFiles(ctx->env)).Resolve(profile, {}); }};
}

}  // namespace backupctl
