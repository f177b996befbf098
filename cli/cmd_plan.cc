// `backupctl plan [DIR]`: validate the tree, read live state, print the plan.
// Exit 0: no changes; 2: changes pending (with --detailed-exitcode); 1: error,
// including a plan left incomplete by parts of the account that could not be read.
// An invalid tree makes no API call. --out FILE saves the plan with
// fingerprints of the live objects it was made from, for `apply FILE`.
#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/cli.h"
#include "cli/run_targets.h"
#include "cli/target.h"
#include "desired/loader.h"
#include "reconcile/reconcile.h"
#include "reconcile/render.h"

namespace backupctl {
namespace {

struct PlanFlags {
  std::string dir = ".";
  std::string out;
  bool detailed_exitcode = false;
  ReconcileFlags reconcile;
};

void PrintPlan(const ActionPlan& plan, const std::string& output) {
  if (output == "json") {
    std::cout << PlanToJson(plan).dump(2) << "\n";
  } else if (output == "markdown") {
    std::cout << RenderPlanMarkdown(plan);
  } else {
    std::cout << RenderPlanText(plan, StdoutWantsColor());
  }
}

bool SavePlan(const std::string& path, const std::string& tree, const PlanRun& run,
              const DesiredState& desired) {
  nlohmann::json file =
      SavedPlanToJson(run.result.plan, desired, FingerprintLive(desired, run.live),
                      std::filesystem::absolute(tree).lexically_normal().string());
  return WriteFileAtomically(path, file.dump(2) + "\n");
}

int RunPlan(const PlanFlags& flags, const CommandContext& ctx) {
  ConfigureCliLogging(ctx);
  LoadResult tree = LoadTree(flags.dir);
  for (const auto& d : tree.diagnostics) std::cerr << d.ToString() << "\n";
  if (!tree.ok()) {
    PrintError("the tree in " + flags.dir + " is invalid; nothing was read or planned");
    return 1;
  }
  if (!tree.targets.empty()) {
    return PlanTreeWithTargets(tree, flags.dir, flags.reconcile, flags.detailed_exitcode,
                               flags.out);
  }
  auto target = OpenTarget(flags.dir, tree.state.project, flags.reconcile.target, nullptr,
                           TargetAccess::kReadOnly);
  if (!target.ok()) {
    PrintError(target.error().ToString());
    return 1;
  }
  PlanRun run = PlanAgainst(*target.value().api, tree.state, ToReconcileOptions(flags.reconcile));
  if (!run.ok()) {
    PrintError(run.error);
    return 1;
  }
  run.result.plan.target = target.value().description;
  PrintPlan(run.result.plan, flags.reconcile.output);
  if (ReportIncomplete(run.result.plan)) return 1;
  if (!flags.out.empty()) {
    if (!SavePlan(flags.out, flags.dir, run, tree.state)) {
      PrintError("cannot write the plan to " + flags.out);
      return 1;
    }
    spdlog::info("plan saved to {}", flags.out);
  }
  bool changes = Summarize(run.result.plan).HasChanges();
  return flags.detailed_exitcode && changes ? 2 : 0;
}

}  // namespace

void RegisterPlanCommand(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<PlanFlags>();
  auto* cmd = app.add_subcommand("plan", "Show what apply would change (reads, never writes)");
  cmd->add_option("dir", flags->dir, "The desired-state tree (default: .)");
  cmd->add_option("--out", flags->out, "Save the plan to FILE for `apply FILE`");
  DescribeEffects(cmd, "the tree and the live account",
                  "nothing to the account; the plan on stdout (with --out, the plan file)");
  cmd->add_flag("--detailed-exitcode", flags->detailed_exitcode,
                "Exit 2 when changes are pending (0: none, 1: error)");
  AddReconcileFlags(cmd, &flags->reconcile);
  cmd->callback([flags, &ctx] { ctx.exit_code = RunPlan(*flags, ctx); });
}

}  // namespace backupctl
