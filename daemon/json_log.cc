#include "daemon/json_log.h"

#include <time.h>

#include <chrono>
#include <cstdio>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace backupctl {

namespace {

struct PendingEvent {
  std::string_view msg;
  const nlohmann::json* fields;
};

thread_local const PendingEvent* pending_event = nullptr;
std::string log_replica;  // set once at start, before any thread logs

std::string IsoTimestamp(spdlog::log_clock::time_point tp) {
  auto since_epoch = tp.time_since_epoch();
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - secs);
  time_t t = static_cast<time_t>(secs.count());
  struct tm utc;
  gmtime_r(&t, &utc);
  char buf[96];  // sized for any int fields, so the compiler can prove no truncation
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis.count()));
  return buf;
}

// "msg key=value key2=value2" for text formatters; strings are printed bare.
std::string TextForm(std::string_view msg, const nlohmann::json& fields) {
  std::string out(msg);
  if (!fields.is_object()) return out;
  for (const auto& [key, value] : fields.items()) {
    out += " " + key + "=";
    out += value.is_string() ? value.get<std::string>() : value.dump();
  }
  return out;
}

}  // namespace

void JsonFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = IsoTimestamp(msg.time);
  auto level = spdlog::level::to_string_view(msg.level);
  line["level"] = std::string(level.data(), level.size());
  if (!log_replica.empty()) line["replica"] = log_replica;
  if (pending_event != nullptr) {
    line["msg"] = std::string(pending_event->msg);
    if (pending_event->fields->is_object()) {
      for (const auto& [key, value] : pending_event->fields->items()) {
        if (key != "ts" && key != "level" && key != "msg" && key != "replica") line[key] = value;
      }
    }
  } else {
    line["msg"] = std::string(msg.payload.data(), msg.payload.size());
  }
  // Invalid UTF-8 (e.g. from a hostile file name) is replaced, never thrown on.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  dest.append(text.data(), text.data() + text.size());
}

std::unique_ptr<spdlog::formatter> JsonFormatter::clone() const {
  return std::make_unique<JsonFormatter>();
}

void LogEvent(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view msg,
              const nlohmann::json& fields) {
  if (!logger.should_log(level)) return;
  PendingEvent event{msg, &fields};
  pending_event = &event;
  logger.log(level, "{}", TextForm(msg, fields));
  pending_event = nullptr;
}

void LogEvent(spdlog::level::level_enum level, std::string_view msg, const nlohmann::json& fields) {
  LogEvent(*spdlog::default_logger(), level, msg, fields);
}

void SetLogReplica(const std::string& replica) { log_replica = replica; }

void ConfigureDaemonLogging(bool json, const std::string& level) {
  auto logger = std::make_shared<spdlog::logger>("backupctl",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (json) {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    std::string replica = log_replica.empty() ? "" : "replica=" + log_replica + " ";
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ " + replica + "%v");
  }
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace backupctl
