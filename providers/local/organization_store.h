// The emulator's state file when it holds several accounts and regions: a
// list of per-(account, region) states, each in state_store.h's format.
//
//   one (account, region):  the single-account file, {"version": 2, "AccountId": ...}
//   several:                {"version": 3, "accounts": [<single-account object>, ...]}
//
// each single-account object exactly as SerializeState writes it. So a file
// written by an emulator serving one account is byte for byte the file
// LocalAccount writes, and a single-account file (version 1 or 2) reads as an
// organisation of one. A file of another version, or one naming the same
// (account, region) twice, is an error: never overwritten.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_STORE_H_
#define BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_STORE_H_

#include <string>
#include <vector>

#include "providers/api_error.h"
#include "providers/local/account_state.h"

namespace backupctl {

// Past state_store.h's single-account versions (1 and 2), which it must not reuse.
inline constexpr int kOrganizationStateFileVersion = 3;

// `states` in the order given; the single-account format when there is exactly one.
std::string SerializeOrganization(const std::vector<AccountState>& states);
// Errors are StateFileError (ServiceUnavailableException) naming the problem.
Outcome<std::vector<AccountState>> ParseOrganization(const std::string& text);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_ORGANIZATION_STORE_H_
