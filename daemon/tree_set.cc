#include "daemon/tree_set.h"

#include <filesystem>
#include <set>
#include <vector>

#include "daemon/cycle_records.h"

namespace backupctl {
namespace {

int Rank(CycleResult r) {
  switch (r) {
    case CycleResult::kSuccess:
      return 0;
    case CycleResult::kLoadError:
      return 1;
    case CycleResult::kPartial:
      return 2;
    case CycleResult::kFailed:
      return 3;
  }
  return 3;
}

void AppendPrefixed(std::string* to, const std::string& target, const std::string& text) {
  if (text.empty()) return;
  if (!to->empty()) *to += "; ";
  *to += "target " + target + ": " + text;
}

}  // namespace

std::optional<std::vector<std::string>> TargetNamesFor(const std::vector<std::string>& dirs,
                                                       std::string* error) {
  if (dirs.size() == 1) return std::vector<std::string>{kSingleTargetName};
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const std::string& dir : dirs) {
    std::filesystem::path path = std::filesystem::path(dir).lexically_normal();
    std::string name = path.filename().string();
    if (name.empty()) name = path.parent_path().filename().string();  // "a/b/" -> "b"
    if (name.empty() || name == "." || name == "..") {
      *error =
          "tree " + dir + ": name it by a directory (its last path component names its target)";
      return std::nullopt;
    }
    if (!seen.insert(name).second) {
      *error = "two trees end in \"" + name + "\": each tree's last directory names its target";
      return std::nullopt;
    }
    names.push_back(name);
  }
  return names;
}

TreeSet::TreeSet(std::vector<Tree> trees, MetricsRegistry* metrics)
    : trees_(std::move(trees)), metrics_(metrics) {
  metrics_->DefineGauge(kMetricTargetCycleSuccess,
                        "1 when the last cycle of this target succeeded, else 0");
  metrics_->DefineGauge(kMetricTargetDrifted,
                        "Resources of this target that differed from the tree at the last read");
}

CycleOutcome TreeSet::Reconcile(const CycleRequest& request) {
  if (trees_.size() == 1) return ReconcileOne(trees_.front(), request);
  CycleOutcome merged;
  for (Tree& tree : trees_) {
    if (request.stopping != nullptr && request.stopping->load()) {
      AppendPrefixed(&merged.error, tree.target, "shutting down: not reconciled");
      merged.result = CycleResult::kFailed;
      break;
    }
    CycleOutcome one = ReconcileOne(tree, request);
    if (one.standing_by) continue;
    if (Rank(one.result) > Rank(merged.result)) merged.result = one.result;
    AppendPrefixed(&merged.load_error, tree.target, one.load_error);
    AppendPrefixed(&merged.error, tree.target, one.error);
    merged.live_read = merged.live_read || one.live_read;
    for (TargetOutcome& t : one.targets) merged.targets.push_back(std::move(t));
    for (const auto& [kind, count] : one.drifted) merged.drifted[kind] += count;
    for (ActionRecord& action : one.actions) {
      action.target = tree.target;
      merged.actions.push_back(std::move(action));
    }
  }
  return merged;
}

CycleOutcome TreeSet::ReconcileOne(Tree& tree, const CycleRequest& request) {
  CycleOutcome one = tree.reconciler->Reconcile(request);
  std::set<std::string> now;
  if (!one.standing_by) {
    // A single-target tree is one target, named by the tree. A lone tree's
    // outcome already says it all: only its metrics name that target.
    std::vector<TargetOutcome> single;
    if (one.targets.empty()) {
      single.push_back(
          {tree.target, one.result, one.live_read, TotalDrift(one.drifted), one.error});
      if (trees_.size() > 1) one.targets = single;
    } else if (trees_.size() > 1) {
      for (TargetOutcome& t : one.targets) t.target = tree.target + "/" + t.target;
    }
    for (const TargetOutcome& t : one.targets.empty() ? single : one.targets) {
      const Labels labels = {{"target", t.target}};
      metrics_->Set(kMetricTargetCycleSuccess, labels, t.result == CycleResult::kSuccess ? 1 : 0);
      if (t.live_read) metrics_->Set(kMetricTargetDrifted, labels, t.drifted);
      now.insert(t.target);
    }
  }
  if (one.standing_by) tree.exported.insert(tree.target);  // whatever an earlier owner set
  for (const std::string& gone : tree.exported) {
    if (now.count(gone)) continue;
    metrics_->Remove(kMetricTargetCycleSuccess, {{"target", gone}});
    metrics_->Remove(kMetricTargetDrifted, {{"target", gone}});
  }
  tree.exported = std::move(now);
  return one;
}

}  // namespace backupctl
