// Normalisation: both sides of the diff are put in one canonical form first,
// so a freshly applied tree always plans zero changes.
//
// - Access policies compare as IAM reads them (normalize_policy.cc): object
//   keys sorted, whitespace ignored, every array a sorted set, and any scalar
//   or object where a list may stand equal to the one-element list holding it
//   (a single Statement, Action, Resource or Principal value). Also equal:
//   action names in any case; a Principal "*" and {"AWS": "*"}; a 12-digit
//   account and arn:PARTITION:iam::ACCOUNT:root in the account's partition;
//   condition operators and keys in any case (IAM ignores it; values keep
//   theirs); a boolean or number condition value and its text (IAM compares
//   the text). A document nested deeper than kMaxPolicyDepth
//   (desired/policy_json.h) is never walked: it normalises to a marker, and
//   PolicyTooDeep says so first.
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

#include <string_view>

#include <nlohmann/json.hpp>

#include "desired/model.h"

namespace backupctl {

// `partition` is the account's ("aws", "aws-cn", ...): ArnPartition of a live ARN.
nlohmann::json NormalizePolicy(const nlohmann::json& policy, std::string_view partition = "aws");
VaultAccessPolicy NormalizeAccessPolicy(const VaultAccessPolicy& policy,
                                        std::string_view partition = "aws");
// A document, or JSON text, nested deeper than kMaxPolicyDepth. Never recurses.
bool PolicyTooDeep(const nlohmann::json& policy);
// "aws-cn" of "arn:aws-cn:backup:...": "aws" when `arn` is not an ARN.
std::string_view ArnPartition(std::string_view arn);

TagMap NormalizeTags(const TagMap& tags);
Vault NormalizeVault(Vault vault);
std::optional<VaultLock> NormalizeLock(std::optional<VaultLock> lock);
Rule NormalizeRule(Rule rule);
BackupPlanSpec NormalizeBackupPlan(BackupPlanSpec plan);
Selection NormalizeSelection(Selection selection);
VaultNotifications NormalizeNotifications(VaultNotifications notifications);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_NORMALIZE_H_
