// Schedule expressions as AWS Backup accepts them, checked and evaluated.
//
//   cron(Minutes Hours Day-of-month Month Day-of-week Year)   e.g. cron(0 5 ? * * *)
//   rate(N minutes|hours|days)                                 e.g. rate(12 hours)
//
// Every field's range and syntax is checked (* ? , - / L W # and month/day
// names); exactly one of day-of-month and day-of-week is "?". Snapshot
// backups need at least 60 minutes between runs, so expressions that fire
// more than once an hour are rejected.
//
// Evaluation: a cron expression fires at the local times it names in its
// time zone (timing/zone.h); a local time skipped by a daylight-saving jump
// fires at the same wall-clock minute after the jump, a repeated one fires
// once (the first). A rate fires every N units counted from the Unix epoch
// (AWS counts from the plan's creation; the emulator and `status` only need
// the period). This module is the bottom of the tree: it depends on nothing
// of backupctl, so desired/ and providers/ may both use it.

#ifndef BACKUPCTL_TIMING_CRON_H_
#define BACKUPCTL_TIMING_CRON_H_

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "timing/zone.h"

namespace backupctl {

// Empty when valid, otherwise the complete diagnostic message.
std::string CheckSchedule(std::string_view expression);

// A parsed, valid schedule expression.
struct Schedule {
  bool is_rate = false;
  double rate_seconds = 0;  // rate(...)
  // cron(...): the values each field allows. Day specials are kept apart.
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;                 // 1..31
  std::bitset<13> months;                        // 1..12
  std::bitset<8> days_of_week;                   // 1..7, SUN=1
  std::bitset<231> years;                        // 1970..2200, bit y-1970
  bool any_day_of_month = false;                 // day-of-month is "?"
  bool any_day_of_week = false;                  // day-of-week is "?"
  bool last_day_of_month = false;                // L
  bool last_weekday_of_month = false;            // LW
  std::vector<int> nearest_weekday_to;           // nW
  std::vector<int> last_weekday_in_month;        // dL: the last <d> of the month
  std::vector<std::pair<int, int>> nth_weekday;  // d#k
};

// Nullopt (and *error set) when the expression is not valid.
std::optional<Schedule> ParseSchedule(std::string_view expression, std::string* error);

// The first firing strictly after `after` (epoch seconds), or nullopt when
// none follows within ten years (e.g. a cron whose years have passed).
std::optional<double> NextRun(const Schedule& schedule, const TimeZone& zone, double after);

// The last firing at or before `at`, or nullopt when none in the ten years before.
std::optional<double> PreviousRun(const Schedule& schedule, const TimeZone& zone, double at);

}  // namespace backupctl

#endif  // BACKUPCTL_TIMING_CRON_H_
