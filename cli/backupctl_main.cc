// backupctl: declare AWS Backup in YAML, plan, apply, and keep it converged.
#include <CLI/CLI.hpp>

#include "cli/cli.h"

int main(int argc, char** argv) {
  CLI::App app{
      "backupctl: AWS Backup as code (vaults, plans, selections, notifications, "
      "access policies) with plan/apply and a reconciliation daemon"};
  app.require_subcommand(1);
  backupctl::CommandContext ctx;
  backupctl::AddLogFlags(&app, &ctx);

  backupctl::RegisterVersionCommand(app, ctx);
  backupctl::RegisterValidateCommand(app, ctx);
  backupctl::RegisterSchemaCommand(app, ctx);
  backupctl::RegisterEmulatorCommand(app, ctx);
  backupctl::RegisterPlanCommand(app, ctx);
  backupctl::RegisterApplyCommand(app, ctx);
  backupctl::RegisterStatusCommand(app, ctx);
  backupctl::RegisterVerifyCommand(app, ctx);
  backupctl::RegisterExportCommand(app, ctx);
  backupctl::RegisterDaemonCommand(app, ctx);

  CLI11_PARSE(app, argc, argv);
  return ctx.exit_code;
}
