// The emulated account's state file: AccountState as versioned JSON, written
// atomically, plus the advisory file lock that keeps two processes from
// interleaving read-modify-write cycles on one file.
//
// Format (version 2): {"version": 2, "AccountId": ..., "Region": ...,
// "Vaults": {name: vault}, "Plans": {id: plan}, "Selections": {plan id: {id:
// selection}}, "Settings": {region and global settings}, "Jobs": {...}},
// members named as on the wire: the plan and selection documents are the
// wire shapes, written by the wire codecs (json_shapes.h). "Settings" came
// later without a version change: a file without it reads as the default
// settings, and an older build ignores it (readers skip unknown members).
// Version 1 (snake_case names, arrays of records) is still read, and the next
// write is version 2. A file that does not parse, or carries another version,
// is an error: the caller must never overwrite it.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_STATE_STORE_H_
#define BACKUPCTL_PROVIDERS_LOCAL_STATE_STORE_H_

#include <cstddef>
#include <optional>
#include <string>

#include "providers/api_error.h"
#include "providers/local/account_state.h"

namespace backupctl {

inline constexpr int kStateFileVersion = 2;
inline constexpr char kStateVersionMember[] = "version";
inline constexpr char kTokenSecretMember[] = "TokenSecret";  // the NextToken signing key
// A vault takes about 0.8 KB of state, a plan 1.3 KB, a selection 0.7 KB: an
// account at AWS's default quotas (300 vaults, 300 plans of 100 selections)
// is about 20 MiB, the bench's 100,000 resources about 80 MiB. A file past
// 256 MiB is not a state file (--state /dev/zero), and parsing it would take
// gigabytes.
inline constexpr size_t kMaxStateFileBytes = 256u << 20;

std::string SerializeState(const AccountState& state);
// Errors are StateFileError (ServiceUnavailableException) naming the problem.
Outcome<AccountState> ParseState(const std::string& text);

// Reads the whole file; nullopt (and no error) when it does not exist. Refuses
// at once anything but a regular file (a FIFO, a device) and a file over
// kMaxStateFileBytes.
Outcome<std::optional<std::string>> ReadStateFile(const std::string& path);
// Writes `<path>.tmp.<pid>`, fsyncs it, renames it over `path`, fsyncs the
// directory. A crash leaves either the old or the new file, never a mix.
std::optional<ApiError> WriteStateFileAtomically(const std::string& path, const std::string& data);

// flock(2) on `<path>.lock`. Blocking waits at most `timeout_seconds`.
class StateFileLock {
 public:
  StateFileLock() = default;
  ~StateFileLock();
  StateFileLock(const StateFileLock&) = delete;
  StateFileLock& operator=(const StateFileLock&) = delete;
  std::optional<ApiError> Acquire(const std::string& state_path, double timeout_seconds);
  // Hands the descriptor to the caller, who keeps the lock until close().
  int Release();

 private:
  int fd_ = -1;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_STATE_STORE_H_
