// A client for the emulator's admin endpoint (providers/local/README.md):
// the benchmark sets the injected latency at run time (seeding runs at
// latency 0) and reads the request stats after each measured step.

#ifndef BACKUPCTL_BENCH_EMULATOR_ADMIN_H_
#define BACKUPCTL_BENCH_EMULATOR_ADMIN_H_

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace backupctl::bench {

struct CallStats {
  std::map<std::string, int64_t> by_operation;  // every status counted
  std::map<std::string, int64_t> errors;        // "Operation status" -> n, for non-2xx
  int64_t total = 0;
  int64_t account_writes = 0;
};

class EmulatorAdmin {
 public:
  EmulatorAdmin(std::string host, int port) : host_(std::move(host)), port_(port) {}

  // Each returns false with *error set when the endpoint refuses or is unreachable.
  bool SetLatency(double latency_ms, std::string* error) const;
  bool ClearRequests(std::string* error) const;
  bool Stats(CallStats* stats, std::string* error) const;

 private:
  bool Send(const std::string& method, const std::string& path, const std::string& body,
            nlohmann::json* answer, std::string* error) const;

  std::string host_;
  int port_;
};

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_EMULATOR_ADMIN_H_
