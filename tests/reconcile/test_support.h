// Helpers for the reconciler's in-process tests: a small declared tree, a
// BackupApi decorator that records calls (and can lose responses or inject
// errors), and read+plan / apply shortcuts against a LocalAccount.

#ifndef BACKUPCTL_TESTS_RECONCILE_TEST_SUPPORT_H_
#define BACKUPCTL_TESTS_RECONCILE_TEST_SUPPORT_H_

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "providers/forwarding_api.h"
#include "providers/local/account.h"
#include "reconcile/reconcile.h"

namespace backupctl::testing {

inline constexpr char kRole[] = "arn:aws:iam::123456789012:role/backup";
inline constexpr char kTopic[] = "arn:aws:sns:us-east-1:123456789012:backup-events";

// stack "payments": vault prod (tags team=a), plan daily (rule daily -> prod,
// 35 days), selection daily/db (one resource), notifications on prod.
DesiredState SmallTree();

// Records every call in order; `hook(operation)` may return an error to
// inject instead of (or, with lose_response, after) performing the call.
class RecordingApi : public ForwardingApi {
 public:
  explicit RecordingApi(BackupApi& inner) : ForwardingApi(inner) {}

  std::vector<std::string> calls() const;
  int writes() const;
  void Clear();
  // Operation -> how many of its answers to lose: the call runs, then reports
  // a transport error, as when a connection drops after the service committed.
  std::map<std::string, int> lose_responses;
  // Returns an error to answer instead of running the call (nullopt: run it).
  std::function<std::optional<ApiError>(const std::string& operation)> inject;

 protected:
  std::optional<ApiError> Around(const char* operation, const Call& call) override;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> calls_;
};

// Fast options for tests: short consistency deadline and retry delays.
ReconcileOptions TestOptions(const LocalAccount& account);

// Read + plan; fails the test on a read or plan error.
ActionPlan PlanOrDie(BackupApi& api, const DesiredState& desired, const ReconcileOptions& options);

// Plans and applies; returns the report (the plan must be ok).
ApplyReport PlanAndApply(BackupApi& api, const DesiredState& desired,
                         const ReconcileOptions& options);

// Ids of the actions, and the action with `id` (fails the test when missing).
std::vector<std::string> ActionIds(const ActionPlan& plan);
const Action& FindAction(const ActionPlan& plan, const std::string& id);
bool HasAction(const ActionPlan& plan, const std::string& id);

// Change paths of an action ("rule daily: deleteAfterDays", ...).
std::vector<std::string> ChangePaths(const Action& action);

// Counts of live resources of the account (all, not only this stack's).
int CountPlansNamed(BackupApi& api, const std::string& name);
int CountSelections(BackupApi& api, const std::string& plan_id);

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_RECONCILE_TEST_SUPPORT_H_
