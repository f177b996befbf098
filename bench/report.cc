#include "bench/report.h"

#include <cstdarg>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

namespace backupctl::bench {
namespace {

std::string Format(const char* format, ...) __attribute__((format(printf, 1, 2)));

std::string Format(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof(buf), format, args);
  va_end(args);
  return buf;
}

std::string Verdict(bool met) { return met ? "MET" : "MISSED"; }

std::string Seconds(double ms) { return Format("%.2f s", ms / 1000); }

std::string Mb(int64_t kb) { return Format("%.0f MB", kb / 1024.0); }

double Share(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

void Line(std::string& out, const std::string& label, const std::string& value,
          const std::string& note = "") {
  out += Format("  %-34s %-14s %s\n", label.c_str(), value.c_str(), note.c_str());
}

// Operations measured beside the documented count, then the documented total.
void CallsTable(std::string& out, const CallStats& calls, const ReadSet& expected) {
  std::set<std::string> ops;
  for (const auto& [op, n] : calls.by_operation) ops.insert(op);
  for (const auto& [op, n] : expected.calls) ops.insert(op);
  out += Format("  %-34s %8s %11s\n", "operation", "calls", "documented");
  for (const std::string& op : ops) {
    auto got = calls.by_operation.count(op) ? calls.by_operation.at(op) : 0;
    auto want = expected.calls.count(op) ? expected.calls.at(op) : 0;
    out += Format("  %-34s %8lld %11lld  %s\n", op.c_str(), static_cast<long long>(got),
                  static_cast<long long>(want), got == want ? "" : "<- differs");
  }
  bool exact = calls.by_operation == expected.calls;
  out += Format("  %-34s %8lld %11lld  %s\n", "total", static_cast<long long>(calls.total),
                static_cast<long long>(expected.total),
                exact ? "exactly the documented set" : "NOT the documented set");
  for (const auto& [what, n] : calls.errors) {
    out += Format("  error responses: %s x %lld\n", what.c_str(), static_cast<long long>(n));
  }
}

void ColdSection(std::string& out, const BenchRun& run) {
  const StepFigures& cold = *run.cold;
  ReadSet expected = DocumentedColdRead(run.shape);
  double bound = LowerBoundMs(expected, run.latency_ms, run.in_flight);
  out += "\nCold plan (fresh process state: load, read, plan, render; no cache, no connection)\n";
  if (!cold.error.empty()) out += "  FAILED: " + cold.error + "\n";
  CallsTable(out, cold.calls, expected);
  Line(out, "wall time", Seconds(cold.wall_ms),
       Format("load+validate %s, read+plan %s", Seconds(cold.load_ms).c_str(),
              Seconds(cold.read_ms).c_str()));
  Line(out, "lower bound", Seconds(bound),
       Format("max(%d x %.0f ms, %lld x %.0f ms / %d)", expected.critical_path, run.latency_ms,
              static_cast<long long>(expected.total), run.latency_ms, run.in_flight));
  double ratio = cold.wall_ms / bound;
  Line(
      out, "ratio to lower bound", Format("%.2fx", ratio),
      Format(
          "target <= %.2fx: %s", kColdRatioTarget,
          Verdict(ratio <= kColdRatioTarget && cold.calls.by_operation == expected.calls).c_str()));
  Line(out, "  (read+plan alone)", Format("%.2fx", cold.read_ms / bound));
  Line(out, "new TCP connections", std::to_string(cold.new_connections),
       Format("target <= in-flight limit %d: %s", run.in_flight,
              Verdict(cold.new_connections >= 0 && cold.new_connections <= run.in_flight).c_str()));
  Line(out, "plan",
       Format("%d changes",
              cold.summary.add + cold.summary.change + cold.summary.replace + cold.summary.destroy),
       "(the estate is converged: expected 0)");
}

void DaemonSection(std::string& out, const BenchRun& run) {
  const DaemonFigures& d = *run.daemon;
  ReadSet warm_expected = DocumentedWarmRead(run.shape);
  double warm_bound = LowerBoundMs(warm_expected, run.latency_ms, run.in_flight);
  out += "\nDaemon cycles (one process, one TreeReconciler, nothing changed)\n";
  for (const StepFigures* s : {&d.first, &d.warm}) {
    if (!s->error.empty()) out += "  FAILED: " + s->error + "\n";
  }
  Line(out, "first cycle (fills the cache)",
       Format("%lld calls", static_cast<long long>(d.first.calls.total)), Seconds(d.first.wall_ms));
  Line(out, "warm cycle", Format("%lld calls", static_cast<long long>(d.warm.calls.total)),
       Format("%s (lower bound %s, %.2fx); %lld new connections", Seconds(d.warm.wall_ms).c_str(),
              Seconds(warm_bound).c_str(), d.warm.wall_ms / warm_bound,
              static_cast<long long>(d.warm.new_connections)));
  CallsTable(out, d.warm.calls, warm_expected);
  int64_t cold_calls = run.cold ? run.cold->calls.total : d.first.calls.total;
  double share = Share(d.warm.calls.total, cold_calls);
  Line(out, "warm calls / cold plan calls", Format("%.1f %%", share * 100),
       Format("target <= %.0f %%: %s", kWarmShareTarget * 100,
              Verdict(share <= kWarmShareTarget && d.warm.calls.total > 0).c_str()));
  Line(out, "cached entries", std::to_string(d.cached_entries));
}

void ApplySection(std::string& out, const BenchRun& run) {
  const StepFigures& a = *run.apply;
  out += Format("\nApply of a %d%% change (every %d-th resource of each kind; fresh client)\n",
                100 / run.change_every, run.change_every);
  if (!a.error.empty()) out += "  FAILED: " + a.error + "\n";
  Line(out, "planned",
       Format("%d add, %d change, %d replace, %d destroy", a.summary.add, a.summary.change,
              a.summary.replace, a.summary.destroy));
  Line(out, "wall time", Seconds(a.wall_ms),
       Format("load %s, read+plan %s, apply %s", Seconds(a.load_ms).c_str(),
              Seconds(a.read_ms).c_str(), Seconds(a.apply_ms).c_str()));
  Line(out, "actions done / not done", Format("%d / %d", a.applied_done, a.applied_failed));
  out += Format("  %-34s %8s\n", "operation", "calls");
  for (const auto& [op, n] : a.calls.by_operation) {
    out += Format("  %-34s %8lld\n", op.c_str(), static_cast<long long>(n));
  }
  out += Format("  %-34s %8lld\n", "total", static_cast<long long>(a.calls.total));
  for (const auto& [what, n] : a.calls.errors) {
    out += Format("  error responses: %s x %lld\n", what.c_str(), static_cast<long long>(n));
  }
  if (run.converged_after_apply) {
    Line(out, "plan after apply",
         *run.converged_after_apply ? "no changes" : "NOT converged: " + run.converged_error);
  }
}

void TargetsSection(std::string& out, const TargetsFigures& t) {
  const EstateShape& e = t.shape.estate;
  const TargetsBound bound = t.Bound();
  const ReadSet expected = t.Expected();
  const int n = t.shape.targets;
  out += Format(
      "\nCold plan of %d targets (%zu regions), each %d vaults / %d plans / %d selections; "
      "latency %.0f ms; in flight %d per target, %d in all; %s\n",
      n, t.shape.regions.size(), e.vaults, e.plans, e.selections, t.options.latency_ms,
      t.options.per_target, t.options.global,
      t.options.in_process ? "in-process accounts, no HTTP" : "HTTP, one client per target");
  if (!t.error.empty()) out += "  FAILED: " + t.error + "\n";
  const std::map<std::string, int64_t> calls = t.CallsByOperation();
  out += Format("  %-34s %8s %11s\n", "operation", "calls", "documented");
  std::set<std::string> ops;
  for (const auto& [op, c] : calls) ops.insert(op);
  for (const auto& [op, c] : expected.calls) ops.insert(op);
  for (const std::string& op : ops) {
    auto got = calls.count(op) ? calls.at(op) : 0;
    auto want = expected.calls.count(op) ? n * expected.calls.at(op) : 0;
    out += Format("  %-34s %8lld %11lld  %s\n", op.c_str(), static_cast<long long>(got),
                  static_cast<long long>(want), got == want ? "" : "<- differs");
  }
  out += Format("  %-34s %8lld %11lld  %s\n", "total", static_cast<long long>(t.TotalCalls()),
                static_cast<long long>(bound.calls),
                t.ExactCalls() ? "every target exactly its documented set"
                               : "NOT the documented set on every target");
  if (!t.options.in_process) {
    out += Format("  (the emulator served %lld calls)\n", static_cast<long long>(t.server.total));
  }
  for (const auto& [what, c] : t.server.errors) {
    out += Format("  error responses: %s x %lld\n", what.c_str(), static_cast<long long>(c));
  }
  Line(
      out, "wall time", Seconds(t.wall_ms),
      Format("load+validate %s, clients %s, read+plan %s, render %s", Seconds(t.load_ms).c_str(),
             Seconds(t.open_ms).c_str(), Seconds(t.read_ms).c_str(), Seconds(t.render_ms).c_str()));
  Line(out, "lower bound", Seconds(bound.bound_ms()),
       Format("max(per target max(%d x %.0f ms, %lld x %.0f ms / %d) = %s, "
              "all %lld x %.0f ms / %d = %s)",
              expected.critical_path, t.options.latency_ms, static_cast<long long>(expected.total),
              t.options.latency_ms, t.options.per_target, Seconds(bound.per_target_ms).c_str(),
              static_cast<long long>(bound.calls), t.options.latency_ms, t.options.global,
              Seconds(bound.global_ms).c_str()));
  const double ratio = bound.bound_ms() > 0 ? t.wall_ms / bound.bound_ms() : 0;
  Line(out, "ratio to lower bound", Format("%.2fx", ratio),
       Format("target <= %.2fx: %s", kColdRatioTarget,
              Verdict(t.error.empty() && ratio <= kColdRatioTarget && t.ExactCalls()).c_str()));
  Line(out, "  (read+plan alone)", Format("%.2fx", t.read_ms / bound.bound_ms()));
  Line(out, "calls in flight", Format("mean %.1f", t.read_ms > 0 ? t.call_ms / t.read_ms : 0),
       Format("peak %d (global limit %d); call time summed %s", t.peak_in_flight, t.options.global,
              Seconds(t.call_ms).c_str()));
  Line(out, "CPU during read+plan", Format("%.2f s", t.read_cpu_seconds),
       Format("%.0f %% of %u cores x read+plan (client and emulator)",
              100 * t.read_cpu_seconds / (std::thread::hardware_concurrency() * t.read_ms / 1000),
              std::thread::hardware_concurrency()));
  if (!t.options.in_process)
    Line(out, "new TCP connections", std::to_string(t.new_connections),
         Format("%lld HTTP attempts", static_cast<long long>(t.attempts)));
  Line(out, "plan",
       Format("%d changes, %d failed targets",
              t.summary.add + t.summary.change + t.summary.replace + t.summary.destroy,
              t.failed_targets),
       "(converged: expected 0, 0)");
  Line(out, "seeded (latency 0, not measured)", Format("%.1f s", t.seed_seconds));
}

void ComputeSection(std::string& out, const BenchRun& run) {
  out +=
      "\nPure compute (no network): load+validate, then diff+plan against an in-memory live "
      "mirror\n";
  out += Format("  %9s %6s %12s %9s %9s %9s %9s  %s\n", "resources", "files", "load+valid.", "plan",
                "total", "(mirror)", "peak RSS", "target < 2 s, < 300 MB");
  for (const ComputeFigures& c : run.compute) {
    if (!c.error.empty()) {
      out += Format("  %9lld FAILED: %s\n", static_cast<long long>(c.declared), c.error.c_str());
      continue;
    }
    std::string verdict = "-";
    if (c.declared >= kComputeTargetResources) {
      bool met = c.target_ms() < kComputeMsTarget && c.peak_rss_kb / 1024.0 < kComputeRssMbTarget;
      verdict = Verdict(met);
    }
    out += Format("  %9lld %6d %12s %9s %9s %9s %9s  %s\n", static_cast<long long>(c.declared),
                  c.files, Seconds(c.load_ms).c_str(), Seconds(c.plan_ms).c_str(),
                  Seconds(c.target_ms()).c_str(), Seconds(c.mirror_ms).c_str(),
                  Mb(c.peak_rss_kb).c_str(), verdict.c_str());
  }
}

}  // namespace

std::string RenderTable(const BenchRun& run) {
  std::string out;
  out += "backupctl benchmark, " + run.started + "\n";
  out += Format("machine: %u CPUs; load average %s at start, %s at end\n", run.cpus,
                run.load_before.c_str(), run.load_after.c_str());
  if (run.cold || run.daemon || run.apply) {
    const EstateShape& s = run.shape;
    out += Format(
        "estate: %d vaults (each with tags, notifications, access policy; %d locked), %d plans "
        "(3 rules, copy actions), %d selections = %lld declared resources\n",
        s.vaults, (s.vaults + 4) / 5, s.plans, s.selections,
        static_cast<long long>(DeclaredResources(s)));
    out += Format(
        "emulator: in-process server over HTTP, latency %.0f ms per call; client in-flight limit "
        "%d; seeded in %.1f s at latency 0\n",
        run.latency_ms, run.in_flight, run.seed_seconds);
  }
  if (run.cold) ColdSection(out, run);
  if (run.daemon) DaemonSection(out, run);
  if (run.apply) ApplySection(out, run);
  if (run.targets) TargetsSection(out, *run.targets);
  if (run.targets_in_process) TargetsSection(out, *run.targets_in_process);
  if (!run.compute.empty()) ComputeSection(out, run);
  return out;
}

nlohmann::json ToJson(const BenchRun& run) {
  nlohmann::json j = {{"started", run.started},
                      {"load_average_before", run.load_before},
                      {"load_average_after", run.load_after},
                      {"cpus", run.cpus},
                      {"latency_ms", run.latency_ms},
                      {"in_flight", run.in_flight}};
  const EstateShape& s = run.shape;
  j["estate"] = {{"vaults", s.vaults},
                 {"plans", s.plans},
                 {"selections", s.selections},
                 {"declared_resources", DeclaredResources(s)}};
  if (run.cold) {
    ReadSet expected = DocumentedColdRead(s);
    j["cold_plan"] = ToJson(*run.cold);
    j["cold_plan"]["documented_calls"] = expected.calls;
    j["cold_plan"]["critical_path"] = expected.critical_path;
    j["cold_plan"]["lower_bound_ms"] = LowerBoundMs(expected, run.latency_ms, run.in_flight);
  }
  if (run.daemon) {
    j["daemon"] = {{"first_cycle", ToJson(run.daemon->first)},
                   {"warm_cycle", ToJson(run.daemon->warm)},
                   {"cached_entries", run.daemon->cached_entries}};
  }
  if (run.apply) {
    j["apply_change"] = ToJson(*run.apply);
    j["apply_change"]["change_every"] = run.change_every;
    if (run.converged_after_apply) j["apply_change"]["converged"] = *run.converged_after_apply;
  }
  if (run.targets) j["targets_cold_plan"] = ToJson(*run.targets);
  if (run.targets_in_process) j["targets_cold_plan_in_process"] = ToJson(*run.targets_in_process);
  for (const ComputeFigures& c : run.compute) j["compute"].push_back(ToJson(c));
  return j;
}

}  // namespace backupctl::bench
