#include "providers/local/faults.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "base/strings.h"

namespace backupctl {

namespace {

constexpr const char* kAllKindNames[] = {"throttle", "5xx", "reset", "drop-after-commit",
                                         "dependency"};
constexpr FaultKind kAllKinds[] = {FaultKind::kThrottle, FaultKind::kServerError, FaultKind::kReset,
                                   FaultKind::kDropAfterCommit, FaultKind::kDependencyFailure};

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A uniform double in [0, 1) that depends only on (seed, request number, stream):
// each request draws from its own streams, so one decision never shifts another.
double Uniform(std::uint64_t seed, std::uint64_t request, std::uint64_t stream) {
  std::uint64_t x = SplitMix64(SplitMix64(seed) ^ SplitMix64(request * 4 + stream));
  return static_cast<double>(x >> 11) * 0x1.0p-53;
}

bool KindFromName(const std::string& name, FaultKind* kind) {
  for (size_t i = 0; i < std::size(kAllKindNames); ++i) {
    if (name == kAllKindNames[i]) {
      *kind = kAllKinds[i];
      return true;
    }
  }
  return false;
}

std::vector<std::string> SplitCsv(const std::string& csv) {
  std::vector<std::string> parts;
  std::stringstream in(csv);
  std::string part;
  while (std::getline(in, part, ',')) parts.push_back(Trim(part));
  return parts;
}

bool KindsFromNames(const std::vector<std::string>& names, std::vector<FaultKind>* kinds,
                    std::string* error) {
  std::vector<FaultKind> parsed;
  for (const std::string& name : names) {
    FaultKind kind;
    if (!KindFromName(name, &kind)) {
      *error = "unknown fault kind \"" + name +
               "\" (want throttle, 5xx, reset, drop-after-commit, dependency)";
      return false;
    }
    if (std::find(parsed.begin(), parsed.end(), kind) != parsed.end()) {
      *error = "fault kind \"" + name + "\" given twice";
      return false;
    }
    parsed.push_back(kind);
  }
  if (parsed.empty()) {
    *error = "no fault kinds given";
    return false;
  }
  *kinds = parsed;
  return true;
}

bool ReadNumber(const nlohmann::json& v, const std::string& key, double lo, double hi, double* out,
                std::string* error) {
  if (!v.is_number()) {
    *error = key + " must be a number";
    return false;
  }
  double d = v.get<double>();
  if (!(d >= lo && d <= hi)) {
    std::ostringstream msg;
    msg << key << " must be between " << lo << " and " << hi;
    *error = msg.str();
    return false;
  }
  *out = d;
  return true;
}

// A JSON array of strings or one comma-separated string.
bool ReadNames(const nlohmann::json& v, const std::string& key, std::vector<std::string>* out,
               std::string* error) {
  if (v.is_string()) {
    *out =
        v.get<std::string>().empty() ? std::vector<std::string>{} : SplitCsv(v.get<std::string>());
    return true;
  }
  if (!v.is_array()) {
    *error = key + " must be a list of strings";
    return false;
  }
  std::vector<std::string> names;
  for (const auto& item : v) {
    if (!item.is_string()) {
      *error = key + " must be a list of strings";
      return false;
    }
    names.push_back(item.get<std::string>());
  }
  *out = names;
  return true;
}

bool ApplyMember(const std::string& key, const nlohmann::json& v, FaultConfig* c,
                 std::string* error) {
  if (key == "fault_rate") return ReadNumber(v, key, 0, 1, &c->fault_rate, error);
  if (key == "latency_ms") return ReadNumber(v, key, 0, 600000, &c->latency_ms, error);
  if (key == "jitter_ms") return ReadNumber(v, key, 0, 600000, &c->jitter_ms, error);
  if (key == "spike_rate") return ReadNumber(v, key, 0, 1, &c->spike_rate, error);
  if (key == "spike_ms") return ReadNumber(v, key, 0, 600000, &c->spike_ms, error);
  if (key == "seed") {
    if (!v.is_number_unsigned()) {
      *error = "seed must be a non-negative integer";
      return false;
    }
    c->seed = v.get<std::uint64_t>();
    return true;
  }
  std::vector<std::string> names;
  if (key == "faults") {
    return ReadNames(v, key, &names, error) && KindsFromNames(names, &c->kinds, error);
  }
  if (key == "fault_ops") {
    if (!ReadNames(v, key, &names, error)) return false;
    c->fault_ops = std::set<std::string>(names.begin(), names.end());
    return true;
  }
  *error = "unknown setting \"" + key + "\"";
  return false;
}

}  // namespace

const char* FaultKindName(FaultKind kind) {
  for (size_t i = 0; i < std::size(kAllKinds); ++i) {
    if (kAllKinds[i] == kind) return kAllKindNames[i];
  }
  return "";
}

FaultInjector::FaultInjector(const FaultConfig& config) : config_(config) {}

FaultConfig FaultInjector::config() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_;
}

void FaultInjector::SetConfig(const FaultConfig& config, bool restart_sequence) {
  std::lock_guard<std::mutex> lock(mu_);
  if (restart_sequence || config.seed != config_.seed) {
    sequence_ = 0;
    server_errors_ = 0;
  }
  config_ = config;
}

FaultDecision FaultInjector::Decide(const std::string& operation) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::uint64_t n = sequence_++;
  const FaultConfig& c = config_;
  FaultDecision d;
  double jitter = c.jitter_ms * (2 * Uniform(c.seed, n, 2) - 1);
  d.latency_ms = std::max(0.0, c.latency_ms + jitter);
  if (Uniform(c.seed, n, 3) < c.spike_rate) d.latency_ms += c.spike_ms;

  bool eligible = c.fault_ops.empty() || c.fault_ops.count(operation) > 0;
  if (!eligible || c.kinds.empty() || !(Uniform(c.seed, n, 0) < c.fault_rate)) return d;
  size_t pick = static_cast<size_t>(Uniform(c.seed, n, 1) * c.kinds.size());
  d.fault = c.kinds[std::min(pick, c.kinds.size() - 1)];
  if (d.fault == FaultKind::kThrottle) {
    d.status = 400;
    d.error_code = "ThrottlingException";
    d.message = "Rate exceeded";
  } else if (d.fault == FaultKind::kServerError) {
    bool first = server_errors_++ % 2 == 0;
    d.status = first ? 500 : 503;
    d.error_code = first ? "ServiceUnavailableException" : "ServiceUnavailable";
    d.message =
        first ? "The service is temporarily unavailable. Try again later." : "Service Unavailable";
  } else if (d.fault == FaultKind::kDependencyFailure) {
    d.status = 500;
    d.error_code = "DependencyFailureException";
    d.message = "A dependent AWS service or resource returned an error to the AWS Backup service";
  }
  return d;
}

bool ParseFaultKinds(const std::string& csv, std::vector<FaultKind>* kinds, std::string* error) {
  return KindsFromNames(SplitCsv(csv), kinds, error);
}

bool ParseDurationMs(const std::string& text, double* ms, std::string* error) {
  std::string t = Trim(text);
  const char* begin = t.c_str();
  char* end = nullptr;
  double value = std::strtod(begin, &end);
  std::string unit(end);
  double scale = unit == "" || unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "us" ? 0.001 : -1;
  if (t.empty() || end == begin || scale < 0 || !std::isfinite(value) || value < 0) {
    *error = "invalid duration \"" + text + "\" (want e.g. 20ms, 1.5s, 250us)";
    return false;
  }
  *ms = value * scale;
  return true;
}

bool ParseLatency(const std::string& text, double* ms, double* jitter_ms, std::string* error) {
  size_t sep = text.find("\xC2\xB1");  // '±' in UTF-8
  size_t sep_len = 2;
  if (sep == std::string::npos) {
    sep = text.find("+-");
    sep_len = 2;
  }
  double base = 0;
  double jitter = 0;
  if (sep == std::string::npos) {
    if (!ParseDurationMs(text, &base, error)) return false;
  } else if (!ParseDurationMs(text.substr(0, sep), &base, error) ||
             !ParseDurationMs(text.substr(sep + sep_len), &jitter, error)) {
    return false;
  }
  *ms = base;
  *jitter_ms = jitter;
  return true;
}

nlohmann::json FaultConfigToJson(const FaultConfig& c) {
  nlohmann::json kinds = nlohmann::json::array();
  for (FaultKind k : c.kinds) kinds.push_back(FaultKindName(k));
  nlohmann::json ops = nlohmann::json::array();
  for (const std::string& op : c.fault_ops) ops.push_back(op);
  return {{"fault_rate", c.fault_rate}, {"faults", kinds},          {"seed", c.seed},
          {"latency_ms", c.latency_ms}, {"jitter_ms", c.jitter_ms}, {"spike_rate", c.spike_rate},
          {"spike_ms", c.spike_ms},     {"fault_ops", ops}};
}

bool ApplyFaultConfigJson(const nlohmann::json& patch, FaultConfig* config, std::string* error) {
  if (!patch.is_object()) {
    *error = "the configuration must be a JSON object";
    return false;
  }
  FaultConfig updated = *config;
  for (const auto& [key, value] : patch.items()) {
    if (!ApplyMember(key, value, &updated, error)) return false;
  }
  *config = updated;
  return true;
}

}  // namespace backupctl
