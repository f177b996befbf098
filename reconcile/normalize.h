// Normalisation: both sides of the diff are put in one canonical form first,
// so a freshly applied tree always plans zero changes.
//
// - Access policies compare semantically: object keys sorted, whitespace
//   ignored, every array a sorted set, and any scalar or object where a list
//   may stand equal to the one-element list holding it (a single Statement,
//   Action, Resource or Principal value).
// - Sets: notification events, tags, selection resources / not-resources,
//   tag conditions and condition lists (sorted, duplicates dropped).
// - AWS-filled defaults equal absence: timezone "Etc/UTC" / "UTC", start
//   window 480, completion window 10080, schedule "cron(0 5 ? * * *)",
//   continuous backup false, empty lifecycles, empty recovery-point tags.
// - Rules are sorted by name, copy actions by destination, advanced settings
//   by resource type: matched by identity, never by position.
// - The ownership tag and aws:* tags are not part of the declared tags; a
//   vault lock's changeableForDays is write-only and dropped.

#ifndef BACKUPCTL_RECONCILE_NORMALIZE_H_
#define BACKUPCTL_RECONCILE_NORMALIZE_H_

#include <nlohmann/json.hpp>

#include "desired/model.h"

namespace backupctl {

nlohmann::json NormalizePolicy(const nlohmann::json& policy);
TagMap NormalizeTags(const TagMap& tags);
Vault NormalizeVault(Vault vault);
std::optional<VaultLock> NormalizeLock(std::optional<VaultLock> lock);
Rule NormalizeRule(Rule rule);
Plan NormalizePlan(Plan plan);
Selection NormalizeSelection(Selection selection);
VaultNotifications NormalizeNotifications(VaultNotifications notifications);
VaultAccessPolicy NormalizeAccessPolicy(VaultAccessPolicy policy);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_NORMALIZE_H_
