#include "cli/target.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "base/env.h"
#include "daemon/json_log.h"
#include "providers/aws/client.h"
#include "providers/aws/credentials.h"
#include "providers/local/account.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

Outcome<OpenedTarget> OpenLocal(const std::string& tree_dir, const Project& project,
                                const TargetFlags& flags, TargetAccess access) {
  std::string state;
  if (flags.state_file) {
    state = *flags.state_file;
  } else if (project.target.state_file) {
    fs::path p(*project.target.state_file);
    state = p.is_absolute() ? p.string() : (fs::path(tree_dir) / p).string();
  } else {
    state = (fs::path(tree_dir) / ".backupctl" / "state.json").string();
  }
  bool read_only = access == TargetAccess::kReadOnly;
  std::error_code ec;
  fs::path parent = fs::path(state).parent_path();
  if (!parent.empty() && !read_only) fs::create_directories(parent, ec);
  if (ec) {
    return MakeError(ErrorKind::kOther, "StateFile",
                     "cannot create " + parent.string() + ": " + ec.message(), 0);
  }
  AccountOptions options;
  options.state_file = state;
  options.sync_writes = true;
  options.read_only = read_only;
  if (project.target.region) options.region = *project.target.region;
  auto account = LocalAccount::Open(options);
  if (!account.ok()) return account.error();
  OpenedTarget out;
  out.api = std::move(account.value());
  out.description = "local (state " + state + ")";
  return out;
}

Outcome<OpenedTarget> OpenAws(const Project& project, const TargetFlags& flags,
                              ApiObserver* observer) {
  ClientOptions options;
  options.profile = flags.profile ? flags.profile : project.target.profile;
  if (flags.region) {
    options.region = flags.region;
  } else if (!RegionFromEnvironment(options.profile)) {
    options.region = project.target.region;
  }
  options.endpoint = EndpointFor(flags, std::nullopt, project);
  options.transport.insecure_skip_tls_verify = flags.insecure_skip_tls_verify;
  options.user_agent = "backupctl";
  options.observer = observer;
  auto client = AwsBackupClient::Create(options);
  if (!client.ok()) return client.error();
  // A tree that pins its account pins its region too: its destinationVault
  // ARNs were made with target.region (docs/targets.md).
  const Target& pinned = project.target;
  const std::string& region = client.value()->endpoint().region;
  if (pinned.account_id && pinned.region && region != *pinned.region) {
    return MakeError(ErrorKind::kInvalidParameter, "Target",
                     "the tree declares target.accountId " + *pinned.account_id +
                         " in target.region " + *pinned.region + ", but the region in use is " +
                         region + " (from --region, AWS_REGION or the profile); nothing was read",
                     0);
  }
  OpenedTarget out;
  out.description =
      "aws " + client.value()->endpoint().region + " (" + client.value()->endpoint().url + ")";
  out.api = std::move(client.value());
  return out;
}

}  // namespace

std::optional<std::string> EndpointFor(const TargetFlags& flags,
                                       const std::optional<std::string>& target_endpoint,
                                       const Project& project) {
  if (flags.endpoint) return flags.endpoint;
  if (target_endpoint) return target_endpoint;
  if (GetEnv("AWS_ENDPOINT_URL_BACKUP") || GetEnv("AWS_ENDPOINT_URL")) return std::nullopt;
  return project.target.endpoint;
}

Outcome<OpenedTarget> OpenTarget(const std::string& tree_dir, const Project& project,
                                 const TargetFlags& flags, ApiObserver* observer,
                                 TargetAccess access) {
  std::string type = flags.target.value_or(project.target.type);
  if (type == "local") return OpenLocal(tree_dir, project, flags, access);
  if (type == "aws") return OpenAws(project, flags, observer);
  return MakeError(ErrorKind::kInvalidParameter, "Target",
                   "unknown target type \"" + type + "\" (local or aws)", 0);
}

void AddReconcileFlags(CLI::App* cmd, ReconcileFlags* flags) {
  cmd->add_option("--output,-o", flags->output, "text | json | markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_flag("--prune", flags->prune,
                "Delete what this stack owns and the tree no longer declares");
  cmd->add_flag("--adopt", flags->adopt,
                "Take over existing unowned resources whose names the tree declares");
  cmd->add_option("--max-deletes", flags->max_deletes,
                  "Refuse a plan that deletes more than N resources (default 10)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--force-deletes", flags->force_deletes, "Allow more deletes than --max-deletes");
  cmd->add_option("--parallelism", flags->parallelism,
                  "API calls in flight (default: 32 for reads, 8 for writes)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--global-parallelism", flags->global_parallelism,
                  "Trees with targets: API calls in flight across every target (default 64)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--consistency-retry-seconds", flags->consistency_retry_seconds,
                  "How long to retry IAM / deletion propagation errors (default 60)")
      ->check(CLI::Range(0.0, 3600.0));
  AddTargetFlags(cmd, &flags->target);
}

ReconcileOptions ToReconcileOptions(const ReconcileFlags& flags) {
  ReconcileOptions options;
  options.plan.prune = flags.prune;
  options.plan.adopt = flags.adopt;
  options.plan.max_deletes = flags.max_deletes;
  options.plan.force_deletes = flags.force_deletes;
  if (flags.parallelism > 0) {
    options.read_parallelism = flags.parallelism;
    options.apply.parallelism = flags.parallelism;
  }
  options.apply.consistency_retry_seconds = flags.consistency_retry_seconds;
  return options;
}

bool ReportIncomplete(const ActionPlan& plan) {
  if (plan.unknowns.empty()) return false;
  const Unknown& first = plan.unknowns.front();
  PrintError(std::to_string(plan.unknowns.size()) +
             " part(s) of the account could not be read, so the plan is incomplete (" +
             KindName(first.kind) + " " + first.name + ", " + first.operation + ": " + first.error +
             "); run again");
  return true;
}

bool StdoutWantsColor() { return isatty(STDOUT_FILENO) && !GetEnv("NO_COLOR"); }

void ConfigureCliLogging(const CommandContext& ctx) {
  ConfigureDaemonLogging(ctx.LogJsonOr(false), ctx.LogLevelOr("warn"));
}

}  // namespace backupctl
