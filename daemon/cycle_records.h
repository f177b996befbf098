// How a reconcile step's plan and apply report become a cycle's records:
// the action lines the service logs and counts, and the texts that say why
// a cycle was partial.

#ifndef BACKUPCTL_DAEMON_CYCLE_RECORDS_H_
#define BACKUPCTL_DAEMON_CYCLE_RECORDS_H_

#include <map>
#include <string>

#include "daemon/cycle.h"
#include "reconcile/apply.h"
#include "reconcile/plan.h"

namespace backupctl {

ActionRecord PendingRecord(const Action& action, const std::string& target = "");
ActionRecord AppliedRecord(const ActionOutcome& outcome, const std::string& target = "");

// `outcome` as failed for `error` (a load error stays a load error).
CycleOutcome FailedOutcome(CycleOutcome outcome, std::string error);

// "2 failed, 1 skipped, 0 blocked of 9 actions".
std::string ApplyReportText(const ApplyReport& report);

// "" when the plan read everything, else "3 part(s) of the account could not
// be read (BackupPlan nightly: ...)": such a cycle is not a success.
std::string UnknownsText(const ActionPlan& plan);

// Resources that differ from the tree, by kind: what create, update, replace
// and delete actions would change.
std::map<std::string, int> DriftByKind(const ActionPlan& plan);
int TotalDrift(const std::map<std::string, int>& drift_by_kind);

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_CYCLE_RECORDS_H_
