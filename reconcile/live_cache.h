// LiveCache: what repeated reads of one account (the daemon's cycles) need
// not fetch again. A plan's document is kept by (BackupPlanId, VersionId): a
// new version misses. A selection's content is kept by SelectionId, since
// AWS never changes a selection in place. Retain drops what the latest read
// no longer saw, so the cache holds at most one account's worth. Thread-safe.

#ifndef BACKUPCTL_RECONCILE_LIVE_CACHE_H_
#define BACKUPCTL_RECONCILE_LIVE_CACHE_H_

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "desired/model.h"

namespace backupctl {

class LiveCache {
 public:
  std::optional<BackupPlanSpec> FindBackupPlan(const std::string& id,
                                               const std::string& version) const;
  void PutBackupPlan(const std::string& id, const std::string& version, const BackupPlanSpec& plan);
  std::optional<Selection> FindSelection(const std::string& selection_id) const;
  void PutSelection(const std::string& selection_id, const Selection& selection);
  // Drops entries for plans and selections not seen in the latest read.
  void Retain(const std::set<std::string>& plan_ids, const std::set<std::string>& selection_ids);
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::pair<std::string, BackupPlanSpec>>
      plans_;  // id -> (version, document)
  std::map<std::string, Selection> selections_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_LIVE_CACHE_H_
