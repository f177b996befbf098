// Structured logs: one JSON object per line, through spdlog.
//
// JsonFormatter renders every record as
//   {"ts":"2024-05-01T12:00:00.123Z","level":"info","msg":"...",<fields>}
// LogEvent attaches fields (cycle_id, action, kind, name, outcome, ...) to one
// record. Under JsonFormatter they become JSON members; under any other
// formatter they are appended to the message as key=value pairs, so plain
// spdlog calls and LogEvent both read well either way. The fields travel in a
// thread-local for the duration of the synchronous log call: use synchronous
// sinks (the daemon does), never spdlog's async logger, with JsonFormatter.

#ifndef BACKUPCTL_DAEMON_JSON_LOG_H_
#define BACKUPCTL_DAEMON_JSON_LOG_H_

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/formatter.h>
#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

namespace backupctl {

class JsonFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

// Logs `msg` with `fields` (a JSON object) on `logger`.
void LogEvent(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view msg,
              const nlohmann::json& fields);
// The same on spdlog's default logger.
void LogEvent(spdlog::level::level_enum level, std::string_view msg, const nlohmann::json& fields);

// Names this replica on every line from now on ("replica": id in JSON,
// "replica=id" in text). Call before ConfigureDaemonLogging and before any
// thread logs; "" (the default) names none.
void SetLogReplica(const std::string& replica);

// Makes spdlog's default logger write to stderr with JsonFormatter (json) or
// the usual text pattern, at `level` ("trace" ... "off").
void ConfigureDaemonLogging(bool json, const std::string& level);

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_JSON_LOG_H_
