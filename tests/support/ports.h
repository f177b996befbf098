// A loopback port nothing listens on: bound to pick it, then closed, so a
// connection there is refused (until something else takes it).

#ifndef BACKUPCTL_TESTS_SUPPORT_PORTS_H_
#define BACKUPCTL_TESTS_SUPPORT_PORTS_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace backupctl::testing {

inline int UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_SUPPORT_PORTS_H_
