#include "base/vault_events.h"

namespace backupctl {

bool IsDeliveredVaultEvent(std::string_view name) {
  for (const char* event : kDeliveredVaultEvents) {
    if (name == event) return true;
  }
  return false;
}

bool IsVaultEventEnumValue(std::string_view name) {
  if (IsDeliveredVaultEvent(name)) return true;
  for (const RetiredValue& event : kDeprecatedVaultEvents) {
    if (name == event.name) return true;
  }
  return false;
}

}  // namespace backupctl
