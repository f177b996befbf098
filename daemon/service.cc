#include "daemon/service.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include <nlohmann/json.hpp>

#include "daemon/daemon_metrics.h"
#include "daemon/json_log.h"
#include "desired/model.h"

namespace backupctl {

namespace {

using std::chrono::milliseconds;

int64_t NowNs(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock.Now().time_since_epoch())
      .count();
}

double WallNowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

uint64_t PickSeed(uint64_t seed) { return seed != 0 ? seed : std::random_device{}(); }

std::string HexPrefix(uint64_t value) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%08x", static_cast<unsigned>(value & 0xffffffffu));
  return buf;
}

bool Counted(const ActionRecord& action) { return action.result != "pending"; }

}  // namespace

milliseconds NextDelay(const ServiceOptions& options, int consecutive_failures, double unit) {
  if (consecutive_failures > 0) {
    // backoff_initial * 2^(n-1), computed without overflow, never above the interval.
    double factor = std::ldexp(1.0, std::min(consecutive_failures - 1, 40));
    double ms = static_cast<double>(options.backoff_initial.count()) * factor;
    return milliseconds(
        static_cast<int64_t>(std::min(ms, static_cast<double>(options.interval.count()))));
  }
  double spread = std::clamp(options.jitter, 0.0, 1.0) * (2 * unit - 1);
  return milliseconds(
      static_cast<int64_t>(static_cast<double>(options.interval.count()) * (1 + spread)));
}

std::optional<milliseconds> ParseDuration(const std::string& text) {
  static const std::pair<const char*, int64_t> kUnits[] = {
      {"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 3600 * 1000}};
  int64_t total = 0;
  size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    size_t digits = i;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
      ++digits;
    }
    if (digits == i || digits - i > 9) return std::nullopt;
    int64_t number = std::stoll(text.substr(i, digits - i));
    const std::pair<const char*, int64_t>* unit = nullptr;
    for (const auto& u : kUnits) {
      if (text.compare(digits, std::strlen(u.first), u.first) == 0 &&
          (unit == nullptr || std::strlen(u.first) > std::strlen(unit->first))) {
        unit = &u;
      }
    }
    if (unit == nullptr) return std::nullopt;
    total += number * unit->second;
    i = digits + std::strlen(unit->first);
  }
  return milliseconds(total);
}

std::optional<double> ParseFraction(const std::string& text) {
  bool percent = !text.empty() && text.back() == '%';
  std::string number = percent ? text.substr(0, text.size() - 1) : text;
  if (number.empty() || number.find_first_not_of("0123456789.") != std::string::npos) {
    return std::nullopt;
  }
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size()) return std::nullopt;
  if (percent) value /= 100;
  if (value < 0 || value > 1) return std::nullopt;
  return value;
}

Service::Service(ServiceOptions options, Reconciler reconciler, MetricsRegistry* metrics)
    : options_(options),
      reconciler_(std::move(reconciler)),
      metrics_(metrics),
      clock_(options.clock != nullptr ? options.clock : SteadyClock()),
      rng_(PickSeed(options.seed)),
      id_prefix_(HexPrefix(rng_())) {
  for (Kind kind :
       {Kind::kVault, Kind::kVaultLock, Kind::kVaultAccessPolicy, Kind::kVaultNotifications,
        Kind::kBackupPlan, Kind::kSelection, Kind::kRegionSettings, Kind::kGlobalSettings}) {
    drift_kinds_.insert(KindName(kind));
  }
}

Service::~Service() { Shutdown(milliseconds::max()); }

void Service::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_ || stop_) return;
  running_ = true;
  Beat();
  thread_ = std::thread([this] { Loop(); });
}

void Service::Trigger(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!trigger_) trigger_ = reason;
  }
  wake_.notify_all();
}

bool Service::Shutdown(milliseconds grace) {
  stopping_ = true;
  std::unique_lock<std::mutex> lock(mu_);
  stop_ = true;
  wake_.notify_all();
  auto loop_exited = [this] { return !running_; };
  bool exited = grace == milliseconds::max()
                    ? (exited_.wait(lock, loop_exited), true)
                    : WaitUntil(*clock_, lock, exited_, DeadlineAfter(*clock_, grace), loop_exited);
  lock.unlock();
  if (exited && thread_.joinable()) thread_.join();
  return exited;
}

void Service::Beat() { heartbeat_ns_ = NowNs(*clock_); }

std::string Service::NextCycleId() {
  char seq[24];
  std::snprintf(seq, sizeof(seq), "%06llu", static_cast<unsigned long long>(next_seq_++));
  return id_prefix_ + "-" + seq;
}

void Service::Loop() {
  std::string reason = "startup";
  while (!stopping_) {
    RunCycle(reason);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    milliseconds delay = NextDelay(options_, consecutive_failures_, unit(rng_));
    std::optional<std::string> next = WaitForNextCycle(delay, consecutive_failures_ > 0);
    if (!next) break;
    reason = *next;
  }
  std::lock_guard<std::mutex> lock(mu_);
  running_ = false;
  exited_.notify_all();
}

std::optional<std::string> Service::WaitForNextCycle(milliseconds delay, bool retry) {
  auto deadline = DeadlineAfter(*clock_, delay);
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_ && !trigger_) {
    auto now = clock_->Now();
    if (now >= deadline) return retry ? "retry" : "interval";
    // Wake at least every second so /healthz sees the loop alive while idle.
    auto step = std::min<Clock::Duration>(deadline - now, std::chrono::seconds(1));
    clock_->WaitUntil(lock, wake_, now + step);
    Beat();
  }
  if (stop_) return std::nullopt;
  std::string reason = *trigger_;
  trigger_.reset();
  return reason;
}

CycleOutcome Service::CallReconciler(const CycleRequest& request) {
  try {
    return reconciler_(request);
  } catch (const std::exception& e) {
    CycleOutcome outcome;
    outcome.result = CycleResult::kFailed;
    outcome.error = std::string("cycle aborted: ") + e.what();
    return outcome;
  }
}

void Service::RunCycle(const std::string& reason) {
  CycleRequest request;
  request.cycle_id = NextCycleId();
  request.reason = reason;
  request.observe = options_.observe;
  request.stopping = &stopping_;
  request.heartbeat = [this] { Beat(); };
  Beat();
  LogEvent(spdlog::level::info, "cycle started",
           {{"cycle_id", request.cycle_id}, {"reason", reason}, {"observe", options_.observe}});
  auto start = clock_->Now();
  CycleOutcome outcome = CallReconciler(request);
  double seconds = std::chrono::duration<double>(clock_->Now() - start).count();
  Beat();
  bool failing = outcome.result == CycleResult::kFailed || outcome.result == CycleResult::kPartial;
  consecutive_failures_ = failing ? consecutive_failures_ + 1 : 0;
  Record(outcome, seconds);
  LogOutcome(request, outcome, seconds);
}

void Service::Record(const CycleOutcome& outcome, double seconds) {
  metrics_->Add(kMetricCycles, {{"result", CycleResultName(outcome.result)}});
  metrics_->Observe(kMetricCycleDuration, {}, seconds);
  if (!outcome.load_error.empty()) metrics_->Add(kMetricLoadErrors, {});
  if (outcome.result == CycleResult::kSuccess)
    metrics_->Set(kMetricLastSuccess, {}, WallNowSeconds());
  if (outcome.live_read) {
    for (const auto& [kind, count] : outcome.drifted) drift_kinds_.insert(kind);
    for (const auto& kind : drift_kinds_) {
      auto it = outcome.drifted.find(kind);
      metrics_->Set(kMetricDrifted, {{"kind", kind}}, it == outcome.drifted.end() ? 0 : it->second);
    }
  }
  for (const auto& action : outcome.actions) {
    if (!Counted(action)) continue;
    metrics_->Add(kMetricActions,
                  {{"type", action.type}, {"kind", action.kind}, {"result", action.result}});
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++cycles_;
  last_result_ = CycleResultName(outcome.result);
  load_error_ = outcome.load_error;
  last_error_ = outcome.error;
  failed_targets_.clear();
  for (const TargetOutcome& t : outcome.targets) {
    if (t.result == CycleResult::kSuccess) continue;
    failed_targets_[t.target] =
        CycleResultName(t.result) + std::string(t.error.empty() ? "" : ": " + t.error);
  }
  if (outcome.result == CycleResult::kSuccess || outcome.result == CycleResult::kPartial) {
    completed_ = true;
  }
}

void Service::LogOutcome(const CycleRequest& request, const CycleOutcome& outcome, double seconds) {
  int drifted = 0;
  for (const auto& [kind, count] : outcome.drifted) drifted += count;
  int failed = 0;
  for (const auto& action : outcome.actions) {
    nlohmann::json fields = {{"cycle_id", request.cycle_id},
                             {"action", action.type},
                             {"kind", action.kind},
                             {"name", action.name},
                             {"outcome", action.result}};
    if (!action.message.empty()) fields["message"] = action.message;
    if (!action.target.empty()) fields["target"] = action.target;
    bool bad = action.result == "failed" || action.result == "blocked";
    failed += bad ? 1 : 0;
    LogEvent(bad ? spdlog::level::warn : spdlog::level::info, Counted(action) ? "action" : "drift",
             fields);
  }
  nlohmann::json fields = {{"cycle_id", request.cycle_id},
                           {"reason", request.reason},
                           {"outcome", CycleResultName(outcome.result)},
                           {"duration_seconds", seconds},
                           {"actions", outcome.actions.size()},
                           {"failed_actions", failed},
                           {"drifted", drifted}};
  if (!outcome.load_error.empty()) fields["load_error"] = outcome.load_error;
  if (!outcome.error.empty()) fields["error"] = outcome.error;
  std::vector<std::string> failed_targets;
  for (const TargetOutcome& t : outcome.targets) {
    if (t.result != CycleResult::kSuccess) failed_targets.push_back(t.target);
  }
  if (!failed_targets.empty()) fields["failed_targets"] = failed_targets;
  auto level = outcome.result == CycleResult::kSuccess ? spdlog::level::info : spdlog::level::warn;
  if (outcome.result == CycleResult::kFailed) level = spdlog::level::err;
  LogEvent(level, "cycle finished", fields);
}

Probe Service::Health() const {
  double age = static_cast<double>(NowNs(*clock_) - heartbeat_ns_.load()) / 1e9;
  std::lock_guard<std::mutex> lock(mu_);
  double limit = std::chrono::duration<double>(options_.stale_after).count();
  Probe probe;
  probe.ok = running_ && age <= limit;
  nlohmann::json detail = {{"status", probe.ok ? "ok" : "unhealthy"},
                           {"heartbeat_age_seconds", age}};
  if (!running_) detail["detail"] = "the reconciliation loop is not running";
  if (running_ && !probe.ok) detail["detail"] = "the reconciliation loop's heartbeat is stale";
  probe.detail = detail.dump();
  return probe;
}

Probe Service::Readiness() const {
  std::lock_guard<std::mutex> lock(mu_);
  Probe probe;
  probe.ok = completed_ && load_error_.empty();
  nlohmann::json detail = {{"status", probe.ok ? "ready" : "not ready"},
                           {"cycles", cycles_},
                           {"last_result", last_result_}};
  if (!failed_targets_.empty()) detail["failed_targets"] = failed_targets_;
  if (!load_error_.empty()) {
    detail["detail"] = "last load failed: " + load_error_;
  } else if (!completed_) {
    detail["detail"] = cycles_ == 0 ? std::string("no cycle has completed yet")
                                    : "no cycle has completed yet: " + last_error_;
  }
  probe.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return probe;
}

uint64_t Service::CyclesCompleted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cycles_;
}

}  // namespace backupctl
