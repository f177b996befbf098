// The jobs part of the emulated account's state file (internal to
// providers/local; state_store.cc calls these): the resource inventory, the
// backup and copy jobs, the roles without permissions, the job timing and the
// scheduler's clock, under the key "Jobs". A file without the key (written
// before jobs existed) reads as an account without jobs.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_STATE_JOBS_H_
#define BACKUPCTL_PROVIDERS_LOCAL_STATE_JOBS_H_

#include <nlohmann/json.hpp>

#include "providers/local/account_state.h"

namespace backupctl {

nlohmann::json EncodeJobsState(const AccountState& state);
// Throws std::exception on a malformed value (the caller reports the file corrupt).
void DecodeJobsState(const nlohmann::json& jobs, AccountState* state);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_STATE_JOBS_H_
