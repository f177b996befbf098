// backupctl_bench: measures backupctl against the targets of issue 8 and
// prints the table (bench/README.md explains every figure). Run it through
// scripts/bench.sh, which builds it in Release first.
//
// Order matters: the pure-compute children are forked first, while this
// process is still small, because a forked child's ru_maxrss starts from its
// parent's resident size. Then the estate is generated, seeded into an
// in-process emulator server at latency 0, and the API figures are taken at
// the configured latency. Last, the many-targets figure (issue 17,
// targets_bench.h) with an emulator server of its own.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "bench/api_figures.h"
#include "bench/compute.h"
#include "bench/emulator_admin.h"
#include "bench/estate.h"
#include "bench/report.h"
#include "bench/targets_bench.h"
#include "desired/loader.h"
#include "providers/local/emulator_server.h"
#include "reconcile/reconcile.h"

namespace backupctl::bench {
namespace {

namespace fs = std::filesystem;

struct Flags {
  EstateShape estate;  // the one-account API figures': 1000 vaults, 1000 plans, 3000 selections
  double latency_ms = 20;
  int in_flight = 32;
  int change_every = 10;
  std::vector<int64_t> compute_sizes = {10000, 100000};
  std::string workdir;  // empty: a fresh directory under the system temp dir, removed after
  std::string json_out;
  bool skip_api = false;
  bool skip_compute = false;
  // The many-targets figure (issue 17).
  int targets = 50;
  EstateShape target_estate = SmallEstate();
  int global_in_flight = 64;  // per target: in_flight
  bool skip_targets = false;
};

// --PREFIXvaults, --PREFIXplans (1 to max) and --PREFIXselections (0 to ten times max).
void AddEstateFlags(CLI::App& app, const std::string& prefix, const std::string& where, int max,
                    EstateShape* estate) {
  app.add_option(prefix + "vaults", estate->vaults, "Vaults " + where)->check(CLI::Range(1, max));
  app.add_option(prefix + "plans", estate->plans, "Plans " + where)->check(CLI::Range(1, max));
  app.add_option(prefix + "selections", estate->selections, "Selections " + where)
      ->check(CLI::Range(0, 10 * max + 9));
}

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buf;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a.empty() ? "unknown" : a + " " + b + " " + c;
}

std::string SelfPath() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "" : self.string();
}

bool Seed(LocalAccount& account, const std::string& tree, std::string* error) {
  LoadResult loaded = LoadTree(tree);
  if (!loaded.ok()) {
    *error = "the generated tree is invalid: " + loaded.diagnostics.front().ToString();
    return false;
  }
  ReconcileOptions options;
  options.apply.parallelism = 16;
  PlanRun run = PlanAgainst(account, loaded.state, options);
  if (!run.ok()) {
    *error = "seeding: " + run.error;
    return false;
  }
  ApplyReport report = Apply(run.result.plan, account, options.apply);
  if (report.ok()) return true;
  *error = "seeding: " + std::to_string(report.failed) + " actions failed";
  for (const ActionOutcome& o : report.outcomes) {
    if (o.status == OutcomeStatus::kFailed) {
      *error += " (first: " + o.id + ": " + o.detail + ")";
      break;
    }
  }
  return false;
}

void RunCompute(const Flags& flags, const std::string& workdir, BenchRun* run) {
  const std::string self = SelfPath();
  for (int64_t size : flags.compute_sizes) {
    std::string dir = (fs::path(workdir) / ("compute-" + std::to_string(size))).string();
    std::string error;
    ComputeFigures figures;
    if (!WriteEstateTree(ShapeForResources(size), 0, dir, &error)) {
      figures.error = error;
    } else {
      figures = MeasureCompute(self, dir, 600);
    }
    run->compute.push_back(figures);
    std::cerr << "compute " << size << ": done\n";
  }
}

// The API figures; false with *error set when the emulator cannot be used.
bool RunApi(const Flags& flags, const std::string& workdir, BenchRun* run, std::string* error) {
  const std::string tree = (fs::path(workdir) / "estate").string();
  const std::string changed = (fs::path(workdir) / "estate-changed").string();
  if (!WriteEstateTree(run->shape, 0, tree, error) ||
      !WriteEstateTree(run->shape, flags.change_every, changed, error)) {
    return false;
  }
  EmulatorOptions options;
  options.threads = std::max(128, 4 * flags.in_flight);
  // A large estate lives in an account whose vault and plan quotas were raised
  // (they are adjustable); selections per plan stay at the fixed 100.
  options.account.quotas.vaults = 0;
  options.account.quotas.plans = 0;
  auto server = EmulatorServer::Start(options);
  if (!server.ok()) {
    *error = "emulator: " + server.error().ToString();
    return false;
  }
  EmulatorAdmin admin("127.0.0.1", server.value()->port());
  ApiSetup setup{server.value()->url(), &admin, flags.in_flight};

  auto start = std::chrono::steady_clock::now();
  if (!admin.SetLatency(0, error) || !Seed(server.value()->account(), tree, error)) return false;
  run->seed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "seeded in " << run->seed_seconds << " s\n";

  if (!admin.SetLatency(flags.latency_ms, error)) return false;
  run->cold = ColdPlan(setup, tree);
  std::cerr << "cold plan: done\n";
  run->daemon = DaemonCycles(setup, tree);
  std::cerr << "daemon cycles: done\n";
  run->apply = ApplyChange(setup, changed);
  std::cerr << "apply: done\n";
  if (!admin.SetLatency(0, error)) return false;
  run->converged_after_apply = Converged(setup, changed, &run->converged_error);
  server.value()->Stop();
  return true;
}

void RunTargets(const Flags& flags, const std::string& workdir, BenchRun* run) {
  TargetsShape shape;
  shape.targets = flags.targets;
  shape.estate = flags.target_estate;
  TargetsBenchOptions options;
  options.latency_ms = flags.latency_ms;
  options.per_target = flags.in_flight;
  options.global = flags.global_in_flight;
  run->targets = RunTargetsBench(shape, options, workdir);
  std::cerr << "targets cold plan over HTTP: done\n";
  options.in_process = true;
  run->targets_in_process = RunTargetsBench(shape, options, workdir);
  std::cerr << "targets cold plan in-process: done\n";
}

bool StepsFailed(const BenchRun& run) {
  bool failed =
      (run.cold && !run.cold->error.empty()) || (run.apply && !run.apply->error.empty()) ||
      (run.daemon && (!run.daemon->first.error.empty() || !run.daemon->warm.error.empty())) ||
      (run.converged_after_apply && !*run.converged_after_apply);
  for (const ComputeFigures& c : run.compute) failed = failed || !c.error.empty();
  for (const auto* t : {&run.targets, &run.targets_in_process}) {
    if (*t) failed = failed || !(*t)->error.empty();
  }
  return failed;
}

int Run(const Flags& flags) {
  spdlog::set_level(spdlog::level::warn);
  BenchRun run;
  run.started = UtcNow();
  run.load_before = LoadAverage();
  run.cpus = std::thread::hardware_concurrency();
  run.shape = flags.estate;
  run.latency_ms = flags.latency_ms;
  run.in_flight = flags.in_flight;
  run.change_every = flags.change_every;

  std::string workdir = flags.workdir;
  if (workdir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "backupctl-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "error: cannot create a work directory under " << fs::temp_directory_path()
                << "\n";
      return 1;
    }
    workdir = pattern;
  }
  if (!flags.skip_compute) RunCompute(flags, workdir, &run);
  std::string error;
  bool api_ok = flags.skip_api || RunApi(flags, workdir, &run, &error);
  if (!flags.skip_targets) RunTargets(flags, workdir, &run);
  run.load_after = LoadAverage();
  if (flags.workdir.empty()) fs::remove_all(workdir);

  std::cout << RenderTable(run);
  if (!api_ok) std::cout << "\nerror: " << error << "\n";
  if (!flags.json_out.empty()) {
    std::ofstream out(flags.json_out, std::ios::trunc);
    out << ToJson(run).dump(2) << "\n";
    if (!out.flush()) {
      std::cerr << "error: cannot write " << flags.json_out << "\n";
      return 1;
    }
    std::cout << "\nJSON written to " << flags.json_out << "\n";
  }
  return api_ok && !StepsFailed(run) ? 0 : 1;
}

}  // namespace
}  // namespace backupctl::bench

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--compute-child") {
    return backupctl::bench::RunComputeChild(argv[2]);
  }
  backupctl::bench::Flags flags;
  CLI::App app{"backupctl_bench: backupctl's performance against the targets of issue 8"};
  backupctl::bench::AddEstateFlags(app, "--", "in the API estate", 99999, &flags.estate);
  app.add_option("--latency-ms", flags.latency_ms, "Latency the emulator adds to every call")
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--in-flight", flags.in_flight, "Client in-flight limit (read parallelism)")
      ->check(CLI::Range(1, 256));
  app.add_option("--change-every", flags.change_every,
                 "The apply step changes every N-th resource of each kind (10: a 10% change)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--compute-sizes", flags.compute_sizes,
                 "Declared resources for the pure-compute figure")
      ->delimiter(',')
      ->check(CLI::Range(int64_t{7}, int64_t{2000000}));
  app.add_option("--workdir", flags.workdir, "Keep the generated trees here (default: a temp dir)");
  app.add_option("--json", flags.json_out, "Also write the figures as JSON to FILE");
  app.add_flag("--skip-api", flags.skip_api, "Leave out the one-account API figures");
  app.add_flag("--skip-compute", flags.skip_compute, "Leave out the pure-compute figure");
  app.add_option("--targets", flags.targets, "Targets (accounts) in the many-targets figure")
      ->check(CLI::Range(1, 500));
  backupctl::bench::AddEstateFlags(app, "--target-", "per target", 9999, &flags.target_estate);
  app.add_option("--global-in-flight", flags.global_in_flight,
                 "Calls in flight across all targets (per target: --in-flight)")
      ->check(CLI::Range(1, 4096));
  app.add_flag("--skip-targets", flags.skip_targets, "Leave out the many-targets figure");
  CLI11_PARSE(app, argc, argv);
  return backupctl::bench::Run(flags);
}
