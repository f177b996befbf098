// Reading a pipe to its end within a deadline (poll + read, EINTR retried),
// for the output of a child process: credential_process, the bench's probes.

#ifndef BACKUPCTL_BASE_FD_READ_H_
#define BACKUPCTL_BASE_FD_READ_H_

#include <chrono>
#include <cstddef>
#include <string>

namespace backupctl {

// Appends what `fd` yields to *out until EOF (or a read error), or until *out
// holds more than `max_bytes` (the caller tells "too much" by the size).
// Returns false when the deadline passes first or poll fails.
bool ReadUntilEof(int fd, std::chrono::steady_clock::time_point deadline, size_t max_bytes,
                  std::string* out);

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_FD_READ_H_
