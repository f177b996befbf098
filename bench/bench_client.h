// The benchmark's AWS client: a fresh AwsBackupClient at the emulator, behind
// a header that does not include providers/aws/client.h, whose retry Clock
// (providers/aws/retry.h) clashes with the daemon's (daemon/clock.h) in a
// file that needs both (api_figures.cc drives a TreeReconciler).

#ifndef BACKUPCTL_BENCH_BENCH_CLIENT_H_
#define BACKUPCTL_BENCH_BENCH_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "providers/backup_api.h"
#include "providers/sigv4/sigv4.h"

namespace backupctl::bench {

struct ClientCounters {
  int64_t new_connections = 0;  // TCP connections the client opened
  int64_t attempts = 0;         // HTTP attempts, retries included
};

// A client in `region` at `url` signing with `credentials`, at most
// `in_flight` requests outstanding; null with *error set when it cannot be made.
std::unique_ptr<BackupApi> MakeBenchClient(const std::string& url, const std::string& region,
                                           const Credentials& credentials, int in_flight,
                                           std::string* error);

// `client` must come from MakeBenchClient.
ClientCounters CountersOf(const BackupApi& client);

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_BENCH_CLIENT_H_
