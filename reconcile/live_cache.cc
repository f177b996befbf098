#include "reconcile/live_cache.h"

namespace backupctl {

std::optional<BackupPlanSpec> LiveCache::FindBackupPlan(const std::string& id,
                                                        const std::string& version) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = plans_.find(id);
  if (it == plans_.end() || it->second.first != version) return std::nullopt;
  return it->second.second;
}

void LiveCache::PutBackupPlan(const std::string& id, const std::string& version,
                              const BackupPlanSpec& plan) {
  std::lock_guard<std::mutex> lock(mu_);
  plans_[id] = {version, plan};
}

std::optional<Selection> LiveCache::FindSelection(const std::string& selection_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = selections_.find(selection_id);
  if (it == selections_.end()) return std::nullopt;
  return it->second;
}

void LiveCache::PutSelection(const std::string& selection_id, const Selection& selection) {
  std::lock_guard<std::mutex> lock(mu_);
  selections_[selection_id] = selection;
}

void LiveCache::Retain(const std::set<std::string>& plan_ids,
                       const std::set<std::string>& selection_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(plans_, [&](const auto& e) { return !plan_ids.count(e.first); });
  std::erase_if(selections_, [&](const auto& e) { return !selection_ids.count(e.first); });
}

size_t LiveCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return plans_.size() + selections_.size();
}

}  // namespace backupctl
