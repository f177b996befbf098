// ARNs of the resources an AWS Backup account holds, built and parsed.
// Form: arn:<partition>:<service>:<region>:<account>:<resource>.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ARN_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ARN_H_

#include <optional>
#include <string>

namespace backupctl {

struct Arn {
  std::string partition;
  std::string service;
  std::string region;
  std::string account;
  std::string resource;  // everything after the fifth ':'
};

// Nullopt unless the string has the six ARN parts with non-empty partition,
// service and resource.
std::optional<Arn> ParseArn(const std::string& text);

std::string BackupVaultArn(const std::string& region, const std::string& account,
                           const std::string& name);
std::string BackupPlanArn(const std::string& region, const std::string& account,
                          const std::string& plan_id);
std::string RecoveryPointArn(const std::string& region, const std::string& account,
                             const std::string& id);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ARN_H_
