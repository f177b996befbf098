#include "desired/values.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"
#include "base/vault_events.h"
#include "desired/fields.h"

namespace backupctl {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

bool AllOf(std::string_view s, bool (*ok)(char)) { return std::all_of(s.begin(), s.end(), ok); }

bool IsNameChar(char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; }
bool IsVaultChar(char c) { return IsAlnum(c) || c == '-' || c == '_'; }

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

size_t CodePoints(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

// "aws", "aws-cn", "aws-us-gov", "aws-iso-b", ...
bool IsPartition(std::string_view p) {
  if (p.substr(0, 3) != "aws") return false;
  p.remove_prefix(3);
  while (!p.empty()) {
    if (p[0] != '-' || p.size() < 2) return false;
    p.remove_prefix(1);
    size_t n = 0;
    while (n < p.size() && IsLower(p[n])) ++n;
    if (n == 0) return false;
    p.remove_prefix(n);
  }
  return true;
}

// "us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-4".
bool IsRegion(std::string_view r) {
  size_t dash = r.rfind('-');
  if (dash == std::string_view::npos || dash + 1 == r.size()) return false;
  if (!AllOf(r.substr(dash + 1), IsDigit)) return false;
  std::string_view head = r.substr(0, dash);
  if (head.size() < 4 || !IsLower(head[0]) || !IsLower(head[1]) || head[2] != '-') return false;
  bool prev_dash = true;
  for (char c : head.substr(3)) {
    if (c == '-') {
      if (prev_dash) return false;
      prev_dash = true;
    } else if (IsLower(c)) {
      prev_dash = false;
    } else {
      return false;
    }
  }
  return !prev_dash;
}

bool IsAccount(std::string_view a) { return a.size() == 12 && AllOf(a, IsDigit); }

struct ArnParts {
  std::string_view partition, service, region, account, resource;
};

bool SplitArn(std::string_view arn, ArnParts* out) {
  std::string_view parts[5];
  if (arn.substr(0, 4) != "arn:") return false;
  arn.remove_prefix(4);
  for (int i = 0; i < 4; ++i) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return false;
    parts[i] = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  parts[4] = arn;
  *out = {parts[0], parts[1], parts[2], parts[3], parts[4]};
  return true;
}

bool HasPrefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsKmsResource(std::string_view r) {
  if (!HasPrefix(r, "key/")) return false;
  r.remove_prefix(4);
  return !r.empty() &&
         std::all_of(r.begin(), r.end(), [](char c) { return IsAlnum(c) || c == '-'; });
}

// "alias/NAME" or arn:...:kms:...:alias/NAME.
bool IsKmsAlias(std::string_view key) {
  ArnParts p;
  if (SplitArn(key, &p)) return p.service == "kms" && HasPrefix(p.resource, "alias/");
  return HasPrefix(key, "alias/");
}

bool IsTopicName(std::string_view r) {
  if (r.size() > 5 && r.substr(r.size() - 5) == ".fifo") r.remove_suffix(5);
  return !r.empty() && r.size() <= 256 &&
         std::all_of(r.begin(), r.end(), [](char c) { return IsAlnum(c) || c == '-' || c == '_'; });
}

bool IsRoleResource(std::string_view r) {
  if (!HasPrefix(r, "role/")) return false;
  r.remove_prefix(5);
  size_t slash = r.rfind('/');
  std::string_view name = slash == std::string_view::npos ? r : r.substr(slash + 1);
  auto ok = [](char c) {
    return IsAlnum(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '_' ||
           c == '-' || c == '/';
  };
  return !name.empty() && name.size() <= 64 && std::all_of(r.begin(), r.end(), ok);
}

bool IsVaultResource(std::string_view r) {
  if (!HasPrefix(r, "backup-vault:")) return false;
  return CheckVaultName(r.substr(13)).empty();
}

const char* ArnShape(ArnKind kind) {
  switch (kind) {
    case ArnKind::kKmsKey:
      return "KMS key ARN; expected arn:aws:kms:REGION:ACCOUNT:key/KEY-ID";
    case ArnKind::kSnsTopic:
      return "SNS topic ARN; expected arn:aws:sns:REGION:ACCOUNT:TOPIC";
    case ArnKind::kIamRole:
      return "IAM role ARN; expected arn:aws:iam::ACCOUNT:role/NAME";
    case ArnKind::kBackupVault:
      return "backup vault ARN; expected arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME";
    case ArnKind::kResource:
      return "resource ARN; expected \"*\" or arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE";
  }
  return "ARN";
}

bool ArnMatches(ArnKind kind, std::string_view arn) {
  if (kind == ArnKind::kResource && arn == "*") return true;
  ArnParts p;
  if (!SplitArn(arn, &p)) return false;
  if (kind == ArnKind::kResource) {
    return (IsPartition(p.partition) || p.partition == "*") && !p.service.empty() &&
           !p.resource.empty();
  }
  if (!IsPartition(p.partition) || !IsAccount(p.account)) return false;
  switch (kind) {
    case ArnKind::kKmsKey:
      return p.service == "kms" && IsRegion(p.region) && IsKmsResource(p.resource);
    case ArnKind::kSnsTopic:
      return p.service == "sns" && IsRegion(p.region) && IsTopicName(p.resource);
    case ArnKind::kIamRole:
      return p.service == "iam" && p.region.empty() && IsRoleResource(p.resource);
    case ArnKind::kBackupVault:
      return p.service == "backup" && IsRegion(p.region) && IsVaultResource(p.resource);
    case ArnKind::kResource:
      break;
  }
  return false;
}

// Levenshtein distance; a substitution that only changes case costs nothing.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      size_t cost = AsciiLower(a[i - 1]) == AsciiLower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string CheckVaultName(std::string_view name) {
  if (name.size() >= 2 && name.size() <= 50 && AllOf(name, IsVaultChar)) return "";
  return "invalid vault name " + Quote(name) + ": use 2 to 50 letters, digits, '-' or '_'";
}

std::string CheckResourceName(std::string_view what, std::string_view name) {
  if (!name.empty() && name.size() <= 50 && AllOf(name, IsNameChar)) return "";
  return "invalid " + std::string(what) + " name " + Quote(name) +
         ": use 1 to 50 letters, digits, '-', '_' or '.'";
}

std::string CheckStackName(std::string_view stack) {
  bool ok = !stack.empty() && stack.size() <= 32 && (IsLower(stack[0]) || IsDigit(stack[0])) &&
            AllOf(stack, [](char c) { return IsLower(c) || IsDigit(c) || c == '-'; });
  if (ok) return "";
  return "invalid stack name " + Quote(stack) +
         ": use 1 to 32 lowercase letters, digits or '-', starting with a letter or digit";
}

std::string CheckTagKey(std::string_view key) {
  if (key.empty() || CodePoints(key) > 128) {
    return "invalid tag key " + Quote(key) + ": tag keys are 1 to 128 characters";
  }
  std::string prefix(key.substr(0, 4));
  std::transform(prefix.begin(), prefix.end(), prefix.begin(), AsciiLower);
  if (prefix == "aws:") {
    return "invalid tag key " + Quote(key) + ": the \"aws:\" prefix is reserved for AWS";
  }
  return "";
}

std::string CheckTagValue(std::string_view key, std::string_view value) {
  if (CodePoints(value) <= 256) return "";
  return "value of tag " + Quote(key) + " is longer than 256 characters";
}

std::string CheckRegion(std::string_view region) {
  if (IsRegion(region)) return "";
  return "invalid region " + Quote(region) + ": expected a region code like us-east-1";
}

std::string CheckAccountId(std::string_view account_id) {
  bool ok = account_id.size() == 12 && std::all_of(account_id.begin(), account_id.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (ok) return "";
  return "accountId " + Quote(account_id) + " is not a 12-digit AWS account id";
}

std::string CheckEndpoint(std::string_view url) {
  std::string_view rest = url;
  if (HasPrefix(rest, "https://")) {
    rest.remove_prefix(8);
  } else if (HasPrefix(rest, "http://")) {
    rest.remove_prefix(7);
  } else {
    rest = {};
  }
  bool ok = !rest.empty() && rest[0] != '/' &&
            std::none_of(rest.begin(), rest.end(), [](char c) { return c <= ' '; });
  if (ok) return "";
  return "invalid endpoint " + Quote(url) + ": expected an http:// or https:// URL";
}

std::string CheckArn(ArnKind kind, std::string_view arn) {
  if (ArnMatches(kind, arn)) return "";
  if (kind == ArnKind::kKmsKey && IsKmsAlias(arn)) {
    // AWS resolves the alias and records the key's ARN: the declared alias
    // would never match, and every plan would replace the vault.
    return "KMS alias " + Quote(arn) +
           " cannot be a vault key: AWS records the key ARN it points to, so every plan would "
           "replace the vault; give the key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID, which "
           "`aws kms describe-key --key-id " +
           std::string(arn) + "` prints)";
  }
  return "invalid " + std::string(ArnShape(kind)) + ", got " + Quote(arn);
}

bool IsVaultEvent(std::string_view event) { return IsDeliveredVaultEvent(event); }

std::string ClosestMatch(std::string_view word, const std::vector<std::string_view>& candidates) {
  size_t best = std::max<size_t>(2, word.size() / 3) + 1;
  std::string_view found;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best) {
      best = d;
      found = c;
    }
  }
  return std::string(found);
}

}  // namespace backupctl
