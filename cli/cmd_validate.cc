// `backupctl validate [DIR]`: load and check a tree without touching the network.
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "desired/loader.h"

namespace backupctl {
namespace {

struct Options {
  std::string dir = ".";
  std::string output = "text";
};

std::map<std::string, size_t> CountByKind(const DesiredState& s) {
  return {{"BackupVault", s.vaults.size()},
          {"BackupPlan", s.plans.size()},
          {"BackupSelection", s.selections.size()},
          {"BackupVaultNotifications", s.notifications.size()},
          {"BackupVaultAccessPolicy", s.access_policies.size()},
          {"BackupRegionSettings", s.region_settings.size()},
          {"BackupGlobalSettings", s.global_settings.size()}};
}

size_t CountSeverity(const LoadResult& r, Severity severity) {
  size_t n = 0;
  for (const Diagnostic& d : r.diagnostics) n += d.severity == severity ? 1 : 0;
  return n;
}

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// "3 BackupVault, 2 BackupPlan, ..." in a fixed order, zero counts left out.
std::string KindCounts(const DesiredState& s) {
  std::map<std::string, size_t> counts = CountByKind(s);
  std::string out;
  for (const char* kind :
       {"BackupVault", "BackupPlan", "BackupSelection", "BackupVaultNotifications",
        "BackupVaultAccessPolicy", "BackupRegionSettings", "BackupGlobalSettings"}) {
    if (counts[kind] == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(counts[kind]) + " " + kind;
  }
  return out.empty() ? "no resources" : out;
}

void PrintText(const LoadResult& r) {
  for (const Diagnostic& d : r.diagnostics) std::cout << d.ToString() << "\n";
  size_t errors = CountSeverity(r, Severity::kError);
  size_t warnings = CountSeverity(r, Severity::kWarning);
  if (errors > 0) {
    std::cout << "FAILED: " << Plural(errors, "error") << ", " << Plural(warnings, "warning")
              << "\n";
    return;
  }
  std::cout << "OK: " << KindCounts(r.state) << " in " << Plural(r.files_read, "file")
            << " (stack \"" << r.state.project.stack << "\")";
  if (warnings > 0) std::cout << ", " << Plural(warnings, "warning");
  std::cout << "\n";
}

void PrintJson(const LoadResult& r) {
  nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
  for (const Diagnostic& d : r.diagnostics) {
    diagnostics.push_back({{"file", d.where.file},
                           {"line", d.where.line},
                           {"column", d.where.column},
                           {"severity", d.severity == Severity::kError ? "error" : "warning"},
                           {"message", d.message}});
  }
  nlohmann::ordered_json summary = {{"stack", r.state.project.stack},
                                    {"files", r.files_read},
                                    {"resources", CountByKind(r.state)},
                                    {"errors", CountSeverity(r, Severity::kError)},
                                    {"warnings", CountSeverity(r, Severity::kWarning)}};
  nlohmann::ordered_json out = {
      {"valid", r.ok()}, {"summary", summary}, {"diagnostics", diagnostics}};
  std::cout << out.dump(2) << "\n";
}

}  // namespace

void RegisterValidateCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "validate", "Check a desired-state tree (syntax, fields, values, references); no API calls");
  cmd->add_option("dir", opts->dir, "Tree root holding backupctl.yaml (default: .)");
  DescribeEffects(cmd, "the tree only (no API calls)", "the findings on stdout");
  cmd->add_option("-o,--output", opts->output, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([opts, &ctx] {
    LoadResult result = LoadTree(opts->dir);
    if (opts->output == "json") {
      PrintJson(result);
    } else {
      PrintText(result);
    }
    ctx.exit_code = result.ok() ? 0 : 1;
  });
}

}  // namespace backupctl
