// `backupctl status [DIR]`: are the backups the tree declares happening?
// Reads the account's job summaries and jobs (reconcile/health.h) and prints,
// per plan rule, its last success against its schedule (stale after two
// missed runs), job counts over 1/7/14 days and the latest failures.
// Exit 0; 1 on an invalid tree or a read that failed; 3 when --fail-on names
// a condition that holds (stale: a stale rule; failed: a failed job since
// --since-hours).
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/target.h"
#include "desired/loader.h"
#include "reconcile/health.h"

namespace backupctl {
namespace {

struct StatusFlags {
  std::string dir = ".";
  std::string output = "text";
  std::string fail_on;
  double since_hours = 24;
  int max_failures = 5;
  TargetFlags target;
};

int RunStatus(const StatusFlags& flags, const CommandContext& ctx) {
  ConfigureCliLogging(ctx);
  bool fail_stale = false, fail_failed = false;
  std::stringstream conditions(flags.fail_on);
  for (std::string c; std::getline(conditions, c, ',');) {
    if (c == "stale") {
      fail_stale = true;
    } else if (c == "failed") {
      fail_failed = true;
    } else if (!c.empty()) {
      PrintError("--fail-on: unknown condition \"" + c + "\" (stale, failed)");
      return 1;
    }
  }
  LoadResult tree = LoadTree(flags.dir);
  if (!tree.state.project.targets.empty()) {
    PrintError("`status` does not handle a tree with targets yet: run it on a single-target tree");
    return 1;
  }
  for (const auto& d : tree.diagnostics) std::cerr << d.ToString() << "\n";
  if (!tree.ok()) {
    PrintError("the tree in " + flags.dir + " is invalid; nothing was read");
    return 1;
  }
  auto target =
      OpenTarget(flags.dir, tree.state.project, flags.target, nullptr, TargetAccess::kReadOnly);
  if (!target.ok()) {
    PrintError(target.error().ToString());
    return 1;
  }
  HealthOptions options;
  options.max_failures = flags.max_failures;
  HealthReport report = CheckHealth(*target.value().api, tree.state, options);
  // --since-hours counts back from the account's clock, which CheckHealth learnt.
  if (flags.since_hours != 24) {
    options.now = report.now;
    options.failures_since = report.now - flags.since_hours * 3600;
    report = CheckHealth(*target.value().api, tree.state, options);
  }
  report.target = target.value().description;
  if (flags.output == "json") {
    std::cout << HealthToJson(report).dump(2) << "\n";
  } else if (flags.output == "markdown") {
    std::cout << RenderHealthMarkdown(report);
  } else {
    std::cout << RenderHealthText(report, StdoutWantsColor());
  }
  if (!report.problems.empty()) return 1;
  if ((fail_stale && report.StaleRules() > 0) || (fail_failed && report.Failures() > 0)) return 3;
  return 0;
}

}  // namespace

void RegisterStatusCommand(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<StatusFlags>();
  auto* cmd = app.add_subcommand("status", "Show whether the declared backups are happening");
  cmd->add_option("dir", flags->dir, "The desired-state tree (default: .)");
  cmd->add_option("-o,--output", flags->output, "text | json | markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_option("--fail-on", flags->fail_on,
                  "Exit 3 when any of these holds: stale (a rule missed two runs), failed (a job "
                  "failed since --since-hours); comma-separated");
  cmd->add_option("--since-hours", flags->since_hours, "How far back failures count (default 24)")
      ->check(CLI::Range(1.0, 720.0));
  cmd->add_option("--max-failures", flags->max_failures, "Failures listed per vault (default 5)")
      ->check(CLI::Range(1, 1000));
  AddTargetFlags(cmd, &flags->target);
  DescribeEffects(cmd, "the tree, the account's job summaries, jobs and plans",
                  "nothing; the report on stdout");
  cmd->callback([flags, &ctx] { ctx.exit_code = RunStatus(*flags, ctx); });
}

}  // namespace backupctl
