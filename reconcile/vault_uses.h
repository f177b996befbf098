// What uses a vault, so the planner never prunes or replaces one in use.
//
// A vault is in use when a plan rule targets it (by name), a copy action
// copies to it (by ARN: a destination in another account or Region is
// another vault), or the tree declares notifications or an access policy for
// it. Declared plans count as declared; live plans (those whose documents
// were read) count too, under their own name, so a caller can leave out a
// plan this run deletes or rewrites before the vault goes. Each use reads as
// a reason: "rule daily of plan daily targets it". The index views the
// strings of the states it was built from, which must outlive it.

#ifndef BACKUPCTL_RECONCILE_VAULT_USES_H_
#define BACKUPCTL_RECONCILE_VAULT_USES_H_

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "desired/model.h"
#include "reconcile/live.h"

namespace backupctl {

class VaultUses {
 public:
  VaultUses(const DesiredState& desired, const LiveState& live);

  // The uses of the vault `name` (live ARN `arn`), declared first; a live
  // plan's uses are left out when `skip_live_plan(plan name)` says so.
  std::vector<std::string> Of(const std::string& name, const std::string& arn,
                              const std::function<bool(const std::string&)>& skip_live_plan) const;

 private:
  enum class How { kTarget, kCopy, kNotifications, kPolicy };
  struct Use {
    How how = How::kTarget;
    const BackupPlanSpec* plan = nullptr;  // kTarget, kCopy
    const Rule* rule = nullptr;            // kTarget, kCopy
    bool live = false;                     // from a live plan's document
    std::string Reason() const;
  };
  void AddBackupPlan(const BackupPlanSpec& plan, bool live);

  std::unordered_map<std::string_view, std::vector<Use>> by_name_;
  std::unordered_map<std::string_view, std::vector<Use>> by_arn_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_VAULT_USES_H_
