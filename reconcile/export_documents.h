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
// `vault_by_arn`: the vaults of the export, for the comment beside a copy's ARN.
void WritePlanDocument(YamlWriter& w, const LiveBackupPlan& plan,
                       const std::map<std::string, std::string>& vault_by_arn, ExportNotes& notes);
void WriteSelectionDocument(YamlWriter& w, const LiveBackupPlan& plan,
                            const LiveSelection& selection);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_EXPORT_DOCUMENTS_H_
