// Rendering a tree with targets: each target's plan (and apply report) under
// a heading naming it, then one summary line for all.
//
// JSON is format_version 2 (docs/targets.md): {"format_version": 2, "stack",
// "targets": [{"name", "accountId", "region", "target", "error"?, "plan"?:
// <a version 1 plan>, "report"?: <a version 1 report>}], "summary"}.

#ifndef BACKUPCTL_RECONCILE_RENDER_TARGETS_H_
#define BACKUPCTL_RECONCILE_RENDER_TARGETS_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconcile/targets.h"

namespace backupctl {

inline constexpr int kTargetsPlanFormatVersion = 2;

// `descriptions[i]` says how target i was reached; `apply` is null for a plan.
std::string RenderTargetsText(const TargetsPlan& plan, const std::vector<std::string>& descriptions,
                              const TargetsApply* apply, bool color);
std::string RenderTargetsMarkdown(const TargetsPlan& plan,
                                  const std::vector<std::string>& descriptions,
                                  const TargetsApply* apply);
nlohmann::json TargetsToJson(const TargetsPlan& plan, const std::vector<std::string>& descriptions,
                             const TargetsApply* apply);

// Counts over every target that planned.
PlanSummary SummarizeTargets(const TargetsPlan& plan);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_RENDER_TARGETS_H_
