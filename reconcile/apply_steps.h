// One action's API calls, for apply.cc: the create, update and delete of
// each kind. Every write goes through Write (the one retry layer: the known
// eventual-consistency refusals, bounded by ApplyOptions and logged), and a
// create answered "already made" counts only once the resource is seen
// carrying this action's CreatorRequestId. Execute may be called from several
// threads at once; a plan's id, once created, is shared with the selections
// that follow it.

#ifndef BACKUPCTL_RECONCILE_APPLY_STEPS_H_
#define BACKUPCTL_RECONCILE_APPLY_STEPS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "providers/backup_api.h"
#include "reconcile/apply.h"

namespace backupctl {

struct StepResult {
  bool ok = true;
  std::string detail;  // the error, or a note ("already made")
};

class ActionSteps {
 public:
  ActionSteps(const ActionPlan& plan, const std::map<std::string, BackupApi*>& apis,
              const ApplyOptions& options);
  ~ActionSteps();
  ActionSteps(const ActionSteps&) = delete;
  ActionSteps& operator=(const ActionSteps&) = delete;

  StepResult Execute(const Action& a);
  int64_t write_calls() const;  // every write sent so far, retries included

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_APPLY_STEPS_H_
