// The emulator's state file when it holds several accounts and regions: a
// list of per-(account, region) states, each in state_store.h's format.
//
//   one (account, region):  today's file, {"version": 1, "account_id": ...}
//   several:                {"version": 2, "accounts": [<version 1 object>, ...]}
//
// So a file written by an emulator serving one account is byte for byte the
// file LocalAccount writes, and a version 1 file (today's single-account
// format) reads as an organisation of one. A file of another version, or one
// naming the same (account, region) twice, is an error: never overwritten.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_STORE_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_STORE_H_

#include <string>
#include <vector>

#include "providers/api_error.h"
#include "providers/local/account_state.h"

namespace backupctl {

inline constexpr int kOrganizationStateFileVersion = 2;

// `states` in the order given; version 1 when there is exactly one.
std::string SerializeOrganization(const std::vector<AccountState>& states);
// Errors are StateFileError (ServiceUnavailableException) naming the problem.
Outcome<std::vector<AccountState>> ParseOrganization(const std::string& text);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_STORE_H_
