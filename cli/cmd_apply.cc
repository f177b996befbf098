// `backupctl apply [DIR | PLANFILE]`: make live state match the tree, or run
// a plan saved by `plan --out` (refused, changing nothing, when any live
// object it was made from has moved). Prints the plan, then a report of
// every action. Never prompts: `plan` is the dry run, `apply` is the
// decision. Exit 0 when everything planned is done and nothing was left
// unread, 1 otherwise.
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/cli.h"
#include "cli/run_targets.h"
#include "cli/target.h"
#include "desired/loader.h"
#include "reconcile/reconcile.h"
#include "reconcile/render.h"
#include "reconcile/render_targets.h"

namespace backupctl {
namespace {

struct ApplyFlags {
  std::string path = ".";
  ReconcileFlags reconcile;
};

void Print(const ActionPlan& plan, const ApplyReport* report, const std::string& output) {
  if (output == "json") {
    nlohmann::json out = {{"plan", PlanToJson(plan)}};
    if (report) out["report"] = ReportToJson(*report);
    std::cout << out.dump(2) << "\n";
  } else if (output == "markdown") {
    std::cout << RenderPlanMarkdown(plan);
    if (report) std::cout << "\n" << RenderReportMarkdown(*report);
  } else {
    bool color = StdoutWantsColor();
    std::cout << RenderPlanText(plan, color);
    if (report) std::cout << "\n" << RenderReportText(*report, color);
  }
}

int Finish(const ActionPlan& plan, const ApplyReport& report, const std::string& output) {
  bool ran = !plan.actions.empty();
  Print(plan, ran ? &report : nullptr, output);
  bool incomplete = ReportIncomplete(plan);
  return report.ok() && !incomplete ? 0 : 1;
}

int ApplySavedFile(const ApplyFlags& flags) {
  nlohmann::json file;
  std::string error;
  if (!ReadPlanFile(flags.path, &file, &error)) {
    PrintError(error);
    return 1;
  }
  if (file.value("format_version", 0) == kTargetsPlanFormatVersion) {
    return ApplySavedTargetsFile(flags.path, std::move(file), flags.reconcile);
  }
  SavedPlan saved;
  if (!ParseSavedPlan(flags.path, std::move(file), &saved, &error)) {
    PrintError(error);
    return 1;
  }
  std::string tree = saved.plan.value("tree", ".");
  auto target = OpenTarget(tree, saved.desired.project, flags.reconcile.target);
  if (!target.ok()) {
    PrintError(target.error().ToString());
    return 1;
  }
  ReconcileOptions options = ToReconcileOptions(flags.reconcile);
  SavedApplyRun run = ApplySaved(*target.value().api, saved, options);
  if (!run.ok()) {
    PrintError(run.error);
    return 1;
  }
  run.plan.target = target.value().description;
  return Finish(run.plan, run.report, flags.reconcile.output);
}

int ApplyTree(const ApplyFlags& flags) {
  LoadResult tree = LoadTree(flags.path);
  for (const auto& d : tree.diagnostics) std::cerr << d.ToString() << "\n";
  if (!tree.ok()) {
    PrintError("the tree in " + flags.path + " is invalid; nothing was changed");
    return 1;
  }
  if (!tree.targets.empty()) return ApplyTreeWithTargets(tree, flags.path, flags.reconcile);
  auto target = OpenTarget(flags.path, tree.state.project, flags.reconcile.target);
  if (!target.ok()) {
    PrintError(target.error().ToString());
    return 1;
  }
  ReconcileOptions options = ToReconcileOptions(flags.reconcile);
  PlanRun run = PlanAgainst(*target.value().api, tree.state, options);
  if (!run.ok()) {
    PrintError(run.error);
    return 1;
  }
  ActionPlan& plan = run.result.plan;
  plan.target = target.value().description;
  ApplyReport report = Apply(plan, *target.value().api, options.apply);
  return Finish(plan, report, flags.reconcile.output);
}

}  // namespace

void RegisterApplyCommand(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<ApplyFlags>();
  auto* cmd = app.add_subcommand("apply", "Make live state match the tree (or run a saved plan)");
  cmd->add_option("path", flags->path, "A tree directory (default: .) or a file from plan --out");
  AddReconcileFlags(cmd, &flags->reconcile);
  DescribeEffects(cmd, "the tree (or the saved plan file) and the live account",
                  "to the account (local target: its state file); the report on stdout");
  cmd->callback([flags, &ctx] {
    ConfigureCliLogging(ctx);
    ctx.exit_code = IsSavedPlanFile(flags->path) ? ApplySavedFile(*flags) : ApplyTree(*flags);
  });
}

}  // namespace backupctl
