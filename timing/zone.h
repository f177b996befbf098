// Time zones for evaluating schedules: the UTC offset of an IANA zone at an
// instant, from the system's compiled tz database (TZif files under
// $TZDIR or /usr/share/zoneinfo, versions 1-4, with the POSIX TZ footer for
// instants after the last transition).
//
// Load() refuses names that are not tz names (absolute paths, "..", odd
// characters) and files that are not TZif or are larger than 1 MiB.
// A TimeZone is an immutable value, cheap to copy and safe to share.

#ifndef BACKUPCTL_TIMING_ZONE_H_
#define BACKUPCTL_TIMING_ZONE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace backupctl {

struct ZoneData;

class TimeZone {
 public:
  TimeZone();  // UTC
  static TimeZone Utc() { return TimeZone(); }
  // "UTC", "Etc/UTC" and "" are UTC without reading a file.
  static std::optional<TimeZone> Load(std::string_view name, std::string* error);

  const std::string& name() const;
  // Seconds east of UTC at the instant `utc` (epoch seconds).
  int64_t OffsetAt(int64_t utc) const;
  // The instant a local wall-clock time (seconds since the epoch, as if the
  // zone were UTC) names: for a time skipped by a jump forward, the instant
  // the same distance after the jump; for a repeated time, the first.
  int64_t LocalToUtc(int64_t local) const;

 private:
  std::shared_ptr<const ZoneData> data_;
};

// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

}  // namespace backupctl

#endif  // BACKUPCTL_TIMING_ZONE_H_
