// `backupctl export [DIR] --out OUT`: write the live account as a tree, to
// adopt an existing estate (reconcile/export.h says what the tree holds).
// DIR's backupctl.yaml, when there is one, gives the target and the stack;
// the target flags override it (its target.accountId, when declared, must be
// the account read). --stack NAME exports only what stack NAME
// owns (a lost tree recovered). A non-empty OUT is refused without --force;
// with it, OUT's YAML files are replaced. Nothing is written when part of the
// account could not be read. The written tree is loaded back as `validate`
// would, and its diagnostics printed: exit 1 when it is not clean.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>

#include "cli/cli.h"
#include "cli/target.h"
#include "desired/loader.h"
#include "reconcile/export.h"
#include "reconcile/live.h"
#include "reconcile/reconcile.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

struct ExportFlags {
  std::string dir = ".";
  std::string out;
  std::optional<std::string> stack;
  std::optional<std::string> as_stack;
  bool include_managed = false;
  bool force = false;
  int parallelism = 32;
  TargetFlags target;
};

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

// DIR's project when it has a backupctl.yaml that reads clean; an empty one
// (target local) when it has none.
bool LoadProject(const std::string& dir, Project* project) {
  if (!fs::exists(fs::path(dir) / "backupctl.yaml")) return true;
  LoadResult tree = LoadTree(dir);
  bool ok = true;
  for (const auto& d : tree.diagnostics) {
    if (d.where.file != "backupctl.yaml" || d.severity != Severity::kError) continue;
    std::cerr << d.ToString() << "\n";
    ok = false;
  }
  *project = tree.state.project;
  return ok;
}

// The target the exported tree records: the one read, as the flags and DIR said.
Target ExportedTarget(const ExportFlags& flags, const Project& source) {
  Target t = source.target;
  const TargetFlags& given = flags.target;
  if (given.target) t.type = *given.target;
  if (given.region) t.region = given.region;
  if (given.profile) t.profile = given.profile;
  if (given.endpoint) t.endpoint = given.endpoint;
  if (t.type == "aws") {
    if (!t.region) t.region = Env("AWS_REGION") ? Env("AWS_REGION") : Env("AWS_DEFAULT_REGION");
    t.state_file.reset();
    return t;
  }
  fs::path state = given.state_file           ? fs::path(*given.state_file)
                   : source.target.state_file ? fs::path(flags.dir) / *source.target.state_file
                                              : fs::path(flags.dir) / ".backupctl" / "state.json";
  t.state_file = fs::absolute(state).lexically_normal().string();
  t.endpoint.reset();
  return t;
}

bool IsEmptyDir(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || fs::is_empty(dir, ec);
}

// --force: the YAML files under `out` go (hidden entries, .backupctl/ among
// them, stay), each named on stderr, so no old document joins the new tree.
bool ClearYaml(const fs::path& out) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  auto it = fs::recursive_directory_iterator(out, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    std::string ext = it->path().extension().string();
    if ((ext == ".yaml" || ext == ".yml") && !it->is_directory()) doomed.push_back(it->path());
  }
  if (ec) return false;
  for (const auto& p : doomed) {
    std::cerr << "replacing " << p.string() << "\n";
    if (!fs::remove(p, ec)) return false;
  }
  return true;
}

bool WriteFile(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  return !ec && WriteFileAtomically(path.string(), text);
}

int RunExport(const ExportFlags& flags, const CommandContext& ctx) {
  ConfigureCliLogging(ctx);
  Project source;
  if (!LoadProject(flags.dir, &source)) {
    PrintError(flags.dir + "/backupctl.yaml is invalid; nothing was read");
    return 1;
  }
  ExportOptions options;
  options.owner = flags.stack;
  options.stack = flags.as_stack ? *flags.as_stack : flags.stack.value_or(source.stack);
  options.include_managed = flags.include_managed;
  if (options.stack.empty()) {
    PrintError(
        "name the stack the exported tree declares: --as-stack NAME (or --stack NAME to "
        "export only what that stack owns)");
    return 1;
  }
  if (!std::regex_match(options.stack, std::regex("[a-z0-9][a-z0-9-]{0,31}"))) {
    PrintError("stack \"" + options.stack +
               "\": 1 to 32 of a-z, 0-9 and '-', not starting with '-'");
    return 1;
  }
  const fs::path out(flags.out);
  if (!IsEmptyDir(out) && !flags.force) {
    PrintError(flags.out + " is not empty; nothing was read (--force replaces its YAML files)");
    return 1;
  }
  options.target = ExportedTarget(flags, source);
  auto target = OpenTarget(flags.dir, source, flags.target, nullptr, TargetAccess::kReadOnly);
  if (!target.ok()) {
    PrintError(target.error().ToString());
    return 1;
  }
  ReadOptions read;
  read.stack = flags.stack.value_or(options.stack);
  read.parallelism = flags.parallelism;
  read.read_everything = true;
  read.read_managed = flags.include_managed;
  ReadResult live = ReadLive(*target.value().api, DesiredState{}, read);
  if (!live.ok()) {
    PrintError(live.error);
    return 1;
  }
  if (std::string wrong = CheckLiveAccount(source.target, live.live); !wrong.empty()) {
    PrintError(wrong);
    return 1;
  }
  for (const Unknown& u : live.live.unknowns) {
    std::cerr << "unreadable: " << KindName(u.kind) << " " << u.name << " (" << u.operation
              << "): " << u.error << "\n";
  }
  if (!live.live.unknowns.empty()) {
    PrintError(std::to_string(live.live.unknowns.size()) +
               " part(s) of the account could not be read; nothing was written (run again)");
    return 1;
  }
  ExportResult result = BuildExport(live.live, options);
  if (!result.ok()) {
    PrintError(result.error);
    return 1;
  }
  for (const auto& note : result.notes) std::cerr << "note: " << note << "\n";
  if (flags.force && fs::exists(out) && !ClearYaml(out)) {
    PrintError("cannot clear the YAML files of " + flags.out);
    return 1;
  }
  for (const auto& file : result.files) {
    if (!WriteFile(out / file.path, file.text)) {
      PrintError("cannot write " + (out / file.path).string());
      return 1;
    }
  }
  const ExportCounts& c = result.counts;
  std::cout << "Exported " << c.vaults << " vault(s) (" << c.notifications << " notifications, "
            << c.policies << " access policies), " << c.plans << " plan(s) and " << c.selections
            << " selection(s) from " << target.value().description << " to " << flags.out
            << " (stack " << options.stack << ").\n";
  LoadResult check = LoadTree(flags.out);
  for (const auto& d : check.diagnostics) std::cerr << d.ToString() << "\n";
  if (!check.ok()) {
    PrintError(
        "the exported tree does not validate: the account holds what a tree cannot "
        "declare (see above)");
    return 1;
  }
  std::cout << "Next: backupctl plan " << flags.out << " --adopt\n";
  return 0;
}

}  // namespace

void RegisterExportCommand(CLI::App& app, CommandContext& ctx) {
  auto flags = std::make_shared<ExportFlags>();
  auto* cmd =
      app.add_subcommand("export", "Write the live account as a tree, to adopt an existing estate");
  cmd->add_option("dir", flags->dir,
                  "A tree whose backupctl.yaml gives the target and stack (default: .)");
  cmd->add_option("--out", flags->out, "The directory the tree is written to")->required();
  cmd->add_option("--stack", flags->stack,
                  "Export only what stack NAME owns (recovers a lost tree); the tree declares it");
  cmd->add_option("--as-stack", flags->as_stack,
                  "The stack the exported tree declares (default: --stack, else DIR's)");
  cmd->add_flag("--include-managed", flags->include_managed,
                "Also read service-managed (aws/..., orgs/...) vaults and plans: named on stderr");
  cmd->add_flag("--force", flags->force, "Write into a non-empty --out, replacing its YAML files");
  cmd->add_option("--parallelism", flags->parallelism, "API calls in flight (default 32)")
      ->check(CLI::Range(1, 256));
  AddTargetFlags(cmd, &flags->target);
  DescribeEffects(cmd, "the live account (every vault, plan and selection) and DIR/backupctl.yaml",
                  "nothing to the account; the tree into --out, notes on stderr");
  cmd->callback([flags, &ctx] { ctx.exit_code = RunExport(*flags, ctx); });
}

}  // namespace backupctl
