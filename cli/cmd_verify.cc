// `backupctl verify SELECTION [DIR] [--resource ARN]`: back up one resource a
// selection covers, now, with the selection's role into its plan rule's
// vault, and follow the job to its end (reconcile/verify.h). A progress line
// goes to stderr whenever the job moves; the result to stdout.
// Exit 0: COMPLETED (the recovery point ARN printed); 2: the job ended
// FAILED, ABORTED, EXPIRED or PARTIAL (its message printed); 3: the wait ran
// out; 1: the request or the tree is invalid, or a call failed.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "cli/target.h"
#include "desired/loader.h"
#include "reconcile/verify.h"

namespace backupctl {
namespace {

struct VerifyFlags {
  std::string selection;
  std::string dir = ".";
  std::string resource;
  std::string rule;
  int64_t delete_after_days = 0;  // 0: not given
  VerifyRequest request;
  TargetFlags target;
};

int RunVerifyCommand(VerifyFlags flags, const CommandContext& ctx) {
  ConfigureCliLogging(ctx);
  LoadResult tree = LoadTree(flags.dir);
  if (!tree.state.project.targets.empty()) {
    PrintError("`verify` does not handle a tree with targets yet: run it on a single-target tree");
    return 1;
  }
  for (const auto& d : tree.diagnostics) std::cerr << d.ToString() << "\n";
  if (!tree.ok()) {
    PrintError("the tree in " + flags.dir + " is invalid; nothing was started");
    return 1;
  }
  flags.request.selection = flags.selection;
  if (!flags.resource.empty()) flags.request.resource = flags.resource;
  if (!flags.rule.empty()) flags.request.rule = flags.rule;
  if (flags.delete_after_days > 0) flags.request.delete_after_days = flags.delete_after_days;
  using namespace std::chrono;
  const double now = duration<double>(system_clock::now().time_since_epoch()).count();
  auto target = PlanVerify(tree.state, flags.request, now);
  if (!target.ok()) {
    PrintError(target.error().message);
    return 1;
  }
  auto opened = OpenTarget(flags.dir, tree.state.project, flags.target);
  if (!opened.ok()) {
    PrintError(opened.error().ToString());
    return 1;
  }
  const VerifyTarget& t = target.value();
  std::cerr << "verify: backing up " << t.resource_arn << " into " << t.vault << " as "
            << t.iam_role_arn << " (" << t.plan << "/" << t.selection << ", rule " << t.rule
            << ")\n";
  auto result = RunVerify(*opened.value().api, t, flags.request, [](const BackupJob& job) {
    std::cerr << "verify: job " << job.backup_job_id << " " << job.state.value_or("?") << " "
              << job.percent_done.value_or("0.0") << "%\n";
  });
  if (!result.ok()) {
    PrintError(result.error().ToString());
    return 1;
  }
  const VerifyResult& r = result.value();
  if (r.state == "COMPLETED") {
    std::cout << "COMPLETED " << r.job_id << " recovery point " << r.recovery_point_arn << "\n";
    return 0;
  }
  std::cout << r.state << " " << r.job_id << ": "
            << (r.message.empty() ? "(no message)" : r.message) << "\n";
  return r.state == "TIMEOUT" ? 3 : 2;
}

}  // namespace

void RegisterVerifyCommand(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<VerifyFlags>();
  auto* cmd = app.add_subcommand(
      "verify", "Back up one resource a selection covers now, and follow the job to its end");
  cmd->add_option("selection", flags->selection, "The selection: NAME or PLAN/NAME")->required();
  cmd->add_option("dir", flags->dir, "The desired-state tree (default: .)");
  cmd->add_option("--resource", flags->resource,
                  "The resource ARN (default: the selection's first resource without a wildcard)");
  cmd->add_option("--rule", flags->rule,
                  "The plan rule whose vault receives it (default: the first)");
  cmd->add_option("--delete-after-days", flags->delete_after_days,
                  "The recovery point's retention in days (default 1, or the vault lock's minimum "
                  "when larger)")
      ->check(CLI::Range(1, 36500));
  cmd->add_option("--poll-seconds", flags->request.poll_seconds, "How often to look (default 2)")
      ->check(CLI::Range(0.05, 300.0));
  cmd->add_option("--timeout-seconds", flags->request.timeout_seconds,
                  "How long to follow the job (default 3600)")
      ->check(CLI::Range(1.0, 7.0 * 86400));
  AddTargetFlags(cmd, &flags->target);
  DescribeEffects(cmd, "the tree; the job's state",
                  "one on-demand backup job (StartBackupJob; the same job all day for the same "
                  "stack, selection and resource) and its recovery point");
  cmd->callback([flags, &ctx] { ctx.exit_code = RunVerifyCommand(*flags, ctx); });
}

}  // namespace backupctl
