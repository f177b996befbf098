#include "providers/local/arn.h"

#include <vector>

namespace backupctl {

std::optional<Arn> ParseArn(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (parts.size() < 5) {
    size_t colon = text.find(':', start);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  Arn arn{parts[1], parts[2], parts[3], parts[4], text.substr(start)};
  if (parts[0] != "arn" || arn.partition.empty() || arn.service.empty() || arn.resource.empty()) {
    return std::nullopt;
  }
  return arn;
}

static std::string BackupArn(const std::string& region, const std::string& account,
                             const std::string& resource) {
  return "arn:aws:backup:" + region + ":" + account + ":" + resource;
}

std::string BackupVaultArn(const std::string& region, const std::string& account,
                           const std::string& name) {
  return BackupArn(region, account, "backup-vault:" + name);
}

std::string BackupPlanArn(const std::string& region, const std::string& account,
                          const std::string& plan_id) {
  return BackupArn(region, account, "backup-plan:" + plan_id);
}

std::string RecoveryPointArn(const std::string& region, const std::string& account,
                             const std::string& id) {
  return BackupArn(region, account, "recovery-point:" + id);
}

}  // namespace backupctl
