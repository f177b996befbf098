#include "base/fd_read.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace backupctl {

bool ReadUntilEof(int fd, std::chrono::steady_clock::time_point deadline, size_t max_bytes,
                  std::string* out) {
  char buf[4096];
  while (out->size() <= max_bytes) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out->append(buf, static_cast<size_t>(n));
  }
  return true;
}

}  // namespace backupctl
