#include "desired/tree_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace backupctl {
namespace fs = std::filesystem;
namespace {

constexpr uintmax_t kMaxFileBytes = 16u << 20;

bool IsYaml(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

const char* TypeName(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "a special file";
  }
}

// Where the symlink `path` leads, or why it leads nowhere ("" and *target set).
std::string FollowSymlink(const fs::path& path, const fs::path& root, fs::file_status* target) {
  std::error_code ec;
  *target = fs::status(path, ec);
  if (ec.value() == ELOOP) return "a symlink loop";
  if (ec || !fs::exists(*target)) {
    return "a symlink to a missing file (" + fs::read_symlink(path, ec).string() + ")";
  }
  fs::path resolved = fs::canonical(path, ec);
  if (ec) return "a symlink that cannot be resolved: " + ec.message();
  fs::path rel = resolved.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") {
    // Whoever writes the tree (a pull request) must not make backupctl read,
    // and echo in its errors, files it was never meant to see.
    return "a symlink out of the tree (to " + resolved.string() + ")";
  }
  return "";
}

// Where the first byte that is not UTF-8 sits, as 1-based line and column.
bool FindBadByte(const std::string& text, int* line, int* column) {
  *line = 1;
  *column = 1;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n != 0 && i + n <= text.size() && c != 0;
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 2;
    if (!ok) return true;
    if (c == '\n') {
      ++*line;
      *column = 0;
    }
    ++*column;
    i += n;
  }
  return false;
}

// Plain ASCII without NUL, the common case, checked eight bytes at a time.
bool IsAsciiText(std::string_view text) {
  constexpr uint64_t kHigh = 0x8080808080808080u, kOnes = 0x0101010101010101u;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    if ((w & kHigh) != 0 || ((w - kOnes) & ~w & kHigh) != 0) return false;  // high bit or NUL
  }
  for (; i < text.size(); ++i) {
    if (text[i] == 0 || static_cast<unsigned char>(text[i]) >= 0x80) return false;
  }
  return true;
}

fs::file_type TypeOfMode(mode_t mode) {
  if (S_ISDIR(mode)) return fs::file_type::directory;
  if (S_ISFIFO(mode)) return fs::file_type::fifo;
  if (S_ISCHR(mode)) return fs::file_type::character;
  if (S_ISBLK(mode)) return fs::file_type::block;
  if (S_ISSOCK(mode)) return fs::file_type::socket;
  return fs::file_type::unknown;
}

// Reads a regular file of at most kMaxFileBytes. Opened without blocking and
// checked after opening, so an entry swapped for a FIFO since the listing
// cannot hang the load.
bool ReadBytes(const fs::path& path, FileContext& ctx, std::string* text) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    ctx.Error(SourceLocation{ctx.file}, "cannot read: " + std::string(std::strerror(errno)));
    return false;
  }
  struct stat st;
  std::string error;
  if (::fstat(fd, &st) != 0) {
    error = "cannot read: " + std::string(std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    error = Refusal(TypeName(TypeOfMode(st.st_mode)));
  } else if (static_cast<uintmax_t>(st.st_size) > kMaxFileBytes) {
    error = "file is larger than 16 MiB; split it";
  } else {
    text->resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < text->size()) {
      ssize_t n = ::read(fd, text->data() + done, text->size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    if (done != text->size()) error = "cannot read the file";
  }
  ::close(fd);
  if (error.empty()) return true;
  ctx.Error(SourceLocation{ctx.file}, std::move(error));
  return false;
}

}  // namespace

std::string Refusal(const std::string& what) {
  return "cannot load: " + what +
         "; a *.yaml or *.yml entry must be a regular file, or a symlink to one inside the tree";
}

std::string WhyUnloadable(const fs::path& path, fs::file_status own, const fs::path& root) {
  if (!fs::is_symlink(own)) return fs::is_regular_file(own) ? "" : TypeName(own.type());
  fs::file_status target;
  std::string why = FollowSymlink(path, root, &target);
  if (!why.empty() || fs::is_regular_file(target)) return why;
  return std::string("a symlink to ") + TypeName(target.type());
}

bool ListYamlFiles(const fs::path& root, const fs::path& canonical_root,
                   std::vector<std::string>* files, std::vector<Diagnostic>* out) {
  bool all_loadable = true;
  std::error_code ec, entry_ec;
  fs::recursive_directory_iterator it(root, ec), end;
  while (!ec && it != end) {
    const fs::path& p = it->path();
    std::string rel = p.lexically_relative(root).generic_string();
    bool hidden = p.filename().string().rfind('.', 0) == 0;
    if (hidden) {
      if (it->is_directory(entry_ec)) it.disable_recursion_pending();
    } else if (rel == kProjectFile) {
      // LoadProject reads it.
    } else if (fs::file_status own = it->symlink_status(entry_ec);
               IsYaml(p) || (fs::is_symlink(own) && fs::is_directory(p, entry_ec))) {
      std::string why = entry_ec ? entry_ec.message() : WhyUnloadable(p, own, canonical_root);
      if (why.empty()) {
        files->push_back(std::move(rel));
      } else {
        out->push_back({Severity::kError, {rel}, Refusal(why)});
        all_loadable = false;
      }
    }
    it.increment(ec);
  }
  if (ec) out->push_back({Severity::kError, {root.string()}, "cannot list: " + ec.message()});
  std::sort(files->begin(), files->end());
  return all_loadable && !ec;
}

bool ReadTreeFile(const fs::path& path, FileContext& ctx, std::string* text) {
  if (!ReadBytes(path, ctx, text)) return false;
  int line, column;
  if (!IsAsciiText(*text) && FindBadByte(*text, &line, &column)) {
    ctx.Error(SourceLocation{ctx.file, line, column},
              "not a UTF-8 text file (binary or another encoding)");
    return false;
  }
  return true;
}

}  // namespace backupctl
