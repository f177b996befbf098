// `backupctl daemon [DIR...]`: keep accounts converged on trees, as a service.
// Several trees are several targets (daemon/tree_set.h); a tree with
// `targets` is reconciled target by target (daemon/tree_reconciler.h).
//
// Runs the reconciliation loop (daemon/service.h) around TreeReconciler,
// serves /healthz /readyz /metrics (and POST /reconcile when enabled) on
// --listen, reloads at once on SIGHUP and when the tree changes, and on
// SIGTERM/SIGINT stops starting actions and exits 0 within --grace. The
// first stdout line is "listening on http://HOST:PORT"; logs go to stderr as
// JSON lines (--log-format text for humans).
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include <signal.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/open_targets.h"
#include "cli/target.h"
#include "daemon/coordination/coordinator.h"
#include "daemon/daemon_metrics.h"
#include "daemon/health_poller.h"
#include "daemon/json_log.h"
#include "daemon/service.h"
#include "daemon/signals.h"
#include "daemon/status_server.h"
#include "daemon/tree_reconciler.h"
#include "daemon/tree_set.h"
#include "daemon/tree_watch.h"

namespace backupctl {
namespace {

struct DaemonFlags {
  std::vector<std::string> dirs;  // none given: "."
  std::string interval = "5m";
  std::string health_interval = "15m";
  std::string jitter = "10%";
  std::string grace = "10s";
  std::string listen = "127.0.0.1:9464";
  bool observe = false;
  bool enable_reconcile_endpoint = false;
  bool no_watch = false;
  ReconcileFlags reconcile;
  // High availability: several replicas share the targets through etcd.
  std::string coordination = "none";
  std::string etcd_endpoints;
  std::string etcd_prefix = "/backupctl/";
  std::string etcd_cacert, etcd_cert, etcd_key;
  std::string etcd_user, etcd_password_file;
  bool etcd_insecure_skip_tls_verify = false;
  std::string replica_id;
  std::string lease_ttl = "15s";
  std::string fence_margin = "5s";
};

// The daemon's options that take a value, each described once: its help
// shows the type and, from DaemonFlags, the default.
constexpr char kService[] = "Options";
constexpr char kHighAvailability[] = "High availability (docs/daemon.md)";
struct ValueOption {
  const char* name;
  std::string DaemonFlags::*value;
  const char* type;
  const char* help;
  const char* group;
};
constexpr ValueOption kValueOptions[] = {
    {"--interval", &DaemonFlags::interval, "DURATION", "Time between cycles: 30s, 5m, 1h",
     kService},
    {"--health-interval", &DaemonFlags::health_interval, "DURATION",
     "Time between job-health polls for the job metrics", kService},
    {"--jitter", &DaemonFlags::jitter, "PERCENT", "Random spread of the interval (or 0..1)",
     kService},
    {"--listen", &DaemonFlags::listen, "HOST:PORT",
     "Serves /healthz /readyz /metrics (port 0: any free port)", kService},
    {"--grace", &DaemonFlags::grace, "DURATION",
     "On SIGTERM, how long the action in flight may take", kService},
    {"--coordination", &DaemonFlags::coordination, "none|etcd",
     "none: this process reconciles everything; etcd: replicas share the targets",
     kHighAvailability},
    {"--etcd-endpoints", &DaemonFlags::etcd_endpoints, "URL,...",
     "etcd client URLs (http://127.0.0.1:2379,...)", kHighAvailability},
    {"--etcd-prefix", &DaemonFlags::etcd_prefix, "PREFIX", "Key prefix for this group of replicas",
     kHighAvailability},
    {"--etcd-cacert", &DaemonFlags::etcd_cacert, "FILE", "CA bundle that verifies etcd's TLS",
     kHighAvailability},
    {"--etcd-cert", &DaemonFlags::etcd_cert, "FILE", "Client certificate for etcd (mutual TLS)",
     kHighAvailability},
    {"--etcd-key", &DaemonFlags::etcd_key, "FILE", "Its private key", kHighAvailability},
    {"--etcd-user", &DaemonFlags::etcd_user, "NAME[:PASSWORD]", "etcd user", kHighAvailability},
    {"--etcd-password-file", &DaemonFlags::etcd_password_file, "FILE",
     "File holding the etcd user's password (kept out of ps)", kHighAvailability},
    {"--replica-id", &DaemonFlags::replica_id, "NAME",
     "This replica's unique name (default HOSTNAME-PID; in Kubernetes the pod name)",
     kHighAvailability},
    {"--lease-ttl", &DaemonFlags::lease_ttl, "DURATION", "etcd session lease", kHighAvailability},
    {"--fence-margin", &DaemonFlags::fence_margin, "DURATION",
     "Stop writing this long before the lease could expire", kHighAvailability},
};
// And the options that take none.
struct Switch {
  const char* name;
  bool DaemonFlags::*value;
  const char* help;
  const char* group;
};
constexpr Switch kSwitches[] = {
    {"--observe", &DaemonFlags::observe, "Only read and report drift; never change anything",
     kService},
    {"--enable-reconcile-endpoint", &DaemonFlags::enable_reconcile_endpoint,
     "Serve POST /reconcile (start a cycle now, e.g. from a git webhook)", kService},
    {"--no-watch", &DaemonFlags::no_watch,
     "Do not poll the tree for changes (SIGHUP and the interval still reload)", kService},
    {"--etcd-insecure-skip-tls-verify", &DaemonFlags::etcd_insecure_skip_tls_verify,
     "Do not verify etcd's certificate (never in production)", kHighAvailability},
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

// The target of the tree in force at `dir`, reporting its API calls to `observer`.
ApiFactory MakeApiFactory(const DaemonFlags& f, std::string dir, ApiObserver* observer) {
  return [&f, dir, observer](const DesiredState& desired,
                             std::string* error) -> std::optional<TargetApi> {
    Outcome<OpenedTarget> opened = OpenTarget(dir, desired.project, f.reconcile.target, observer);
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

// Every target of a tree with targets (cli/open_targets.h). Local state is
// opened for each use, so the daemon sees what other processes wrote and
// holds the state file's lock only while it reconciles.
TargetsApiFactory MakeTargetsFactory(const DaemonFlags& f, std::string dir, ApiObserver* observer,
                                     TargetAccess access) {
  return [&f, dir, observer, access](const LoadResult& tree,
                                     std::string* error) -> std::optional<TargetApis> {
    auto opened = std::make_shared<OpenedTargets>(
        OpenTargets(dir, tree.state.project, tree.targets, f.reconcile.target, access, observer));
    if (!opened->error.empty()) {
      *error = opened->error;
      return std::nullopt;
    }
    bool local = f.reconcile.target.target.value_or(tree.state.project.target.type) == "local";
    TargetApis out;
    out.errors = opened->errors;
    out.reopen_each_cycle = local;
    for (size_t i = 0; i < opened->apis.size(); ++i) {
      TargetApi t;
      // Shares ownership of everything opened: the api lives as long as any copy.
      if (opened->apis[i] != nullptr) t.api = std::shared_ptr<BackupApi>(opened, opened->apis[i]);
      t.call_observer = local ? observer : nullptr;
      t.description = opened->descriptions[i];
      out.targets.push_back(std::move(t));
    }
    out.flush = [opened] { return opened->Flush(); };
    if (!local) {
      LogEvent(spdlog::level::info, "targets opened",
               {{"dir", dir}, {"targets", opened->descriptions}});
    }
    return out;
  };
}

std::string DefaultReplicaId() {
  char host[256] = {0};
  if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') std::strcpy(host, "backupctl");
  return std::string(host) + "-" + std::to_string(::getpid());
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// The etcd client and coordinator options from the flags; false (reported) when unusable.
bool ToCoordination(const DaemonFlags& f, EtcdOptions* etcd, CoordinatorOptions* o) {
  etcd->endpoints = SplitList(f.etcd_endpoints);
  if (etcd->endpoints.empty()) return Fail("--coordination etcd needs --etcd-endpoints URL,...");
  for (const std::string& e : etcd->endpoints) {
    if (e.rfind("http://", 0) != 0 && e.rfind("https://", 0) != 0) {
      return Fail("--etcd-endpoints: \"" + e + "\" is not an http:// or https:// URL");
    }
  }
  etcd->cacert = f.etcd_cacert;
  etcd->cert = f.etcd_cert;
  etcd->key = f.etcd_key;
  etcd->insecure_skip_tls_verify = f.etcd_insecure_skip_tls_verify;
  // etcdctl's --user NAME[:PASSWORD]; a password file keeps it out of `ps`.
  size_t colon = f.etcd_user.find(':');
  etcd->user = f.etcd_user.substr(0, colon);
  if (colon != std::string::npos) etcd->password = f.etcd_user.substr(colon + 1);
  if (!f.etcd_password_file.empty()) {
    std::ifstream in(f.etcd_password_file);
    if (!in) return Fail("--etcd-password-file: cannot read " + f.etcd_password_file);
    std::getline(in, etcd->password);
  }
  auto ttl = ParseDuration(f.lease_ttl);
  auto margin = ParseDuration(f.fence_margin);
  if (!ttl || !margin) return Fail("--lease-ttl and --fence-margin want durations (15s, 5s)");
  o->prefix = f.etcd_prefix;
  if (o->prefix.empty() || o->prefix.back() != '/') o->prefix += '/';
  o->replica = f.replica_id.empty() ? DefaultReplicaId() : f.replica_id;
  o->ttl = std::chrono::duration_cast<std::chrono::seconds>(*ttl);
  o->margin = *margin;
  std::string why = CheckCoordinatorOptions(*o);
  if (!why.empty()) return Fail("--coordination etcd: " + why);
  return true;
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
  if (f.coordination != "none" && f.coordination != "etcd") {
    Fail("--coordination \"" + f.coordination + "\": want none or etcd");
    return 1;
  }
  const bool ha = f.coordination == "etcd";
  EtcdOptions etcd_options;
  CoordinatorOptions coordinator_options;
  if (ha && !ToCoordination(f, &etcd_options, &coordinator_options)) return 1;
  if (ha) SetLogReplica(coordinator_options.replica);
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

  const std::vector<std::string> dirs = f.dirs.empty() ? std::vector<std::string>{"."} : f.dirs;
  std::string names_error;
  const auto targets = TargetNamesFor(dirs, &names_error);
  if (!targets) {
    Fail(names_error);
    return 1;
  }
  MetricsRegistry metrics;
  DefineDaemonMetrics(&metrics, BackupctlVersion());
  ApiMetricsObserver observer(&metrics);
  std::optional<TargetGate> gate;

  std::unique_ptr<EtcdClient> etcd;
  std::unique_ptr<Coordinator> coordinator;
  Service* service_ptr = nullptr;  // the coordinator's hooks trigger cycles once it exists
  std::atomic<bool> service_ready{false};
  if (ha) {
    DefineCoordinationMetrics(&metrics);
    etcd = std::make_unique<EtcdClient>(etcd_options);
    CoordinatorHooks hooks;
    hooks.renewal = [&metrics](bool ok) {
      metrics.Add(kMetricLeaseRenewals, {{"result", ok ? "ok" : "failed"}});
    };
    hooks.handover = [&metrics](const std::string&, bool acquired) {
      metrics.Add(kMetricHandovers, {{"direction", acquired ? "acquired" : "released"}});
    };
    hooks.owned = [&metrics](size_t n) { metrics.Set(kMetricTargetsOwned, {}, double(n)); };
    hooks.changed = [&] {
      metrics.Set(kMetricSession, {}, coordinator && coordinator->HasSession() ? 1 : 0);
      for (const std::string& t : *targets) {
        metrics.Set(kMetricTargetOwned, {{"target", t}}, coordinator && coordinator->Owns(t));
      }
      if (service_ready.load()) service_ptr->Trigger("ownership");
    };
    hooks.log = [](const std::string& event, const std::string& detail) {
      LogEvent(spdlog::level::info, event, {{"detail", detail}});
    };
    coordinator = std::make_unique<Coordinator>(*etcd, coordinator_options, hooks);
    Coordinator* c = coordinator.get();
    gate.emplace();
    gate->owns = [c](const std::string& t) { return c->Owns(t); };
    gate->begin_write = [c](const std::string& t, std::string* why) -> std::shared_ptr<void> {
      auto permit = c->BeginWrite(t);
      if (!permit) {
        *why = c->HasSession() ? "this replica no longer owns target \"" + t + "\""
                               : "this replica's etcd session is not known valid (fenced)";
        return nullptr;
      }
      return std::shared_ptr<void>(std::move(permit));
    };
    // Every tree is a target; claim them before the first cycle asks.
    coordinator->SetTargets(*targets);
  }
  std::vector<TreeSet::Tree> trees;
  for (size_t i = 0; i < dirs.size(); ++i) {
    TreeReconcilerOptions tree_options;
    tree_options.dir = dirs[i];
    tree_options.target = (*targets)[i];
    tree_options.reconcile = ToReconcileOptions(f.reconcile);
    tree_options.global_in_flight = f.reconcile.global_parallelism;
    tree_options.gate = gate;
    trees.push_back(
        {(*targets)[i], std::make_unique<TreeReconciler>(
                            tree_options, MakeApiFactory(f, dirs[i], &observer),
                            MakeTargetsFactory(f, dirs[i], &observer, TargetAccess::kReadWrite))});
  }
  TreeSet tree_set(std::move(trees), &metrics);
  Service service(
      options, [&tree_set](const CycleRequest& r) { return tree_set.Reconcile(r); }, &metrics);
  service_ptr = &service;
  service_ready = true;
  // Job metrics on their own, slower interval (daemon/health_poller.h).
  DefineHealthMetrics(&metrics);
  auto health_interval = ParseDuration(f.health_interval);
  if (!health_interval || health_interval->count() < 100) {
    Fail("--health-interval \"" + f.health_interval + "\": want a duration of at least 100ms");
    return 1;
  }
  std::vector<std::unique_ptr<HealthPoller>> health;
  for (size_t i = 0; i < dirs.size(); ++i) {
    health.push_back(std::make_unique<HealthPoller>(
        dirs[i], *health_interval, MakeApiFactory(f, dirs[i], &observer), &metrics));
    const std::string& target = (*targets)[i];
    if (dirs.size() > 1) health.back()->LabelWith({{"target", target}});
    health.back()->PollTargetsWith(
        MakeTargetsFactory(f, dirs[i], &observer, TargetAccess::kReadOnly));
    if (coordinator) {
      Coordinator* c = coordinator.get();
      health.back()->OnlyWhen([c, target] { return c->Owns(target); });
    }
  }

  StatusHandlers handlers;
  handlers.health = [&service] { return service.Health(); };
  handlers.ready = [&service, &coordinator, &coordinator_options] {
    if (coordinator && !coordinator->HasSession()) {
      nlohmann::json detail = {{"ready", false},
                               {"reason", "no etcd session"},
                               {"replica", coordinator_options.replica}};
      return Probe{false, detail.dump()};
    }
    return service.Readiness();
  };
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
            {"dirs", dirs},
            {"targets", *targets},
            {"listen", host + ":" + std::to_string(server.port())},
            {"interval_ms", options.interval.count()},
            {"observe", f.observe},
            {"prune", f.reconcile.prune},
            {"coordination", f.coordination}});

  if (coordinator) {
    LogEvent(spdlog::level::info, "joining",
             {{"etcd", etcd->Describe()},
              {"prefix", coordinator_options.prefix},
              {"lease_ttl_s", coordinator_options.ttl.count()},
              {"fence_margin_ms", coordinator_options.margin.count()}});
    coordinator->Start();
  }
  service.Start();
  for (auto& poller : health) poller->Start();
  std::vector<std::unique_ptr<TreeWatcher>> watchers;
  for (size_t i = 0; i < dirs.size(); ++i) {
    watchers.push_back(std::make_unique<TreeWatcher>(
        dirs[i], TreeWatchOptions{}, [&service, target = (*targets)[i]] {
          LogEvent(spdlog::level::info, "tree changed", {{"target", target}});
          service.Trigger("tree-change");
        }));
    if (!f.no_watch) watchers.back()->Start();
  }

  WaitForShutdown(service);
  for (auto& watcher : watchers) watcher->Stop();
  for (auto& poller : health) poller->Stop();
  bool finished = service.Shutdown(grace);
  service_ready = false;
  // Give up the lease at once so another replica takes over without waiting out the TTL.
  if (coordinator && finished) coordinator->Stop();
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
  cmd->add_option("dirs", f->dirs,
                  "The desired-state tree (default: .); several trees are several targets, each "
                  "named by its last directory");
  for (const ValueOption& o : kValueOptions) {
    cmd->add_option(o.name, (*f).*o.value, o.help)
        ->type_name(o.type)
        ->capture_default_str()
        ->group(o.group);
  }
  for (const Switch& o : kSwitches) cmd->add_flag(o.name, (*f).*o.value, o.help)->group(o.group);
  AddLogFlags(cmd, &ctx);
  AddReconcileFlags(cmd, &f->reconcile);
  cmd->remove_option(cmd->get_option("--output"));  // the daemon prints no plan
  DescribeEffects(cmd, "the tree (on change, SIGHUP and every interval) and the live account",
                  "to the account each cycle (--observe: nothing); serves /healthz /readyz "
                  "/metrics on --listen; logs on stderr; with --coordination etcd, its member "
                  "and claim keys under --etcd-prefix");
  cmd->callback([&ctx, f] { ctx.exit_code = RunDaemon(*f, ctx); });
}

}  // namespace backupctl
