// IANA time zone names (e.g. "Europe/Berlin", "America/New_York", "Etc/UTC"),
// embedded so a machine without tzdata validates the same way. The table is
// generated from Debian's tzdata by scripts/gen_timezones.py.

#ifndef BACKUPCTL_DESIRED_TIMEZONES_H_
#define BACKUPCTL_DESIRED_TIMEZONES_H_

#include <span>
#include <string>
#include <string_view>

namespace backupctl {

bool IsIanaTimezone(std::string_view name);

// Every known name, sorted bytewise; and the tzdata release it came from.
std::span<const std::string_view> IanaTimezones();
std::string_view TimezoneDataVersion();

// The nearest known name for a "did you mean", or an empty string.
std::string ClosestTimezone(std::string_view name);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_TIMEZONES_H_
