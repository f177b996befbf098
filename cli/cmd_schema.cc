// `backupctl schema`: the JSON Schema of the documents, for editors.
#include <iostream>

#include "cli/cli.h"
#include "desired/json_schema.h"

namespace backupctl {

void RegisterSchemaCommand(CLI::App& app, CommandContext& ctx) {
  auto project = std::make_shared<bool>(false);
  auto* cmd =
      app.add_subcommand("schema",
                         "Print the JSON Schema of backupctl documents (for yaml-language-server: "
                         "# yaml-language-server: $schema=<file>)");
  cmd->add_flag("--project", *project, "Print the schema of backupctl.yaml instead");
  DescribeEffects(cmd, "nothing", "the JSON Schema on stdout");
  cmd->callback([project, &ctx] {
    std::cout << (*project ? ProjectSchema() : DocumentSchema()).dump(2) << "\n";
    ctx.exit_code = 0;
  });
}

}  // namespace backupctl
