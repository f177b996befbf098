#include "daemon/cycle_records.h"

namespace backupctl {

ActionRecord PendingRecord(const Action& action, const std::string& target) {
  return {ActionTypeName(action.type),
          KindName(action.kind),
          action.name,
          "pending",
          action.reason,
          target};
}

ActionRecord AppliedRecord(const ActionOutcome& outcome, const std::string& target) {
  return {ActionTypeName(outcome.type),
          KindName(outcome.kind),
          outcome.name,
          OutcomeStatusName(outcome.status),
          outcome.status == OutcomeStatus::kDone ? "" : outcome.detail,
          target};
}

CycleOutcome FailedOutcome(CycleOutcome outcome, std::string error) {
  if (outcome.result != CycleResult::kLoadError) outcome.result = CycleResult::kFailed;
  outcome.error = std::move(error);
  return outcome;
}

std::string ApplyReportText(const ApplyReport& report) {
  return std::to_string(report.failed) + " failed, " + std::to_string(report.skipped) +
         " skipped, " + std::to_string(report.blocked) + " blocked of " +
         std::to_string(report.outcomes.size()) + " actions";
}

std::string UnknownsText(const ActionPlan& plan) {
  if (plan.unknowns.empty()) return "";
  const Unknown& first = plan.unknowns[0];
  return std::to_string(plan.unknowns.size()) + " part(s) of the account could not be read (" +
         KindName(first.kind) + " " + first.name + ": " + first.error + ")";
}

std::map<std::string, int> DriftByKind(const ActionPlan& plan) {
  std::map<std::string, int> drift;
  for (const Action& action : plan.actions) {
    if (action.type == ActionType::kCreate || action.type == ActionType::kUpdate ||
        action.type == ActionType::kReplace || action.type == ActionType::kDelete) {
      ++drift[KindName(action.kind)];
    }
  }
  return drift;
}

int TotalDrift(const std::map<std::string, int>& drift_by_kind) {
  int total = 0;
  for (const auto& [kind, count] : drift_by_kind) total += count;
  return total;
}

}  // namespace backupctl
