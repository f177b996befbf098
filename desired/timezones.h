// IANA time zone names (e.g. "Europe/Berlin", "America/New_York", "Etc/UTC"),
// embedded so a machine without tzdata validates the same way.

#ifndef BACKUPCTL_DESIRED_TIMEZONES_H_
#define BACKUPCTL_DESIRED_TIMEZONES_H_

#include <string>
#include <string_view>

namespace backupctl {

bool IsIanaTimezone(std::string_view name);

// The nearest known name for a "did you mean", or an empty string.
std::string ClosestTimezone(std::string_view name);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_TIMEZONES_H_
