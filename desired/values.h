// Value rules for single fields, as AWS constrains them.
//
// Each Check* returns an empty string when the value is valid and otherwise
// the complete diagnostic message. All matchers are hand-written (no
// std::regex) because the loader runs them on every value of very large trees.

#ifndef BACKUPCTL_DESIRED_VALUES_H_
#define BACKUPCTL_DESIRED_VALUES_H_

#include <string>
#include <string_view>
#include <vector>

namespace backupctl {

std::string CheckVaultName(std::string_view name);
// Plans, rules and selections: 1 to 50 of letters, digits, '-', '_', '.'.
// `what` names the field in the message ("plan", "rule", "selection").
std::string CheckResourceName(std::string_view what, std::string_view name);
std::string CheckStackName(std::string_view stack);
std::string CheckTagKey(std::string_view key);
std::string CheckTagValue(std::string_view key, std::string_view value);
std::string CheckRegion(std::string_view region);
std::string CheckAccountId(std::string_view account_id);  // 12 digits
std::string CheckEndpoint(std::string_view url);

enum class ArnKind { kKmsKey, kSnsTopic, kIamRole, kBackupVault, kResource };
std::string CheckArn(ArnKind kind, std::string_view arn);

bool IsVaultEvent(std::string_view event);

// The closest candidate within a small edit distance (case differences count
// little), or an empty string: feeds "did you mean" hints.
std::string ClosestMatch(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_VALUES_H_
