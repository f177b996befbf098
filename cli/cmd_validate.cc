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

// Every target's resources together: what `validate` counts in a tree with targets.
DesiredState AllTargets(const LoadResult& r) {
  DesiredState all;
  for (const PlacedTarget& t : r.targets) {
    const DesiredState& s = t.state;
    all.vaults.insert(all.vaults.end(), s.vaults.begin(), s.vaults.end());
    all.plans.insert(all.plans.end(), s.plans.begin(), s.plans.end());
    all.selections.insert(all.selections.end(), s.selections.begin(), s.selections.end());
    all.notifications.insert(all.notifications.end(), s.notifications.begin(),
                             s.notifications.end());
    all.access_policies.insert(all.access_policies.end(), s.access_policies.begin(),
                               s.access_policies.end());
    all.region_settings.insert(all.region_settings.end(), s.region_settings.begin(),
                               s.region_settings.end());
    all.global_settings.insert(all.global_settings.end(), s.global_settings.begin(),
                               s.global_settings.end());
  }
  return all;
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
  std::cout << "OK: " << (r.targets.empty() ? KindCounts(r.state) : KindCounts(AllTargets(r)))
            << " in " << Plural(r.files_read, "file") << " (stack \"" << r.state.project.stack
            << "\")";
  if (!r.targets.empty()) std::cout << ", " << Plural(r.targets.size(), "target");
  if (warnings > 0) std::cout << ", " << Plural(warnings, "warning");
  std::cout << "\n";
  for (const PlacedTarget& t : r.targets) {
    std::cout << "  target " << t.spec.name << " (" << t.spec.account_id << ", " << t.spec.region
              << "): " << KindCounts(t.state) << "\n";
  }
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
  nlohmann::ordered_json summary = {
      {"stack", r.state.project.stack},
      {"files", r.files_read},
      {"resources", CountByKind(r.targets.empty() ? r.state : AllTargets(r))},
      {"errors", CountSeverity(r, Severity::kError)},
      {"warnings", CountSeverity(r, Severity::kWarning)}};
  nlohmann::ordered_json out = {
      {"valid", r.ok()}, {"summary", summary}, {"diagnostics", diagnostics}};
  if (!r.targets.empty()) {
    nlohmann::ordered_json targets = nlohmann::ordered_json::array();
    for (const PlacedTarget& t : r.targets) {
      targets.push_back({{"name", t.spec.name},
                         {"accountId", t.spec.account_id},
                         {"region", t.spec.region},
                         {"resources", CountByKind(t.state)}});
    }
    out["targets"] = std::move(targets);
  }
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
