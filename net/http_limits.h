// The limits GuardedServer (guarded_server.h) enforces on its clients, apart
// from httplib so that option structs can hold them. docs/reliability.md
// ("Limits") lists the values each server uses, and why.

#ifndef BACKUPCTL_NET_HTTP_LIMITS_H_
#define BACKUPCTL_NET_HTTP_LIMITS_H_

#include <chrono>
#include <cstddef>

namespace backupctl {

struct HttpLimits {
  size_t max_connections = 128;  // served at once; one worker thread each
  size_t max_connections_per_peer = 112;
  std::chrono::milliseconds header_timeout{10000};      // request line and headers
  std::chrono::milliseconds body_timeout{30000};        // the whole body, after the headers
  std::chrono::milliseconds keep_alive_timeout{30000};  // idle wait for the next request
  std::chrono::milliseconds write_timeout{5000};        // each wait to send
  size_t max_header_bytes = 64 * 1024;
  size_t max_body_bytes = 2 * 1024 * 1024;
};

}  // namespace backupctl

#endif  // BACKUPCTL_NET_HTTP_LIMITS_H_
