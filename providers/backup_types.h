// The AWS Backup request and response shapes backupctl uses, named as in
// the AWS Backup service model, service-2.json (members in snake_case; a copy
// is in tests/data/aws-backup-model).
//
// Optional scalars are std::optional so "absent" and "zero" stay distinct on
// the wire. Lists and maps are plain containers: empty means absent when
// serialising a request; a response's empty list decodes to empty.
// Timestamps are epoch seconds (the rest-json wire form).
//
// One header per family: backup_documents.h (plan and selection documents,
// Tags, Timestamp), vault_types.h, plan_types.h (plans and selections),
// job_types.h, job_summary_types.h and settings_types.h (account and
// Region settings).

#ifndef BACKUPCTL_PROVIDERS_BACKUP_TYPES_H_
#define BACKUPCTL_PROVIDERS_BACKUP_TYPES_H_

#include "providers/backup_documents.h"
#include "providers/job_summary_types.h"
#include "providers/job_types.h"
#include "providers/plan_types.h"
#include "providers/settings_types.h"
#include "providers/vault_types.h"

#endif  // BACKUPCTL_PROVIDERS_BACKUP_TYPES_H_
