#include "base/time_format.h"

#include <gtest/gtest.h>

namespace backupctl {
namespace {

TEST(TimeFormat, Iso8601UtcToTheSecondRoundedTowardThePast) {
  EXPECT_EQ(Iso8601Utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Iso8601Utc(1796221634), "2026-12-02T14:27:14Z");
  EXPECT_EQ(Iso8601Utc(1796221634.999), "2026-12-02T14:27:14Z");
  EXPECT_EQ(Iso8601Utc(-0.5), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace backupctl
