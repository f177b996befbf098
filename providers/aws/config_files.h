// Where the AWS shared config files live and which profile is meant, read
// from an EnvLookup (base/env.h) as the AWS CLI reads them.

#ifndef BACKUPCTL_PROVIDERS_AWS_CONFIG_FILES_H_
#define BACKUPCTL_PROVIDERS_AWS_CONFIG_FILES_H_

#include <string>

#include "base/env.h"

namespace backupctl {

// AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and
// ~/.aws/credentials; a leading "~/" is expanded.
std::string AwsConfigFile(const EnvLookup& env);
std::string AwsCredentialsFile(const EnvLookup& env);
// AWS_PROFILE (then AWS_DEFAULT_PROFILE), else "default".
std::string AwsProfile(const EnvLookup& env);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_CONFIG_FILES_H_
