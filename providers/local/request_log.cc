#include "providers/local/request_log.h"

#include <algorithm>

namespace backupctl {

RequestLog::RequestLog(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

std::uint64_t RequestLog::Add(RequestRecord record) {
  std::lock_guard<std::mutex> lock(mu_);
  record.seq = next_seq_++;
  by_operation_[record.operation][record.status]++;
  by_status_[record.status]++;
  if (!record.fault.empty()) faults_[record.fault]++;
  if (!record.signature_valid) invalid_signatures_++;
  records_.push_back(std::move(record));
  if (records_.size() > capacity_) records_.pop_front();
  return records_.back().seq;
}

std::vector<RequestRecord> RequestLog::Records() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::vector<RequestRecord>(records_.begin(), records_.end());
}

size_t RequestLog::Count(const std::string& operation) const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::count_if(records_.begin(), records_.end(),
                       [&](const RequestRecord& r) { return r.operation == operation; });
}

void RequestLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  records_.clear();
  by_operation_.clear();
  by_status_.clear();
  faults_.clear();
  invalid_signatures_ = 0;
}

nlohmann::json RequestRecordToJson(const RequestRecord& r) {
  return {{"seq", r.seq},
          {"method", r.method},
          {"path", r.path},
          {"operation", r.operation},
          {"status", r.status},
          {"fault", r.fault},
          {"error_code", r.error_code},
          {"signature_valid", r.signature_valid},
          {"latency_ms", r.latency_ms},
          {"received_unix_ms", r.received_unix_ms},
          {"access_key", r.access_key}};
}

nlohmann::json RequestLog::ToJson() const {
  nlohmann::json list = nlohmann::json::array();
  for (const RequestRecord& r : Records()) list.push_back(RequestRecordToJson(r));
  return {{"requests", list}};
}

nlohmann::json RequestLog::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json by_operation = nlohmann::json::object();
  std::uint64_t total = 0;
  for (const auto& [op, statuses] : by_operation_) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [status, n] : statuses) {
      counts[std::to_string(status)] = n;
      total += n;
    }
    by_operation[op.empty() ? "(unknown)" : op] = counts;
  }
  nlohmann::json by_status = nlohmann::json::object();
  for (const auto& [status, n] : by_status_) by_status[std::to_string(status)] = n;
  nlohmann::json faults = nlohmann::json::object();
  for (const auto& [kind, n] : faults_) faults[kind] = n;
  return {{"total", total},
          {"by_operation", by_operation},
          {"by_status", by_status},
          {"faults", faults},
          {"invalid_signatures", invalid_signatures_}};
}

}  // namespace backupctl
