// Schedule expressions as AWS Backup accepts them.
//
//   cron(Minutes Hours Day-of-month Month Day-of-week Year)   e.g. cron(0 5 ? * * *)
//   rate(N minutes|hours|days)                                 e.g. rate(12 hours)
//
// Every field's range and syntax is checked (* ? , - / L W # and month/day
// names); exactly one of day-of-month and day-of-week is "?". Snapshot
// backups need at least 60 minutes between runs, so expressions that fire
// more than once an hour are rejected.

#ifndef BACKUPCTL_DESIRED_SCHEDULE_H_
#define BACKUPCTL_DESIRED_SCHEDULE_H_

#include <string>
#include <string_view>

namespace backupctl {

// Empty when valid, otherwise the complete diagnostic message.
std::string CheckSchedule(std::string_view expression);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_SCHEDULE_H_
