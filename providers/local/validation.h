// Input validation of the emulated account: the name patterns, document
// rules and limits AWS Backup enforces, as pure functions. Each Check*
// returns the error AWS would return, or nullopt when the input is valid.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_VALIDATION_H_
#define BACKUPCTL_PROVIDERS_LOCAL_VALIDATION_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "providers/api_error.h"
#include "providers/backup_types.h"

namespace backupctl {

bool IsBackupVaultName(const std::string& name);  // ^[a-zA-Z0-9\-\_]{2,50}$
bool IsBackupObjectName(
    const std::string& name);  // plans, rules, selections: [a-zA-Z0-9\-\_\.]{1,50}
bool IsScheduleExpression(const std::string& text);  // cron(6 fields) or rate(N unit), >= 1 hour

std::optional<ApiError> CheckCreatorRequestId(const std::optional<std::string>& id);
std::optional<ApiError> CheckTags(const Tags& tags);
std::optional<ApiError> CheckTagKeys(const std::vector<std::string>& keys);
std::optional<ApiError> CheckPlanDocument(
    const BackupPlan& plan, const std::function<bool(const std::string&)>& vault_exists);
std::optional<ApiError> CheckSelection(const BackupSelection& selection);
std::optional<ApiError> CheckNotifications(const std::string& sns_topic_arn,
                                           const std::vector<std::string>& events);
std::optional<ApiError> CheckPolicy(const std::optional<std::string>& policy);
std::optional<ApiError> CheckLockDays(const std::optional<int64_t>& min_days,
                                      const std::optional<int64_t>& max_days,
                                      const std::optional<int64_t>& changeable_days);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_VALIDATION_H_
