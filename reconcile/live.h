// Reading live state: what the account holds in this stack's world.
//
// ReadLive lists vaults and plans (all pages) and reads the details of the
// resources the desired tree names; with `include_undeclared` (pruning) it
// also finds what this stack owns beyond the tree (see Ownership: the
// `backupctl:stack` tag, else our CreatorRequestId prefix), and what it made
// that another stack has adopted. Every call goes through one
// bounded worker pool with no barrier between vaults and plans
// (docs/reconcile.md lists the read set and its call counts).
//
// A list failure is fatal (nothing is known). Any other read failure except
// ResourceNotFound makes that part *unknown*: it is recorded in `unknowns`
// and its `*_known` flag stays false, and the planner acts on nothing that
// depends on it. Live values use the declared model types.

#ifndef BACKUPCTL_RECONCILE_LIVE_H_
#define BACKUPCTL_RECONCILE_LIVE_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "desired/model.h"
#include "providers/backup_api.h"
#include "reconcile/live_cache.h"

namespace backupctl {

// Ownership is exclusive: the `backupctl:stack` tag, when present, names the
// one stack a vault or plan belongs to, whatever its CreatorRequestId prefix
// says (another stack may have adopted what this one made). Without the tag,
// our prefix makes it ours. A declared resource whose tags could not be read
// is ours by its prefix; an undeclared one is never ours until its tags are
// read (only a prune acts on it, and a prune must not take another stack's).
struct Ownership {
  bool made_here = false;  // its CreatorRequestId carries our stack prefix
  std::string stack_tag;   // the backupctl:stack tag's value; empty: untagged or unknown
  // The other stack its tag names, or "" when it names none or this one.
  std::string OtherStack(const std::string& stack) const {
    return stack_tag == stack ? "" : stack_tag;
  }
};

struct LiveVault {
  Vault spec;  // name, encryption key, tags (when tags_known), lock (min/max)
  std::string arn;
  std::optional<std::string> creator_request_id;
  int64_t recovery_points = 0;
  bool locked = false;
  std::optional<double> lock_date;  // lock immutable from then on
  bool tags_known = false;
  bool notifications_known = false;
  bool policy_known = false;
  std::optional<VaultNotifications> notifications;  // absent when none (and known)
  std::optional<VaultAccessPolicy> policy;
  Ownership ownership;
  bool owned = false;      // see Ownership
  std::string vault_type;  // BACKUP_VAULT, LOGICALLY_AIR_GAPPED_BACKUP_VAULT, ...; "" = not said
};

// The VaultType of what a BackupVault document declares.
inline constexpr char kStandardVaultType[] = "BACKUP_VAULT";

struct LiveSelection {
  Selection spec;  // name and plan always; the rest when known
  std::string selection_id;
  std::optional<std::string> creator_request_id;
  bool known = false;
};

struct LiveBackupPlan {
  BackupPlanSpec spec;  // name always; rules/settings when document_known, tags when tags_known
  std::string id;
  std::string arn;
  std::string version_id;
  std::optional<std::string> creator_request_id;
  bool document_known = false;
  bool tags_known = false;
  bool selections_known = false;
  std::vector<LiveSelection> selections;
  Ownership ownership;
  bool owned = false;  // see Ownership
};

struct Unknown {
  Kind kind = Kind::kVault;
  std::string name;
  std::string operation;
  std::string error;
};

struct LiveState {
  std::map<std::string, LiveVault> vaults;
  std::map<std::string, std::vector<LiveBackupPlan>> plans;  // more than one: a conflict
  std::vector<Unknown> unknowns;                             // sorted by kind, name
  std::vector<std::string> read_only;                        // "BackupVault aws/..." (managed)
  // Without include_undeclared: resources the lists show as made by this
  // stack (CreatorRequestId prefix) that the tree no longer names; free to see.
  std::vector<std::string> undeclared_owned;  // "vault old", "plan weekly"
  // Vaults the declared rules target that the tree does not declare, seen in the list.
  std::set<std::string> external_vaults_present;
  // (account id, region) of every vault and plan ARN the lists returned,
  // service-managed ones included, each with the first ARN seen there: what
  // CheckLiveAccount (reconcile.h) compares with target.accountId.
  std::map<std::pair<std::string, std::string>, std::string> arn_places;
  int64_t calls = 0;  // API calls made by this read
  // Read when the tree declares them (region settings also when it has
  // selections, for the opt-in warning); nullopt when not read or unreadable
  // (a declared one is then in `unknowns`). Every key AWS answers.
  std::optional<RegionSettings> region_settings;
  std::optional<GlobalSettings> global_settings;
};

struct ReadOptions {
  std::string stack;
  int parallelism = 32;
  bool include_undeclared = false;  // find owned resources the tree no longer names
  // `export`: every listed vault and plan is read in full (tags, lock,
  // notifications, policy; document, selections) as if the tree declared it;
  // with `read_managed`, the aws/... and orgs/... ones too.
  bool read_everything = false;
  bool read_managed = false;
  LiveCache* cache = nullptr;
  int page_size = 1000;
};

struct ReadResult {
  LiveState live;
  std::string error;  // non-empty: the read failed and live is unusable
  bool ok() const { return error.empty(); }
};

ReadResult ReadLive(BackupApi& api, const DesiredState& desired, const ReadOptions& options);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_LIVE_H_
