// Loading and validating a desired-state tree.
//
// LoadTree reads backupctl.yaml and every *.yaml / *.yml below `root`
// (sorted, hidden entries and .backupctl/ skipped), parses each document,
// and validates the whole tree (fields, values, cross-field rules and
// references). It never touches the network. All problems are reported in one
// pass, sorted by file, line and column; the state is usable only if
// diagnostics holds no error.
//
// A YAML entry that cannot be read is an error, never skipped: a skipped file
// would make `--prune` delete what it declares. Symlinks are followed when
// they resolve to a regular file inside the tree; one that dangles, loops,
// leads out of the tree or to anything else (a directory included, whatever
// its name) is an error. Diagnostics are printable as they are: control
// characters escaped, long quoted values cut (desired/safe_text.h).
//
// A tree whose backupctl.yaml declares `targets` loads one DesiredState per
// target (placement.h); a problem in a stamped copy ends with the target(s)
// it was found on, once for all of them.

#ifndef BACKUPCTL_DESIRED_LOADER_H_
#define BACKUPCTL_DESIRED_LOADER_H_

#include <string>
#include <vector>

#include "desired/model.h"
#include "desired/source_map.h"

namespace backupctl {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;
  std::string ToString() const;  // "file:line:column: error: message"
};

// A tree with targets (docs/targets.md): what one target receives once every
// document placed on it is stamped out. state.project is the tree's project.
struct PlacedTarget {
  TargetSpec spec;
  DesiredState state;
  SourceMap sources;
};

struct LoadResult {
  DesiredState state;  // with targets: the project only, the resources are in `targets`
  std::vector<PlacedTarget> targets;  // one per backupctl.yaml target, in its order
  SourceMap sources;                  // where each declared resource was written
  std::vector<Diagnostic> diagnostics;
  int files_read = 0;
  bool ok() const;  // no diagnostic of severity error
};

LoadResult LoadTree(const std::string& root);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_LOADER_H_
