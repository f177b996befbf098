// The backupctl command line: each verb registers itself on the CLI11 app.
//
// A Register* function adds one subcommand whose callback stores its exit
// code in ctx.exit_code, and states in its --help what the verb reads and
// writes (DescribeEffects). Verbs that touch live state take the same target
// overrides (AddTargetFlags). Exit codes: 0 ok/no changes, 1 error,
// 2 ok with changes pending (plan --detailed-exitcode).

#ifndef BACKUPCTL_CLI_CLI_H_
#define BACKUPCTL_CLI_CLI_H_

#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace backupctl {

struct CommandContext {
  int exit_code = 0;
  std::optional<std::string> log_level;   // --log-level: trace|debug|info|warn|error|off
  std::optional<std::string> log_format;  // --log-format: text|json

  // The level and format given, else the verb's own default.
  std::string LogLevelOr(const std::string& verb_default) const;
  bool LogJsonOr(bool verb_default) const;
};

// --log-level and --log-format (and the deprecated --log-json, hidden: it means
// --log-format json). Given on the app, before the verb; the services (daemon,
// emulator) take them after the verb as well.
void AddLogFlags(CLI::App* cmd, CommandContext* ctx);

// Appends "Reads: ..." and "Writes: ..." to the verb's --help.
void DescribeEffects(CLI::App* cmd, const std::string& reads, const std::string& writes);

// --target local|aws, --region, --profile, --endpoint URL: override backupctl.yaml.
struct TargetFlags {
  std::optional<std::string> target;
  std::optional<std::string> region;
  std::optional<std::string> profile;
  std::optional<std::string> endpoint;
  std::optional<std::string> state_file;
  bool insecure_skip_tls_verify = false;
};
void AddTargetFlags(CLI::App* cmd, TargetFlags* flags);

// Writes "error: MESSAGE" to stderr, made printable first (control characters
// escaped, long quoted values cut: desired/safe_text.h): messages quote paths,
// files and API errors.
void PrintError(std::string_view message);

// Writes `text` to `path` through `path`.tmp and a rename: a reader sees the
// old file or the whole new one. False when it cannot.
bool WriteFileAtomically(const std::string& path, const std::string& text);

void RegisterVersionCommand(CLI::App& app, CommandContext& ctx);
// The version `backupctl version` prints ("0.1.0"), for build info and user agents.
const char* BackupctlVersion();
// `daemon [DIR]`: the reconciliation loop with /healthz /readyz /metrics (cli/cmd_daemon.cc).
void RegisterDaemonCommand(CLI::App& app, CommandContext& ctx);
// `validate [DIR]`: load and check a tree, no API calls (cli/cmd_validate.cc).
void RegisterValidateCommand(CLI::App& app, CommandContext& ctx);
// `schema [--project]`: JSON Schema of the documents (cli/cmd_schema.cc).
void RegisterSchemaCommand(CLI::App& app, CommandContext& ctx);
// `emulator`: the local AWS Backup account served over HTTP (cli/cmd_emulator.cc).
void RegisterEmulatorCommand(CLI::App& app, CommandContext& ctx);
// `plan [DIR]`: the changes apply would make (cli/cmd_plan.cc).
void RegisterPlanCommand(CLI::App& app, CommandContext& ctx);
// `apply [DIR | PLANFILE]`: make live state match the tree (cli/cmd_apply.cc).
void RegisterApplyCommand(CLI::App& app, CommandContext& ctx);
// `status [DIR]`: whether the declared backups are happening (cli/cmd_status.cc).
void RegisterStatusCommand(CLI::App& app, CommandContext& ctx);
// `verify SELECTION [DIR]`: one on-demand backup, followed to its end (cli/cmd_verify.cc).
void RegisterVerifyCommand(CLI::App& app, CommandContext& ctx);
// `export [DIR] --out OUT`: the live account written as a tree (cli/cmd_export.cc).
void RegisterExportCommand(CLI::App& app, CommandContext& ctx);

}  // namespace backupctl

#endif  // BACKUPCTL_CLI_CLI_H_
