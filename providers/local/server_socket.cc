#include "providers/local/server_socket.h"

#include <dirent.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace backupctl {

namespace {

bool SameEndpoint(const sockaddr_storage& addr, socklen_t len, const std::string& ip, int port) {
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof(host), serv,
                  sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return false;
  }
  return ip == host && port == std::atoi(serv);
}

bool IsConnection(int fd, const ConnectionAddress& a) {
  sockaddr_storage local{};
  socklen_t local_len = sizeof(local);
  sockaddr_storage remote{};
  socklen_t remote_len = sizeof(remote);
  return getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0 &&
         getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_len) == 0 &&
         SameEndpoint(local, local_len, a.local_ip, a.local_port) &&
         SameEndpoint(remote, remote_len, a.remote_ip, a.remote_port);
}

int FindConnection(const ConnectionAddress& address) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int found = -1;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    if (IsConnection(static_cast<int>(fd), address)) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(dir);
  return found;
}

}  // namespace

bool AbortConnection(const ConnectionAddress& address, bool reset) {
  int fd = FindConnection(address);
  if (fd < 0) return false;
  int connection = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  // /dev/null: httplib's send() and recv() on it fail at once (ENOTSOCK),
  // without SIGPIPE and without waiting for keep-alive.
  int placeholder = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (connection < 0 || placeholder < 0 || dup3(placeholder, fd, O_CLOEXEC) < 0) {
    // Could not swap the descriptor: end the connection in place instead
    // (httplib's write then fails with EPIPE; the server ignores SIGPIPE).
    if (connection >= 0) close(connection);
    if (placeholder >= 0) close(placeholder);
    shutdown(fd, SHUT_RDWR);
    return true;
  }
  close(placeholder);
  if (reset) {
    linger abort_on_close{1, 0};  // close() then sends RST instead of FIN
    setsockopt(connection, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close));
  }
  close(connection);
  return true;
}

}  // namespace backupctl
