// Trees with targets: which targets a document is stamped out on, the
// per-target substitutions, and the checks that span targets.
//
// A document names its targets (metadata.targets) or selects them by label
// (metadata.targetSelector: every listed label must match); it must say one
// or the other, never both. Each placed copy is decoded on its own, with
// ${account}, ${region}, ${partition} and ${target} replaced in every string
// ($${...} stays a literal ${...}; any other ${...}, such as an IAM policy
// variable, is left as written). In a tree without targets, placement is an
// error and nothing is substituted.

#ifndef BACKUPCTL_DESIRED_PLACEMENT_H_
#define BACKUPCTL_DESIRED_PLACEMENT_H_

#include <string>
#include <string_view>
#include <vector>

#include "desired/decode.h"
#include "desired/model.h"
#include "desired/yaml_check.h"

namespace backupctl {

// The indices (into `targets`) of the targets `doc` is placed on; problems
// are reported to ctx. A document that is not backupctl's (or not a mapping)
// is placed on the first target only, so its warning or error shows once.
std::vector<size_t> PlaceDocument(const YamlNode& doc, FileContext& ctx,
                                  const std::vector<TargetSpec>& targets);

// Reports metadata.targets / targetSelector in a tree without targets.
void RefusePlacement(const YamlNode& doc, FileContext& ctx);

std::string SubstituteTarget(std::string_view text, const TargetSpec& target);

// One target's share of a loaded tree, for the checks across targets.
struct TargetShare {
  const TargetSpec* spec;
  const DesiredState* state;
  const TreeIndex* index;
};

// A copy into the account and region of one of the tree's targets (by
// destinationVault or by ARN) names a vault declared there or listed in
// externalVaults, and honours that vault's lock. Appends errors to out[i],
// the diagnostics of share i. A tree without targets runs it with its one
// account (SingleTargetSpec, decode.h) as the only share.
void CheckAcrossTargets(const std::vector<TargetShare>& shares, const Project& project,
                        std::vector<std::vector<Diagnostic>>* out);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_PLACEMENT_H_
