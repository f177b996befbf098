// Decoding one YAML document into the model, with every per-document check.
//
// The decoders run the structural checks of yaml_check.h, then the value and
// cross-field rules of their kind, and append what they decoded to the
// DesiredState even when it has errors (so one mistake does not cascade into
// "unknown vault" errors elsewhere). Facts that need the whole tree (names,
// references, retention against a vault's lock) go into a TreeIndex, checked
// by the loader once every file is read.

#ifndef BACKUPCTL_DESIRED_DECODE_H_
#define BACKUPCTL_DESIRED_DECODE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "desired/model.h"
#include "desired/yaml_check.h"

namespace backupctl {

struct NamedAt {
  std::string name;
  TreeMark at;
};

// A rule's or a copy action's retention, checked against its vault's lock.
struct RetentionUse {
  std::string vault;                         // a rule's targetBackupVaultName; a copy's vault name
  std::string copy_arn;                      // a copy action's destinationBackupVaultArn, else ""
  std::optional<int64_t> delete_after_days;  // absent: kept forever
  TreeMark at;                               // deleteAfterDays, else lifecycle, else the vault
};

struct TreeIndex {
  std::vector<std::string> files;  // what TreeMark::file counts
  // Where each declared name was written, parallel to the DesiredState vectors.
  std::vector<TreeMark> vault_names, plan_names, selection_names;
  std::vector<TreeMark> notification_vaults, policy_vaults;
  std::vector<TreeMark> region_settings, global_settings;  // each document's kind
  std::vector<NamedAt> vault_refs;  // targetBackupVaultName, notifications and policy vaults
  std::vector<NamedAt> plan_refs;   // selections' plan
  std::vector<RetentionUse> retention;
  SourceMap sources;  // where each decoded document and rule was written

  SourceLocation Where(const TreeMark& at) const;
};

// A document of any kind. Documents whose apiVersion is not backupctl's (a
// kustomization.yaml, a Kubernetes manifest) are skipped with a warning.
void DecodeDocument(const YamlNode& doc, FileContext& ctx, DesiredState* state, TreeIndex* index);
void DecodeProject(const YamlNode& root, FileContext& ctx, Project* project);

// arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME
std::string VaultArnOn(const TargetSpec& target, std::string_view vault);
std::string PartitionOf(std::string_view region);  // aws, aws-cn, aws-us-gov

// A tree without targets whose backupctl.yaml declares target.accountId and
// target.region, as a target with an empty name: destinationVault {name} and
// the checks of copies into its account use it as they use a named target's.
std::optional<TargetSpec> SingleTargetSpec(const Project& project);

// Shared by the kind decoders.
void DecodePlan(const YamlNode& spec, const YamlNode& name, FileContext& ctx, DesiredState* state,
                TreeIndex* index);
void DecodeSelection(const YamlNode& spec, const YamlNode& name, FileContext& ctx,
                     DesiredState* state, TreeIndex* index);
TagMap DecodeTags(const YamlNode& map, std::string_view key, FileContext& ctx);
void ReportIfError(FileContext& ctx, const YamlNode& at, std::string message);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_DECODE_H_
