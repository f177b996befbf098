// Several trees in one daemon, each its own target (`backupctl daemon DIR
// DIR...`, one tree per account or team, as Argo CD runs many applications).
//
// A cycle reconciles every tree in turn; a tree that fails to load, read or
// apply does not stop the others. The merged outcome has the worst result
// (failed, then partial, then load error, then success), every error and
// load error prefixed "target NAME: ", the drift summed and the actions in
// tree order, each naming its target (with one tree, all of it is the tree's
// own outcome, unprefixed). After each tree's turn it sets, per target,
// backupctl_target_cycle_success{target} to 1 or 0 and
// backupctl_target_drifted_resources{target}; a replica that stands by for
// a tree (another owns it) drops that tree's series. The targets of a tree
// with targets are named by their own names, "TREE/NAME" in a daemon of
// several trees; CycleOutcome::targets lists every target so named.

#ifndef BACKUPCTL_DAEMON_TREE_SET_H_
#define BACKUPCTL_DAEMON_TREE_SET_H_

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "daemon/metric_names.h"
#include "daemon/metrics.h"
#include "daemon/tree_reconciler.h"

namespace backupctl {

// "default" for one tree (as a single-tree daemon always named it); for
// several, each directory's last path component, which must be distinct.
// nullopt, with `error` set, when they are not.
std::optional<std::vector<std::string>> TargetNamesFor(const std::vector<std::string>& dirs,
                                                       std::string* error);

class TreeSet {
 public:
  struct Tree {
    std::string target;
    std::unique_ptr<TreeReconciler> reconciler;
    std::set<std::string> exported = {};  // target names of its series in /metrics
  };

  TreeSet(std::vector<Tree> trees, MetricsRegistry* metrics);

  CycleOutcome Reconcile(const CycleRequest& request);

 private:
  CycleOutcome ReconcileOne(Tree& tree, const CycleRequest& request);

  std::vector<Tree> trees_;
  MetricsRegistry* metrics_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_TREE_SET_H_
