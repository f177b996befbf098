// BackupApi: the one seam between backupctl and an AWS Backup account.
//
// One method per row of providers/backup_operations.h (an AWS Backup
// operation, typed as in service-2.json); EmptyOutcome is Outcome<Empty>. List
// operations return one page; callers follow next_token. Every method is
// thread-safe: the reconciler calls one instance from many threads.
// Two implementations: AwsBackupClient (providers/aws, HTTPS + SigV4) and
// LocalAccount (providers/local, the emulated account in-process).

#ifndef BACKUPCTL_PROVIDERS_BACKUP_API_H_
#define BACKUPCTL_PROVIDERS_BACKUP_API_H_

#include "providers/api_error.h"
#include "providers/backup_operations.h"
#include "providers/backup_types.h"

namespace backupctl {

class BackupApi {
 public:
  virtual ~BackupApi() = default;

#define BACKUPCTL_DECLARE_OPERATION(Name, Out, In, ...) virtual Outcome<Out> Name(const In&) = 0;
  BACKUPCTL_OPERATIONS(BACKUPCTL_DECLARE_OPERATION)
#undef BACKUPCTL_DECLARE_OPERATION
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_BACKUP_API_H_
