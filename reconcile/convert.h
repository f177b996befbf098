// Conversions between the AWS Backup API shapes and the declared model.
//
// Reading turns API shapes into model types, so live and desired compare as
// like with like; applying turns declared model types into request shapes.
//
// Every member of the plan shapes is either declarable (a model field) or
// kept: read into Rule::kept / BackupPlanSpec::kept as wire JSON and written back
// unchanged, so an update never strips what backupctl does not manage.
// DeleteAfterEvent and RuleId are output only and never sent.
// tests/reconcile/plan_model_conformance_test.cc holds this true against
// the service model.

#ifndef BACKUPCTL_RECONCILE_CONVERT_H_
#define BACKUPCTL_RECONCILE_CONVERT_H_

#include <span>
#include <string>

#include "desired/model.h"
#include "providers/backup_types.h"

namespace backupctl {

BackupPlanSpec BackupPlanFromApi(const BackupPlan& plan);
BackupPlanInput BackupPlanToApi(const BackupPlanSpec& plan);
Selection SelectionFromApi(const BackupSelection& selection, const std::string& plan_name);
BackupSelection SelectionToApi(const Selection& selection);
std::optional<VaultLock> LockFromApi(const BackupVaultListMember& vault);

// AWS member names kept, not declared: of BackupRuleInput, of BackupPlanInput.
std::span<const char* const> KeptRuleMembers();
std::span<const char* const> KeptPlanMembers();

// "arn:aws:backup:<region>:<account>:backup-plan:<id>" -> "<id>"; "" if not a plan ARN.
std::string PlanIdFromArn(const std::string& arn);
// "arn:...:backup-vault:<name>" -> "<name>"; "" if not a vault ARN.
std::string VaultNameFromArn(const std::string& arn);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_CONVERT_H_
