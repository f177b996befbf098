#include "reconcile/identity.h"

#include "base/sha256.h"

namespace backupctl {
namespace {

char KindLetter(Kind kind) {
  switch (kind) {
    case Kind::kVault:
      return 'v';
    case Kind::kBackupPlan:
      return 'p';
    case Kind::kSelection:
      return 's';
    case Kind::kVaultLock:
      return 'l';
    case Kind::kVaultAccessPolicy:
      return 'a';
    case Kind::kVaultNotifications:
      return 'n';
    case Kind::kRegionSettings:
      return 'r';
    case Kind::kGlobalSettings:
      return 'g';
  }
  return 'x';
}

}  // namespace

std::string StackPrefix(const std::string& stack) {
  return "bc-" + Sha256Hex(stack).substr(0, 8) + "-";
}

std::string MakeCreatorRequestId(const std::string& stack, Kind kind, const std::string& name,
                                 const std::string& canonical_spec) {
  std::string material = stack;
  material += '|';
  material += KindName(kind);
  material += '|';
  material += name;
  material += '|';
  material += canonical_spec;
  return StackPrefix(stack) + KindLetter(kind) + "-" + Sha256Hex(material).substr(0, 32);
}

bool HasStackPrefix(const std::optional<std::string>& creator_request_id,
                    const std::string& stack) {
  return creator_request_id && creator_request_id->rfind(StackPrefix(stack), 0) == 0;
}

std::string CreatorRequestIdGeneration(const std::string& id, int generation) {
  constexpr size_t kHashChars = 32;
  if (generation == 0) return id;
  const std::string hash = Sha256Hex(id + "#" + std::to_string(generation));
  if (id.size() <= kHashChars) return id + "-" + hash.substr(0, 8);
  return id.substr(0, id.size() - kHashChars) + hash.substr(0, kHashChars);
}

bool IsGenerationOf(const std::optional<std::string>& candidate, const std::string& id) {
  if (!candidate) return false;
  for (int g = 0; g < kCreatorRequestIdGenerations; ++g) {
    if (*candidate == CreatorRequestIdGeneration(id, g)) return true;
  }
  return false;
}

bool IsManagedName(const std::string& name) {
  return name.rfind("aws/", 0) == 0 || name.rfind("orgs/", 0) == 0;
}

}  // namespace backupctl
