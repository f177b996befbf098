// Fault and latency injection for the emulator server, seeded and deterministic.
//
// A FaultInjector turns the n-th API request it is asked about into a
// FaultDecision (a fault kind, or none, plus a latency) that depends only on
// the seed and n. Under concurrency n is the order in which requests reach
// Decide(), i.e. their arrival order; the same seed and the same arrival
// order give the same decisions. Changing the seed restarts the sequence.
// Thread-safe. Admin routes never consult it.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_FAULTS_H_
#define BACKUPCTL_PROVIDERS_LOCAL_FAULTS_H_

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace backupctl {

enum class FaultKind {
  kNone,
  kThrottle,           // 400 ThrottlingException "Rate exceeded"
  kServerError,        // 500 ServiceUnavailableException, then 503 ServiceUnavailable, alternating
  kReset,              // the connection is reset, no response, nothing executed
  kDropAfterCommit,    // the operation runs (state changes), then the connection closes unanswered
  kDependencyFailure,  // 500 DependencyFailureException (a service AWS Backup uses failed);
                       // not in the default kinds: ask for it by name ("dependency")
};

// "throttle", "5xx", "reset", "drop-after-commit"; "" for kNone.
const char* FaultKindName(FaultKind kind);

struct FaultConfig {
  double fault_rate = 0;  // probability in [0, 1] that an API request gets a fault
  std::vector<FaultKind> kinds = {FaultKind::kThrottle, FaultKind::kServerError, FaultKind::kReset,
                                  FaultKind::kDropAfterCommit};
  std::uint64_t seed = 1;
  double latency_ms = 0;   // added to every API request
  double jitter_ms = 0;    // uniform in [-jitter, +jitter] around latency_ms (never below 0)
  double spike_rate = 0;   // probability of an extra spike_ms on a request
  double spike_ms = 1000;  //
  std::set<std::string> fault_ops;  // operations faults apply to; empty = all
};

struct FaultDecision {
  FaultKind fault = FaultKind::kNone;
  int status = 0;          // HTTP status for kThrottle / kServerError
  std::string error_code;  // AWS error code of an answered fault (throttle, 5xx, dependency)
  std::string message;
  double latency_ms = 0;
};

class FaultInjector {
 public:
  explicit FaultInjector(const FaultConfig& config);

  FaultConfig config() const;
  // Replaces the settings. With restart_sequence (or a new seed) the decision
  // sequence starts again from its first request.
  void SetConfig(const FaultConfig& config, bool restart_sequence);
  // The decision for the next API request, of `operation` (e.g. "CreateBackupVault").
  FaultDecision Decide(const std::string& operation);

 private:
  mutable std::mutex mu_;
  FaultConfig config_;
  std::uint64_t sequence_ = 0;
  std::uint64_t server_errors_ = 0;
};

// Parsers for the command line and the admin endpoint. On failure they return
// false, fill *error and leave the outputs untouched.
// "throttle,5xx,reset,drop-after-commit" (any subset, any order, no repeats).
bool ParseFaultKinds(const std::string& csv, std::vector<FaultKind>* kinds, std::string* error);
// "20ms", "1.5s", "250us", or a bare number of milliseconds.
bool ParseDurationMs(const std::string& text, double* ms, std::string* error);
// A duration, optionally with jitter: "20ms", "20ms±5ms", "20ms+-5ms".
bool ParseLatency(const std::string& text, double* ms, double* jitter_ms, std::string* error);

// The admin endpoint's JSON: fault_rate, faults (names), seed, latency_ms,
// jitter_ms, spike_rate, spike_ms, fault_ops.
nlohmann::json FaultConfigToJson(const FaultConfig& config);
// Applies the members present in `patch` to *config; unknown members and
// out-of-range values are errors, and then *config is unchanged.
bool ApplyFaultConfigJson(const nlohmann::json& patch, FaultConfig* config, std::string* error);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_FAULTS_H_
