#include "base/time_format.h"

#include <cmath>
#include <ctime>

namespace backupctl {

std::string Iso8601Utc(double epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(std::floor(epoch_seconds));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace backupctl
