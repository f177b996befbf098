// Reading a file a user names, which may be anything: a FIFO that never
// ends, a device such as /dev/zero, a sparse terabyte.
//
// ReadRegularFile opens `path` without blocking and refuses, naming what it
// is, anything but a regular file (symlinks are followed); it refuses a file
// larger than `max_bytes` without reading it, and never reads more than
// `max_bytes` + 1 bytes of one that grows meanwhile. So it returns at once
// whatever `path` is.

#ifndef BACKUPCTL_PROVIDERS_REGULAR_FILE_H_
#define BACKUPCTL_PROVIDERS_REGULAR_FILE_H_

#include <cstddef>
#include <string>

namespace backupctl {

struct FileRead {
  enum class Status { kOk, kMissing, kError };
  Status status = Status::kError;
  std::string text;   // kOk: the whole file
  std::string error;  // kError: e.g. "/p: a FIFO, not a regular file"
  bool ok() const { return status == Status::kOk; }
};

FileRead ReadRegularFile(const std::string& path, size_t max_bytes);

// "1 KiB", "256 MiB": a limit as messages state it.
std::string ByteSize(size_t bytes);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_REGULAR_FILE_H_
