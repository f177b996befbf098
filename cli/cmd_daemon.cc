// `backupctl daemon [DIR]`: keep an account converged on a tree, as a service.
//
// Runs the reconciliation loop (daemon/service.h) around TreeReconciler,
// serves /healthz /readyz /metrics (and POST /reconcile when enabled) on
// --listen, reloads at once on SIGHUP and when the tree changes, and on
// SIGTERM/SIGINT stops starting actions and exits 0 within --grace. The
// first stdout line is "listening on http://HOST:PORT"; logs go to stderr as
// JSON lines (--log-format text for humans).
#include <cstdio>
#include <iostream>

#include <signal.h>
#include <spdlog/spdlog.h>

#include "cli/cli.h"
#include "cli/target.h"
#include "daemon/daemon_metrics.h"
#include "daemon/json_log.h"
#include "daemon/service.h"
#include "daemon/signals.h"
#include "daemon/status_server.h"
#include "daemon/tree_reconciler.h"
#include "daemon/tree_watch.h"

namespace backupctl {
namespace {

struct DaemonFlags {
  std::string dir = ".";
  std::string interval = "5m";
  std::string jitter = "10%";
  std::string grace = "10s";
  std::string listen = "127.0.0.1:9464";
  bool observe = false;
  bool enable_reconcile_endpoint = false;
  bool no_watch = false;
  ReconcileFlags reconcile;
};

bool Fail(const std::string& message) {
  PrintError(message);
  return false;
}

bool ToServiceOptions(const DaemonFlags& f, ServiceOptions* o, std::chrono::milliseconds* grace) {
  auto interval = ParseDuration(f.interval);
  if (!interval || interval->count() < 100) {
    return Fail("--interval \"" + f.interval + "\": want a duration of at least 100ms (30s, 5m)");
  }
  auto jitter = ParseFraction(f.jitter);
  if (!jitter) return Fail("--jitter \"" + f.jitter + "\": want a percentage (10%) or 0..1");
  auto g = ParseDuration(f.grace);
  if (!g) return Fail("--grace \"" + f.grace + "\": want a duration (10s)");
  o->interval = *interval;
  o->jitter = *jitter;
  o->observe = f.observe;
  // Retry a failed cycle after 5 s, doubling, but never wait longer than the interval.
  o->backoff_initial = std::min<std::chrono::milliseconds>(std::chrono::seconds(5), *interval);
  *grace = *g;
  return true;
}

// The target of the tree in force, reporting its API calls to `observer`.
ApiFactory MakeApiFactory(const DaemonFlags& f, ApiObserver* observer) {
  return [&f, observer](const DesiredState& desired,
                        std::string* error) -> std::optional<TargetApi> {
    Outcome<OpenedTarget> opened = OpenTarget(f.dir, desired.project, f.reconcile.target, observer);
    if (!opened.ok()) {
      *error = opened.error().ToString();
      return std::nullopt;
    }
    // The AWS client reports each HTTP attempt itself; the local target has
    // no HTTP, so its BackupApi calls are counted, one record per call.
    bool local = f.reconcile.target.target.value_or(desired.project.target.type) == "local";
    TargetApi target;
    target.api = std::shared_ptr<BackupApi>(std::move(opened.value().api));
    target.call_observer = local ? observer : nullptr;
    target.description = opened.value().description;
    LogEvent(spdlog::level::info, "target opened", {{"target", target.description}});
    return target;
  };
}

// Blocks until SIGTERM/SIGINT; SIGHUP asks for a cycle now.
void WaitForShutdown(Service& service) {
  for (;;) {
    int sig = WaitForDaemonSignal(std::chrono::seconds(1));
    if (sig == SIGHUP) {
      LogEvent(spdlog::level::info, "reload requested", {{"signal", "SIGHUP"}});
      service.Trigger("sighup");
    } else if (sig == SIGTERM || sig == SIGINT) {
      LogEvent(spdlog::level::info, "shutting down",
               {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
      return;
    }
  }
}

int RunDaemon(const DaemonFlags& f, const CommandContext& ctx) {
  // A service logs its cycles, as JSON, at info, unless the log flags say otherwise.
  ConfigureDaemonLogging(ctx.LogJsonOr(true), ctx.LogLevelOr("info"));
  ServiceOptions options;
  std::chrono::milliseconds grace{0};
  if (!ToServiceOptions(f, &options, &grace)) return 1;
  // Before any thread exists, so that every thread inherits the mask.
  if (!BlockDaemonSignals()) {
    Fail("cannot block signals");
    return 1;
  }

  MetricsRegistry metrics;
  DefineDaemonMetrics(&metrics, BackupctlVersion());
  ApiMetricsObserver observer(&metrics);
  TreeReconcilerOptions tree_options;
  tree_options.dir = f.dir;
  tree_options.reconcile = ToReconcileOptions(f.reconcile);
  TreeReconciler reconciler(tree_options, MakeApiFactory(f, &observer));
  Service service(
      options, [&reconciler](const CycleRequest& r) { return reconciler.Reconcile(r); }, &metrics);

  StatusHandlers handlers;
  handlers.health = [&service] { return service.Health(); };
  handlers.ready = [&service] { return service.Readiness(); };
  handlers.metrics = [&metrics] { return metrics.Render(); };
  if (f.enable_reconcile_endpoint)
    handlers.reconcile_now = [&service] { service.Trigger("webhook"); };
  StatusServer server(handlers);
  std::string error;
  if (!server.Start(f.listen, &error)) {
    Fail(error);
    return 1;
  }
  std::string host =
      server.host().find(':') != std::string::npos ? "[" + server.host() + "]" : server.host();
  std::cout << "listening on http://" << host << ":" << server.port() << std::endl;
  LogEvent(spdlog::level::info, "daemon started",
           {{"version", BackupctlVersion()},
            {"dir", f.dir},
            {"listen", host + ":" + std::to_string(server.port())},
            {"interval_ms", options.interval.count()},
            {"observe", f.observe},
            {"prune", f.reconcile.prune}});

  service.Start();
  TreeWatcher watcher(f.dir, TreeWatchOptions{}, [&service] {
    LogEvent(spdlog::level::info, "tree changed", {});
    service.Trigger("tree-change");
  });
  if (!f.no_watch) watcher.Start();

  WaitForShutdown(service);
  watcher.Stop();
  bool finished = service.Shutdown(grace);
  server.Stop();
  if (!finished) {
    // The action in flight is abandoned; the next start converges it (its
    // create carries a deterministic CreatorRequestId, so no duplicate).
    LogEvent(spdlog::level::warn, "grace period over; abandoning the cycle in flight",
             {{"grace_ms", grace.count()}});
    spdlog::default_logger()->flush();
    std::fflush(nullptr);
    std::_Exit(0);
  }
  LogEvent(spdlog::level::info, "stopped", {});
  spdlog::default_logger()->flush();
  return 0;
}

}  // namespace

void RegisterDaemonCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "daemon", "Reconcile a tree on an interval, with health, readiness and metrics over HTTP");
  auto f = std::make_shared<DaemonFlags>();
  cmd->add_option("dir", f->dir, "The desired-state tree (default: .)");
  cmd->add_option("--interval", f->interval, "Time between cycles: 30s, 5m, 1h (default 5m)");
  cmd->add_option("--jitter", f->jitter, "Random spread of the interval, e.g. 10% (default)");
  cmd->add_flag("--observe", f->observe, "Only read and report drift; never change anything");
  cmd->add_option("--listen", f->listen,
                  "HOST:PORT for /healthz /readyz /metrics (default 127.0.0.1:9464; port 0: any)");
  cmd->add_flag("--enable-reconcile-endpoint", f->enable_reconcile_endpoint,
                "Serve POST /reconcile (start a cycle now, e.g. from a git webhook)");
  cmd->add_option("--grace", f->grace,
                  "On SIGTERM, how long the action in flight may take (default 10s)");
  cmd->add_flag("--no-watch", f->no_watch,
                "Do not poll the tree for changes (SIGHUP and the interval still reload)");
  AddLogFlags(cmd, &ctx);
  AddReconcileFlags(cmd, &f->reconcile);
  cmd->remove_option(cmd->get_option("--output"));  // the daemon prints no plan
  DescribeEffects(cmd, "the tree (on change, SIGHUP and every interval) and the live account",
                  "to the account each cycle (--observe: nothing); serves /healthz /readyz "
                  "/metrics on --listen; logs on stderr");
  cmd->callback([&ctx, f] { ctx.exit_code = RunDaemon(*f, ctx); });
}

}  // namespace backupctl
