// The generated time zone table: sorted and unique (IsIanaTimezone binary
// searches it), from a recorded tzdata release, and holding the names AWS
// Backup users write.

#include "desired/timezones.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace backupctl {
namespace {

TEST(Timezones, TableIsSortedAndUnique) {
  std::span<const std::string_view> zones = IanaTimezones();
  ASSERT_GT(zones.size(), 500u);
  EXPECT_TRUE(std::is_sorted(zones.begin(), zones.end()));
  EXPECT_EQ(std::adjacent_find(zones.begin(), zones.end()), zones.end());
}

TEST(Timezones, RecordsTheTzdataRelease) {
  std::string_view version = TimezoneDataVersion();
  ASSERT_GE(version.size(), 5u);  // e.g. 2025b
  EXPECT_TRUE(std::all_of(version.begin(), version.begin() + 4, ::isdigit)) << version;
}

TEST(Timezones, KnowsZonesAndLinks) {
  for (const char* tz : {"UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
                         "America/Argentina/Buenos_Aires", "Asia/Calcutta", "US/Pacific"}) {
    EXPECT_TRUE(IsIanaTimezone(tz)) << tz;
  }
  for (const char* tz : {"", "CEST", "Europe/Berln", "europe/berlin", "UTC+2"}) {
    EXPECT_FALSE(IsIanaTimezone(tz)) << tz;
  }
  EXPECT_EQ(ClosestTimezone("Europe/Berln"), "Europe/Berlin");
}

}  // namespace
}  // namespace backupctl
