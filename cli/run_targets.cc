#include "cli/run_targets.h"

#include <iostream>

#include "cli/open_targets.h"
#include "reconcile/render_targets.h"
#include "reconcile/targets.h"

namespace backupctl {
namespace {

TargetsOptions ToTargetsOptions(const ReconcileFlags& flags) {
  TargetsOptions options;
  options.reconcile = ToReconcileOptions(flags);
  options.global_in_flight = flags.global_parallelism;
  return options;
}

void Print(const TargetsPlan& plan, const OpenedTargets& opened, const TargetsApply* apply,
           const std::string& output) {
  if (output == "json") {
    std::cout << TargetsToJson(plan, opened.descriptions, apply).dump(2) << "\n";
  } else if (output == "markdown") {
    std::cout << RenderTargetsMarkdown(plan, opened.descriptions, apply);
  } else {
    std::cout << RenderTargetsText(plan, opened.descriptions, apply, StdoutWantsColor());
  }
}

// Says on stderr which targets failed or were left incomplete; true if any.
bool ReportTargetProblems(const TargetsPlan& plan) {
  bool any = false;
  for (const TargetPlan& t : plan.targets) {
    const std::string& name = t.target->spec.name;
    if (!t.run.ok()) {
      PrintError("target " + name + ": " + t.run.error);
      any = true;
    } else if (!t.run.result.plan.unknowns.empty()) {
      std::cerr << "target " << name << ": ";
      ReportIncomplete(t.run.result.plan);
      any = true;
    }
  }
  return any;
}

std::vector<std::string> Errors(const OpenedTargets& opened, size_t n) {
  std::vector<std::string> errors = opened.errors;
  errors.resize(n);
  return errors;
}

}  // namespace

int PlanTreeWithTargets(const LoadResult& tree, const std::string& dir, const ReconcileFlags& flags,
                        bool detailed_exitcode) {
  OpenedTargets opened =
      OpenTargets(dir, tree.state.project, tree.targets, flags.target, TargetAccess::kReadOnly);
  if (!opened.error.empty()) {
    PrintError(opened.error);
    return 1;
  }
  TargetsPlan plan = PlanTargets(tree.targets, opened.apis, Errors(opened, tree.targets.size()),
                                 ToTargetsOptions(flags));
  Print(plan, opened, nullptr, flags.output);
  if (ReportTargetProblems(plan)) return 1;
  return detailed_exitcode && SummarizeTargets(plan).HasChanges() ? 2 : 0;
}

int ApplyTreeWithTargets(const LoadResult& tree, const std::string& dir,
                         const ReconcileFlags& flags) {
  OpenedTargets opened =
      OpenTargets(dir, tree.state.project, tree.targets, flags.target, TargetAccess::kReadWrite);
  if (!opened.error.empty()) {
    PrintError(opened.error);
    return 1;
  }
  TargetsOptions options = ToTargetsOptions(flags);
  TargetsPlan plan =
      PlanTargets(tree.targets, opened.apis, Errors(opened, tree.targets.size()), options);
  TargetsApply applied = ApplyTargets(plan, options);
  std::string flushed = opened.Flush();
  Print(plan, opened, &applied, flags.output);
  bool problems = ReportTargetProblems(plan);
  if (!flushed.empty()) {
    PrintError("the local state could not be written: " + flushed);
    return 1;
  }
  return applied.report.ok() && !problems ? 0 : 1;
}

}  // namespace backupctl
