#include "daemon/json_log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace backupctl {
namespace {

std::shared_ptr<spdlog::logger> Capture(std::ostringstream* out, bool json) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*out);
  auto logger = std::make_shared<spdlog::logger>("test", sink);
  if (json) {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger->set_pattern("%l %v");
  }
  logger->set_level(spdlog::level::trace);
  return logger;
}

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(JsonLogTest, EventsAreOneJsonObjectPerLineWithFields) {
  std::ostringstream out;
  auto logger = Capture(&out, true);
  LogEvent(*logger, spdlog::level::info, "action",
           {{"cycle_id", "ab-000001"},
            {"action", "create"},
            {"kind", "BackupVault"},
            {"name", "v\"1\nx"},
            {"outcome", "done"}});
  LogEvent(*logger, spdlog::level::warn, "cycle finished", {{"cycle_id", "ab-000001"}, {"n", 3}});
  auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 2u) << out.str();
  EXPECT_EQ(lines[0]["msg"], "action");
  EXPECT_EQ(lines[0]["level"], "info");
  EXPECT_EQ(lines[0]["cycle_id"], "ab-000001");
  EXPECT_EQ(lines[0]["kind"], "BackupVault");
  EXPECT_EQ(lines[0]["name"], "v\"1\nx");
  EXPECT_EQ(lines[1]["level"], "warning");
  EXPECT_EQ(lines[1]["n"], 3);
  std::string ts = lines[0]["ts"];
  EXPECT_EQ(ts.size(), 24u) << ts;  // 2024-05-01T12:00:00.123Z
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(JsonLogTest, PlainSpdlogCallsStillProduceJson) {
  std::ostringstream out;
  auto logger = Capture(&out, true);
  logger->error("vault {} unreachable", "x");
  auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["msg"], "vault x unreachable");
  EXPECT_EQ(lines[0]["level"], "error");
  EXPECT_FALSE(lines[0].contains("cycle_id"));
}

TEST(JsonLogTest, FieldsCannotOverrideTheEnvelope) {
  std::ostringstream out;
  auto logger = Capture(&out, true);
  LogEvent(*logger, spdlog::level::info, "real", {{"msg", "fake"}, {"level", "x"}});
  auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["msg"], "real");
  EXPECT_EQ(lines[0]["level"], "info");
}

TEST(JsonLogTest, TextFormatterGetsKeyValuePairs) {
  std::ostringstream out;
  auto logger = Capture(&out, false);
  LogEvent(*logger, spdlog::level::info, "cycle finished", {{"cycle_id", "c1"}, {"drifted", 2}});
  EXPECT_EQ(out.str(), "info cycle finished cycle_id=c1 drifted=2\n");
}

TEST(JsonLogTest, InvalidUtf8IsReplacedNotThrown) {
  std::ostringstream out;
  auto logger = Capture(&out, true);
  logger->info("bad \xff byte");
  auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u);
}

TEST(JsonLogTest, FilteredLevelsWriteNothing) {
  std::ostringstream out;
  auto logger = Capture(&out, true);
  logger->set_level(spdlog::level::warn);
  LogEvent(*logger, spdlog::level::info, "quiet", {{"k", 1}});
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace backupctl
