// `backupctl verify`: prove a selection can be backed up, now.
//
// PlanVerify picks what to back up: the declared selection (by name, or
// "plan/selection"), one resource it covers (--resource, which must match
// its Resources patterns and none of its NotResources; else its first
// Resources entry without a wildcard), its role, and the target vault of its
// plan's first rule (or the named one). The IdempotencyToken is
// sha256(stack|plan|selection|resource|UTC day) cut to 32 hex: a second run
// the same day follows the job the first one started.
// RunVerify starts the job (StartBackupJob, recovery point deleted after
// `delete_after_days`, at least the vault lock's declared minimum) and follows it with
// DescribeBackupJob until a terminal state, calling `progress` whenever the state or percentage
// moves.

#ifndef BACKUPCTL_RECONCILE_VERIFY_H_
#define BACKUPCTL_RECONCILE_VERIFY_H_

#include <functional>
#include <optional>
#include <string>

#include "desired/model.h"
#include "providers/backup_api.h"

namespace backupctl {

struct VerifyRequest {
  std::string selection;  // "name" or "plan/name"
  std::optional<std::string> resource;
  std::optional<std::string> rule;
  // Unset: 1 day, or the target vault's declared lock minimum when larger.
  // Set below that minimum: refused before any call (AWS would fail the job).
  std::optional<int64_t> delete_after_days;
  double poll_seconds = 2;
  double timeout_seconds = 3600;
};

struct VerifyTarget {
  std::string plan, rule, selection;
  std::string resource_arn;
  std::string iam_role_arn;
  std::string vault;
  int64_t delete_after_days = 1;
  std::string idempotency_token;
};

// Errors name what is wrong with the request (unknown selection, a resource it
// does not cover, ...). `now` picks the day of the token.
Outcome<VerifyTarget> PlanVerify(const DesiredState& desired, const VerifyRequest& request,
                                 double now);

struct VerifyResult {
  std::string job_id;
  std::string state;  // COMPLETED, FAILED, ...; "TIMEOUT" when the wait ran out
  std::string recovery_point_arn;
  std::string message;
};

Outcome<VerifyResult> RunVerify(BackupApi& api, const VerifyTarget& target,
                                const VerifyRequest& request,
                                const std::function<void(const BackupJob&)>& progress);

bool IsTerminalJobState(const std::string& state);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_VERIFY_H_
