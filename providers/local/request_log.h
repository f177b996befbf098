// RequestLog: what the emulator server answered, for tests to read.
//
// One record per AWS API request (admin routes are not recorded): its
// sequence number, method, path, operation (from the route), HTTP status
// (0 when the connection was dropped instead), injected fault, AWS error code
// and whether its signature was valid, when it arrived (wall clock) and the
// access key id it was signed with (an identifier, as CloudTrail logs it:
// never the secret, a header value or a body, so no secret can reach it). Keeps the newest
// `capacity` records; the counters in Stats() cover every request since the last Clear().
// Thread-safe.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_REQUEST_LOG_H_
#define BACKUPCTL_PROVIDERS_LOCAL_REQUEST_LOG_H_

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace backupctl {

struct RequestRecord {
  std::uint64_t seq = 0;  // assigned by Add, from 1
  std::string method;
  std::string path;       // wire form, without the query
  std::string operation;  // "" when the route matches no operation
  int status = 0;         // 0: no response was sent (reset, drop-after-commit)
  std::string fault;      // FaultKindName, "" for none
  std::string error_code;
  bool signature_valid = false;
  double latency_ms = 0;              // injected latency
  std::int64_t received_unix_ms = 0;  // when the request arrived
  std::string access_key;             // from the signature's Credential scope
};

class RequestLog {
 public:
  explicit RequestLog(size_t capacity = 100000);

  std::uint64_t Add(RequestRecord record);  // returns the record's seq
  std::vector<RequestRecord> Records() const;
  // Records of `operation` still held.
  size_t Count(const std::string& operation) const;
  void Clear();

  nlohmann::json ToJson() const;  // {"requests": [...]}
  // {"total": N, "by_operation": {op: {status: n}}, "by_status": {status: n},
  //  "faults": {kind: n}, "invalid_signatures": n}
  nlohmann::json Stats() const;

 private:
  mutable std::mutex mu_;
  size_t capacity_;
  std::uint64_t next_seq_ = 1;
  std::deque<RequestRecord> records_;
  std::map<std::string, std::map<int, std::uint64_t>> by_operation_;
  std::map<int, std::uint64_t> by_status_;
  std::map<std::string, std::uint64_t> faults_;
  std::uint64_t invalid_signatures_ = 0;
};

nlohmann::json RequestRecordToJson(const RequestRecord& record);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_REQUEST_LOG_H_
