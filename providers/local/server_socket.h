// Ending an HTTP connection without an answer, from inside a request handler.
//
// cpp-httplib gives handlers no access to their socket, yet the emulator's
// reset and drop-after-commit faults must end the connection before any byte
// of a response is sent. The connection is found among the process's open
// descriptors by its address pair (unique while its handler runs), and its
// descriptor is replaced, with dup3, by /dev/null: httplib's later send fails
// on that placeholder and its close releases it, while the real connection
// is closed here, with a TCP reset (`reset`) or an orderly FIN.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_SERVER_SOCKET_H_
#define BACKUPCTL_PROVIDERS_LOCAL_SERVER_SOCKET_H_

#include <string>

namespace backupctl {

struct ConnectionAddress {
  std::string local_ip;
  int local_port = -1;
  std::string remote_ip;
  int remote_port = -1;
};

// Returns false when no open socket of this process has that address pair.
bool AbortConnection(const ConnectionAddress& address, bool reset);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_SERVER_SOCKET_H_
