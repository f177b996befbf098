#include "providers/local/organization_store.h"

#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "providers/local/local_errors.h"
#include "providers/local/state_store.h"

namespace backupctl {

std::string SerializeOrganization(const std::vector<AccountState>& states) {
  if (states.size() == 1) return SerializeState(states.front());
  // Concatenated, not re-parsed: each account is already its own JSON document.
  std::string out = "{\"" + std::string(kStateVersionMember) +
                    "\":" + std::to_string(kOrganizationStateFileVersion) + ",\"accounts\":[";
  for (size_t i = 0; i < states.size(); ++i) {
    if (i > 0) out += ',';
    out += SerializeState(states[i]);
  }
  return out + "]}";
}

Outcome<std::vector<AccountState>> ParseOrganization(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return StateFileError("the state file is not valid JSON");
  }
  auto version = doc.find(kStateVersionMember);
  const bool single_account = version != doc.end() && version->is_number_integer() &&
                              *version >= 1 && *version <= kStateFileVersion;
  static_assert(kOrganizationStateFileVersion > kStateFileVersion,
                "the multi-account format needs a version of its own");
  if (single_account) {
    Outcome<AccountState> one = ParseState(text);
    if (!one.ok()) return one.error();
    return std::vector<AccountState>{std::move(one.value())};
  }
  if (version == doc.end() || !version->is_number_integer() ||
      *version != kOrganizationStateFileVersion) {
    return StateFileError("the state file has an unknown version (this build reads versions 1 to " +
                          std::to_string(kOrganizationStateFileVersion) + ")");
  }
  auto accounts = doc.find("accounts");
  if (accounts == doc.end() || !accounts->is_array()) {
    return StateFileError("the state file is corrupt: \"accounts\" must be a list");
  }
  std::vector<AccountState> states;
  std::set<std::pair<std::string, std::string>> seen;
  for (const nlohmann::json& account : *accounts) {
    Outcome<AccountState> state = ParseState(account.dump());
    if (!state.ok()) return state.error();
    if (!seen.emplace(state.value().account_id, state.value().region).second) {
      return StateFileError("the state file is corrupt: account " + state.value().account_id +
                            " in " + state.value().region + " appears twice");
    }
    states.push_back(std::move(state.value()));
  }
  return states;
}

}  // namespace backupctl
