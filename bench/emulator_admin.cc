#include "bench/emulator_admin.h"

#include <httplib.h>

namespace backupctl::bench {

bool EmulatorAdmin::Send(const std::string& method, const std::string& path,
                         const std::string& body, nlohmann::json* answer,
                         std::string* error) const {
  httplib::Client client(host_, port_);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  httplib::Result res = method == "PUT"      ? client.Put(path.c_str(), body, "application/json")
                        : method == "DELETE" ? client.Delete(path.c_str())
                                             : client.Get(path.c_str());
  if (!res) {
    *error = method + " " + path + ": " + httplib::to_string(res.error());
    return false;
  }
  if (res->status != 200) {
    *error = method + " " + path + ": HTTP " + std::to_string(res->status) + " " + res->body;
    return false;
  }
  if (answer != nullptr) {
    *answer = nlohmann::json::parse(res->body, nullptr, false);
    if (answer->is_discarded()) {
      *error = method + " " + path + ": the answer is not JSON";
      return false;
    }
  }
  return true;
}

bool EmulatorAdmin::SetLatency(double latency_ms, std::string* error) const {
  nlohmann::json body = {{"latency_ms", latency_ms}, {"jitter_ms", 0}, {"fault_rate", 0}};
  return Send("PUT", "/_emulator/config", body.dump(), nullptr, error);
}

bool EmulatorAdmin::ClearRequests(std::string* error) const {
  return Send("DELETE", "/_emulator/requests", "", nullptr, error);
}

bool EmulatorAdmin::Stats(CallStats* stats, std::string* error) const {
  nlohmann::json answer;
  if (!Send("GET", "/_emulator/stats", "", &answer, error)) return false;
  *stats = {};
  const nlohmann::json by_operation = answer.value("by_operation", nlohmann::json::object());
  for (const auto& [op, statuses] : by_operation.items()) {
    for (const auto& [status, n] : statuses.items()) {
      int64_t count = n.get<int64_t>();
      stats->by_operation[op] += count;
      stats->total += count;
      if (status.empty() || status[0] != '2') stats->errors[op + " " + status] += count;
    }
  }
  stats->account_writes = answer.value("account_write_calls", int64_t{0});
  return true;
}

}  // namespace backupctl::bench
