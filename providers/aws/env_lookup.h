// Environment variables with test overrides: an override wins over the
// process environment, and an empty value (overridden or real) counts as
// unset, as in the AWS SDKs. Also where the shared config files live.

#ifndef BACKUPCTL_PROVIDERS_AWS_ENV_LOOKUP_H_
#define BACKUPCTL_PROVIDERS_AWS_ENV_LOOKUP_H_

#include <map>
#include <optional>
#include <string>

namespace backupctl {

class EnvLookup {
 public:
  EnvLookup() = default;
  explicit EnvLookup(std::map<std::string, std::string> overrides)
      : overrides_(std::move(overrides)) {}

  std::optional<std::string> Get(const std::string& name) const;
  bool IsTrue(const std::string& name) const;  // "true", any case

  // AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and
  // ~/.aws/credentials; a leading "~/" is expanded.
  std::string ConfigFile() const;
  std::string CredentialsFile() const;
  // AWS_PROFILE (then AWS_DEFAULT_PROFILE), else "default".
  std::string Profile() const;

 private:
  std::string ExpandHome(const std::string& path) const;
  std::map<std::string, std::string> overrides_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_ENV_LOOKUP_H_
