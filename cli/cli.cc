#include "cli/cli.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "desired/safe_text.h"

#ifndef BACKUPCTL_VERSION
#define BACKUPCTL_VERSION "dev"
#endif

namespace backupctl {

void AddTargetFlags(CLI::App* cmd, TargetFlags* flags) {
  cmd->add_option("--target", flags->target, "Override the tree's target type")
      ->check(CLI::IsMember({"local", "aws"}));
  cmd->add_option("--region", flags->region, "AWS region (overrides AWS_REGION and the tree)");
  cmd->add_option("--profile", flags->profile, "Shared-config profile (overrides AWS_PROFILE)");
  cmd->add_option("--endpoint", flags->endpoint, "AWS Backup endpoint URL (e.g. an emulator)");
  cmd->add_option("--state", flags->state_file, "Local target: the account's state file");
  cmd->add_flag("--insecure-skip-tls-verify", flags->insecure_skip_tls_verify,
                "Do not verify the endpoint's TLS certificate (logs a warning)");
}

void PrintError(std::string_view message) {
  std::cerr << "error: " << SafeDiagnosticText(message) << "\n";
}

std::string CommandContext::LogLevelOr(const std::string& verb_default) const {
  return log_level.value_or(verb_default);
}

bool WriteFileAtomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

bool CommandContext::LogJsonOr(bool verb_default) const {
  return log_format ? *log_format == "json" : verb_default;
}

void AddLogFlags(CLI::App* cmd, CommandContext* ctx) {
  cmd->add_option("--log-level", ctx->log_level,
                  "trace|debug|info|warn|error|off (default warn; info for the daemon)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  cmd->add_option("--log-format", ctx->log_format,
                  "Log lines on stderr: text | json (default text; json for the daemon)")
      ->check(CLI::IsMember({"text", "json"}));
  // Kept for scripts written before --log-format; not shown in --help.
  cmd->add_flag_callback("--log-json", [ctx] { ctx->log_format = "json"; })->group("");
}

void DescribeEffects(CLI::App* cmd, const std::string& reads, const std::string& writes) {
  cmd->footer("Reads: " + reads + "\nWrites: " + writes);
}

const char* BackupctlVersion() { return BACKUPCTL_VERSION; }

void RegisterVersionCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("version", "Print the backupctl version");
  DescribeEffects(cmd, "nothing", "the version on stdout");
  cmd->callback([&ctx] {
    std::cout << "backupctl " << BACKUPCTL_VERSION << "\n";
    ctx.exit_code = 0;
  });
}

}  // namespace backupctl
