// Times written for people and for AWS's XML: ISO 8601 in UTC to the second,
// "2026-12-05T14:27:14Z". Fractions are dropped (rounded toward the past).

#ifndef BACKUPCTL_BASE_TIME_FORMAT_H_
#define BACKUPCTL_BASE_TIME_FORMAT_H_

#include <string>

namespace backupctl {

std::string Iso8601Utc(double epoch_seconds);

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_TIME_FORMAT_H_
