// Conversions between the AWS Backup API shapes and the declared model.
//
// Reading turns API shapes into model types, so live and desired compare as
// like with like; applying turns declared model types into request shapes.

#ifndef BACKUPCTL_RECONCILE_CONVERT_H_
#define BACKUPCTL_RECONCILE_CONVERT_H_

#include <string>

#include "desired/model.h"
#include "providers/backup_types.h"

namespace backupctl {

Plan PlanFromApi(const BackupPlan& plan);
BackupPlanInput PlanToApi(const Plan& plan);
Selection SelectionFromApi(const BackupSelection& selection, const std::string& plan_name);
BackupSelection SelectionToApi(const Selection& selection);
std::optional<VaultLock> LockFromApi(const BackupVaultListMember& vault);

// "arn:aws:backup:<region>:<account>:backup-plan:<id>" -> "<id>"; "" if not a plan ARN.
std::string PlanIdFromArn(const std::string& arn);
// "arn:...:backup-vault:<name>" -> "<name>"; "" if not a vault ARN.
std::string VaultNameFromArn(const std::string& arn);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_CONVERT_H_
