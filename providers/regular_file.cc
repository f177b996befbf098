#include "providers/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace backupctl {
namespace {

const char* TypeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

FileRead Failure(const std::string& path, const std::string& why) {
  FileRead r;
  r.error = path + ": " + why;
  return r;
}

// Reads at most max_bytes + 1 bytes: one more than allowed tells it grew.
bool ReadAtMost(int fd, size_t max_bytes, std::string* text) {
  char buffer[1 << 16];
  for (;;) {
    size_t room = max_bytes + 1 - text->size();
    if (room == 0) return true;
    ssize_t n = ::read(fd, buffer, std::min(sizeof(buffer), room));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    text->append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

std::string ByteSize(size_t bytes) {
  if (bytes >= (1u << 30) && bytes % (1u << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

FileRead ReadRegularFile(const std::string& path, size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO with no writer must not wait for one.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return FileRead{FileRead::Status::kMissing, "", ""};
    return Failure(path, std::string("cannot open: ") + std::strerror(errno));
  }
  struct stat st;
  FileRead r;
  if (::fstat(fd, &st) != 0) {
    r = Failure(path, std::string("cannot stat: ") + std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    r = Failure(path, std::string(TypeName(st.st_mode)) + ", not a regular file");
  } else if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    r = Failure(
        path, "larger than " + ByteSize(max_bytes) + " (" + std::to_string(st.st_size) + " bytes)");
  } else if (!ReadAtMost(fd, max_bytes, &r.text)) {
    r = Failure(path, std::string("cannot read: ") + std::strerror(errno));
  } else if (r.text.size() > max_bytes) {
    r = Failure(path, "larger than " + ByteSize(max_bytes) + " (it grew while read)");
  } else {
    r.status = FileRead::Status::kOk;
  }
  ::close(fd);
  return r;
}

}  // namespace backupctl
