#include "cli/run_targets.h"

#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/open_targets.h"
#include "reconcile/render_targets.h"
#include "reconcile/targets.h"
#include "reconcile/targets_plan_file.h"

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

// Applies what planned, writes local state, prints the report; apply's exit code.
int ApplyAndReport(const TargetsPlan& plan, OpenedTargets& opened, const TargetsOptions& options,
                   const std::string& output) {
  TargetsApply applied = ApplyTargets(plan, options);
  std::string flushed = opened.Flush();
  Print(plan, opened, &applied, output);
  bool problems = ReportTargetProblems(plan);
  if (!flushed.empty()) {
    PrintError("the local state could not be written: " + flushed);
    return 1;
  }
  return applied.report.ok() && !problems ? 0 : 1;
}

}  // namespace

int PlanTreeWithTargets(const LoadResult& tree, const std::string& dir, const ReconcileFlags& flags,
                        bool detailed_exitcode, const std::string& out) {
  OpenedTargets opened =
      OpenTargets(dir, tree.state.project, tree.targets, flags.target, TargetAccess::kReadOnly);
  if (!opened.error.empty()) {
    PrintError(opened.error);
    return 1;
  }
  TargetsPlan plan = PlanTargets(tree.targets, opened.apis, Errors(opened, tree.targets.size()),
                                 ToTargetsOptions(flags));
  Print(plan, opened, nullptr, flags.output);
  if (ReportTargetProblems(plan)) {
    if (!out.empty()) PrintError("the plan was not saved: every target must plan in full");
    return 1;
  }
  if (!out.empty()) {
    std::string tree_dir = std::filesystem::absolute(dir).lexically_normal().string();
    nlohmann::json file = SavedTargetsPlanToJson(plan, opened.descriptions, tree_dir);
    if (!WriteFileAtomically(out, file.dump(2) + "\n")) {
      PrintError("cannot write the plan to " + out);
      return 1;
    }
    spdlog::info("plan saved to {}", out);
  }
  return detailed_exitcode && SummarizeTargets(plan).HasChanges() ? 2 : 0;
}

int ApplySavedTargetsFile(const std::string& path, nlohmann::json file,
                          const ReconcileFlags& flags) {
  SavedTargetsPlan saved;
  std::string error;
  if (!ParseSavedTargetsPlan(path, std::move(file), &saved, &error)) {
    PrintError(error);
    return 1;
  }
  std::string dir = saved.plan.value("tree", ".");
  OpenedTargets opened =
      OpenTargets(dir, saved.project, saved.targets, flags.target, TargetAccess::kReadWrite);
  if (!opened.error.empty()) {
    PrintError(opened.error);
    return 1;
  }
  TargetsOptions options = ToTargetsOptions(flags);
  PlanOptions now = options.reconcile.plan;
  options.reconcile.plan = saved.options;
  options.reconcile.plan.now = now.now;
  TargetsPlan plan =
      PlanTargets(saved.targets, opened.apis, Errors(opened, saved.targets.size()), options);
  std::string refused = CheckSavedTargets(saved, plan);
  if (!refused.empty()) {
    PrintError(refused);
    return 1;
  }
  return ApplyAndReport(plan, opened, options, flags.output);
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
  return ApplyAndReport(plan, opened, options, flags.output);
}

}  // namespace backupctl
