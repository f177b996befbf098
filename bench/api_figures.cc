#include "bench/api_figures.h"

#include <chrono>

#include "bench/bench_client.h"
#include "daemon/tree_reconciler.h"
#include "desired/loader.h"
#include "reconcile/reconcile.h"
#include "reconcile/render.h"

namespace backupctl::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::unique_ptr<BackupApi> MakeClient(const ApiSetup& setup, std::string* error) {
  return MakeBenchClient(setup.url, "us-east-1", Credentials{"test", "test", "", std::nullopt},
                         setup.in_flight, error);
}

ReconcileOptions Options(const ApiSetup& setup) {
  ReconcileOptions options;
  options.read_parallelism = setup.in_flight;
  return options;
}

// Clears the emulator's stats before a step; false with step->error set.
bool Begin(const ApiSetup& setup, StepFigures* step) {
  return setup.admin->ClearRequests(&step->error);
}

void End(const ApiSetup& setup, const BackupApi* client, StepFigures* step) {
  std::string error;
  if (!setup.admin->Stats(&step->calls, &error) && step->error.empty()) step->error = error;
  if (client == nullptr) return;
  ClientCounters counters = CountersOf(*client);
  step->new_connections = counters.new_connections;
  step->attempts = counters.attempts;
}

bool LoadInto(const std::string& tree, LoadResult* loaded, StepFigures* step) {
  auto start = Clock::now();
  *loaded = LoadTree(tree);
  step->load_ms = MsSince(start);
  if (loaded->ok()) return true;
  step->error = "the tree in " + tree + " is invalid: " + loaded->diagnostics.front().ToString();
  return false;
}

}  // namespace

nlohmann::json ToJson(const StepFigures& s) {
  nlohmann::json j = {{"wall_ms", s.wall_ms},
                      {"load_ms", s.load_ms},
                      {"read_and_plan_ms", s.read_ms},
                      {"apply_ms", s.apply_ms},
                      {"calls", s.calls.total},
                      {"calls_by_operation", s.calls.by_operation},
                      {"error_responses", s.calls.errors},
                      {"new_connections", s.new_connections},
                      {"client_attempts", s.attempts},
                      {"plan",
                       {{"add", s.summary.add},
                        {"change", s.summary.change},
                        {"replace", s.summary.replace},
                        {"destroy", s.summary.destroy},
                        {"blocked", s.summary.blocked},
                        {"conflict", s.summary.conflict},
                        {"unknown", s.summary.unknown}}},
                      {"applied_done", s.applied_done},
                      {"applied_failed", s.applied_failed}};
  if (!s.error.empty()) j["error"] = s.error;
  return j;
}

// What `plan` and `apply` both do first, timed from `start`: load the tree,
// make a fresh client (no connection, no cache), read and plan. Null (with
// step->error set) when a step before the read failed.
std::unique_ptr<BackupApi> LoadReadPlan(const ApiSetup& setup, const std::string& tree,
                                        StepFigures* step, PlanRun* run) {
  LoadResult loaded;
  if (!LoadInto(tree, &loaded, step)) return nullptr;
  auto client = MakeClient(setup, &step->error);
  if (!client) return nullptr;
  auto read_start = Clock::now();
  *run = PlanAgainst(*client, loaded.state, Options(setup));
  step->read_ms = MsSince(read_start);
  if (!run->ok()) step->error = run->error;
  return client;
}

// A plan-based step, timed whole: load, read and plan (LoadReadPlan), then
// `then(plan, client, step)` when the plan was made.
template <typename Then>
StepFigures PlanStep(const ApiSetup& setup, const std::string& tree, Then then) {
  StepFigures step;
  if (!Begin(setup, &step)) return step;
  auto start = Clock::now();
  PlanRun run;
  auto client = LoadReadPlan(setup, tree, &step, &run);
  if (!client) return step;
  if (run.ok()) {
    step.summary = Summarize(run.result.plan);
    then(run.result.plan, *client, &step);
  }
  step.wall_ms = MsSince(start);
  End(setup, client.get(), &step);
  return step;
}

StepFigures ColdPlan(const ApiSetup& setup, const std::string& tree) {
  return PlanStep(setup, tree, [](const ActionPlan& plan, BackupApi&, StepFigures* step) {
    if (RenderPlanText(plan, false).empty()) step->error = "the plan rendered as nothing";
  });
}

DaemonFigures DaemonCycles(const ApiSetup& setup, const std::string& tree) {
  DaemonFigures out;
  BackupApi* client = nullptr;
  ApiFactory factory = [&](const DesiredState&, std::string* error) -> std::optional<TargetApi> {
    auto made = MakeClient(setup, error);
    if (!made) return std::nullopt;
    client = made.get();
    return TargetApi{std::shared_ptr<BackupApi>(std::move(made)), nullptr, "aws " + setup.url};
  };
  TreeReconcilerOptions options;
  options.dir = tree;
  options.reconcile = Options(setup);
  TreeReconciler reconciler(std::move(options), factory);
  int64_t connections_before = 0;
  for (StepFigures* step : {&out.first, &out.warm}) {
    if (!Begin(setup, step)) return out;
    CycleRequest request;
    request.cycle_id = step == &out.first ? "bench-1" : "bench-2";
    request.reason = "interval";
    auto start = Clock::now();
    CycleOutcome outcome = reconciler.Reconcile(request);
    step->wall_ms = MsSince(start);
    End(setup, client, step);
    step->new_connections -= connections_before;
    connections_before += step->new_connections;
    for (const auto& [kind, n] : outcome.drifted) step->summary.change += n;
    step->applied_done = static_cast<int>(outcome.actions.size());
    if (outcome.result != CycleResult::kSuccess) {
      step->error = std::string(CycleResultName(outcome.result)) + ": " + outcome.error;
    }
  }
  out.cached_entries = reconciler.cached_entries();
  return out;
}

StepFigures ApplyChange(const ApiSetup& setup, const std::string& tree) {
  return PlanStep(
      setup, tree, [&setup](const ActionPlan& plan, BackupApi& client, StepFigures* step) {
        auto apply_start = Clock::now();
        ApplyReport report = Apply(plan, client, Options(setup).apply);
        step->apply_ms = MsSince(apply_start);
        step->applied_done = report.done;
        step->applied_failed = report.failed + report.skipped + report.blocked;
        if (!report.ok())
          step->error = std::to_string(step->applied_failed) + " actions did not finish";
      });
}

bool Converged(const ApiSetup& setup, const std::string& tree, std::string* error) {
  LoadResult loaded = LoadTree(tree);
  if (!loaded.ok()) {
    *error = "the tree in " + tree + " is invalid";
    return false;
  }
  auto client = MakeClient(setup, error);
  if (!client) return false;
  PlanRun run = PlanAgainst(*client, loaded.state, Options(setup));
  if (!run.ok()) {
    *error = run.error;
    return false;
  }
  if (Summarize(run.result.plan).HasChanges()) {
    *error = SummaryLine(run.result.plan);
    return false;
  }
  return true;
}

}  // namespace backupctl::bench
