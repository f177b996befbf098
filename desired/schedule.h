// Schedule expressions as AWS Backup accepts them: the checker lives in the
// bottom module timing/ (timing/cron.h), which the emulator's scheduler and
// `backupctl status` share; desired/ keeps this name for its callers.

#ifndef BACKUPCTL_DESIRED_SCHEDULE_H_
#define BACKUPCTL_DESIRED_SCHEDULE_H_

#include "timing/cron.h"

#endif  // BACKUPCTL_DESIRED_SCHEDULE_H_
