// The documents of an export (reconcile/export.h), one function per kind.
//
// Each appends one document to a YamlWriter, with the names of
// export_fields.h, and adds to `notes` every live value the document cannot
// declare ("BackupVaultNotifications prod: event BACKUP_JOB_FAILED ...").
// Values are written as live holds them: AWS's defaults (a 480-minute start
// window, Etc/UTC) stay, as the planner reads them as absence anyway.

#ifndef BACKUPCTL_RECONCILE_EXPORT_DOCUMENTS_H_
#define BACKUPCTL_RECONCILE_EXPORT_DOCUMENTS_H_

#include <map>
#include <string>
#include <vector>

#include "desired/model.h"
#include "reconcile/live.h"
#include "reconcile/yaml_writer.h"

namespace backupctl {

using ExportNotes = std::vector<std::string>;

void WriteProjectDocument(YamlWriter& w, const Project& project,
                          const std::map<std::string, std::string>& external_comments);
void WriteVaultDocument(YamlWriter& w, const LiveVault& vault, ExportNotes& notes);
// Returns false (writing nothing, with a note) when no event is declarable.
bool WriteNotificationsDocument(YamlWriter& w, const LiveVault& vault, ExportNotes& notes);
void WritePolicyDocument(YamlWriter& w, const LiveVault& vault, ExportNotes& notes);
// `by_name`: ARN -> name of the vaults of the export that a copy action
// names as destinationVault {name} (the ARN the tree's target.accountId and
// target.region make); a copy to any other ARN is written as that ARN.
void WritePlanDocument(YamlWriter& w, const LiveBackupPlan& plan,
                       const std::map<std::string, std::string>& by_name, ExportNotes& notes);
void WriteSelectionDocument(YamlWriter& w, const LiveBackupPlan& plan,
                            const LiveSelection& selection);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_EXPORT_DOCUMENTS_H_
