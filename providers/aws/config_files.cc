#include "providers/aws/config_files.h"

namespace backupctl {

std::string AwsConfigFile(const EnvLookup& env) {
  return env.ExpandHome(env.Get("AWS_CONFIG_FILE").value_or("~/.aws/config"));
}

std::string AwsCredentialsFile(const EnvLookup& env) {
  return env.ExpandHome(env.Get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
}

std::string AwsProfile(const EnvLookup& env) {
  if (std::optional<std::string> profile = env.Get("AWS_PROFILE")) return *profile;
  return env.Get("AWS_DEFAULT_PROFILE").value_or("default");
}

}  // namespace backupctl
