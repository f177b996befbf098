// Evaluating schedules: firings in a zone across daylight-saving jumps, the
// day specials (L, n#k), weekdays, rates; and loading zones safely.

#include <gtest/gtest.h>

#include "timing/cron.h"
#include "timing/zone.h"

namespace backupctl {
namespace {

Schedule Parse(const char* expression) {
  std::string error;
  auto s = ParseSchedule(expression, &error);
  EXPECT_TRUE(s.has_value()) << error;
  return s.value_or(Schedule{});
}

TimeZone Zone(const char* name) {
  std::string error;
  auto zone = TimeZone::Load(name, &error);
  if (!zone) ADD_FAILURE() << error;
  return zone.value_or(TimeZone::Utc());
}

TEST(CronEval, DailyInBerlinAcrossTheSpringJump) {
  const Schedule daily = Parse("cron(30 1 * * ? *)");
  const TimeZone berlin = Zone("Europe/Berlin");
  // 01:30 CET on 2026-03-29 (before the jump at 02:00), then 01:30 CEST.
  EXPECT_EQ(NextRun(daily, berlin, 1774699200), 1774744200);
  EXPECT_EQ(NextRun(daily, berlin, 1774744200), 1774827000);
  EXPECT_EQ(PreviousRun(daily, berlin, 1774827000), 1774827000);
  EXPECT_EQ(PreviousRun(daily, berlin, 1774826999), 1774744200);
}

TEST(CronEval, ATimeTheJumpSkipsFiresAfterItAndARepeatedOneOnce) {
  const Schedule at_0230 = Parse("cron(30 2 * * ? *)");
  const TimeZone berlin = Zone("Europe/Berlin");
  EXPECT_EQ(NextRun(at_0230, berlin, 1774699200), 1774747800);  // 03:30 CEST = 01:30Z
  EXPECT_EQ(NextRun(at_0230, berlin, 1792880000), 1792888200);  // the first 02:30 (CEST)
  EXPECT_EQ(NextRun(at_0230, berlin, 1792888200), 1792978200);  // not the second: the next day
}

TEST(CronEval, WeekdayHoursInNewYorkSkipTheWeekend) {
  const Schedule trading = Parse("cron(0 9-17 ? * MON-FRI *)");
  // Friday 18:00 EST -> Monday 09:00 EST.
  EXPECT_EQ(NextRun(trading, Zone("America/New_York"), 1796425200), 1796652000);
}

TEST(CronEval, DaySpecials) {
  const TimeZone utc = TimeZone::Utc();
  EXPECT_EQ(NextRun(Parse("cron(0 3 L * ? *)"), utc, 1769904000), 1772247600);    // Feb 28
  EXPECT_EQ(NextRun(Parse("cron(0 3 ? * 2#1 *)"), utc, 1796083200), 1796612400);  // 1st Monday
  EXPECT_EQ(NextRun(Parse("cron(0 3 ? * 2 2020-2021)"), utc, 1796083200), std::nullopt);
}

TEST(CronEval, RatesCountFromTheEpoch) {
  const Schedule twelve = Parse("rate(12 hours)");
  EXPECT_EQ(NextRun(twelve, TimeZone::Utc(), 0), 43200);
  EXPECT_EQ(NextRun(twelve, TimeZone::Utc(), 43200), 86400);
  EXPECT_EQ(PreviousRun(twelve, TimeZone::Utc(), 86399), 43200);
}

TEST(CronEval, InvalidExpressionsGiveTheCheckersMessage) {
  std::string error;
  EXPECT_FALSE(ParseSchedule("cron(0 5 * * * *)", &error));
  EXPECT_EQ(error, CheckSchedule("cron(0 5 * * * *)"));
  EXPECT_NE(error.find("exactly one of day-of-month and day-of-week"), std::string::npos);
}

TEST(TimeZoneLoad, OffsetsAndRefusals) {
  const TimeZone berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin.OffsetAt(1782864000), 7200);                // July: CEST
  EXPECT_EQ(berlin.OffsetAt(1796083200), 3600);                // December: CET
  EXPECT_EQ(berlin.OffsetAt(4102444800 + 180 * 86400), 7200);  // 2100: the footer rule
  std::string error;
  EXPECT_FALSE(TimeZone::Load("../../etc/passwd", &error));
  EXPECT_NE(error.find("not a time zone name"), std::string::npos);
  EXPECT_FALSE(TimeZone::Load("/etc/localtime", &error));
  EXPECT_FALSE(TimeZone::Load("Nowhere/Atlantis", &error));
  EXPECT_NE(error.find("no time zone data"), std::string::npos);
  EXPECT_EQ(TimeZone::Load("Etc/UTC", &error)->OffsetAt(0), 0);
}

}  // namespace
}  // namespace backupctl
