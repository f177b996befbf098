#include "daemon/tree_watch.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace backupctl {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 32;
constexpr size_t kMaxEntries = 100000;

struct Walk {
  std::vector<std::string> lines;
  size_t entries = 0;
};

void Describe(const std::string& rel, const std::string& full, Walk* walk) {
  struct stat st;
  if (::stat(full.c_str(), &st) != 0) {
    walk->lines.push_back(rel + " missing");
    return;
  }
  long long mtime_ns =
      static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  walk->lines.push_back(rel + " " + std::to_string(st.st_size) + " " + std::to_string(mtime_ns) +
                        " " + std::to_string(st.st_ino));
}

void WalkDir(const fs::path& dir, const std::string& rel, int depth, Walk* walk) {
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    walk->lines.push_back(rel + "/ unreadable " + ec.message());
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec || ++walk->entries > kMaxEntries) return;
    std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::string child_rel = rel.empty() ? name : rel + "/" + name;
    if (it->is_symlink(ec)) {
      walk->lines.push_back(child_rel + " -> " + fs::read_symlink(it->path(), ec).string());
    }
    if (it->is_directory(ec)) {
      if (depth < kMaxDepth) WalkDir(it->path(), child_rel, depth + 1, walk);
    } else {
      Describe(child_rel, it->path().string(), walk);
    }
  }
}

}  // namespace

std::string TreeFingerprint(const std::string& dir) {
  Walk walk;
  std::error_code ec;
  // DIR itself may be the symlink that git-sync swaps.
  fs::path resolved = fs::canonical(dir, ec);
  walk.lines.push_back(ec ? "root unresolved " + ec.message() : "root " + resolved.string());
  if (!ec) WalkDir(resolved, "", 0, &walk);
  // directory_iterator order is unspecified: sort so equal trees give equal strings.
  std::sort(walk.lines.begin(), walk.lines.end());
  std::string out;
  for (const auto& line : walk.lines) out += line + "\n";
  return out;
}

TreeWatcher::TreeWatcher(std::string dir, TreeWatchOptions options, std::function<void()> on_change)
    : dir_(std::move(dir)),
      options_(options),
      clock_(options.clock != nullptr ? options.clock : SteadyClock()),
      on_change_(std::move(on_change)) {}

TreeWatcher::~TreeWatcher() { Stop(); }

void TreeWatcher::Start() {
  last_ = TreeFingerprint(dir_);
  thread_ = std::thread([this] { Loop(); });
}

void TreeWatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool TreeWatcher::SleepFor(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  return !WaitUntil(*clock_, lock, cv_, DeadlineAfter(*clock_, d), [this] { return stop_; });
}

void TreeWatcher::Loop() {
  while (SleepFor(options_.poll)) {
    std::string now = TreeFingerprint(dir_);
    if (now == last_) continue;
    // A burst (git checkout, editor save, rsync) settles before we reload.
    auto deadline = DeadlineAfter(*clock_, options_.max_settle);
    while (clock_->Now() < deadline) {
      if (!SleepFor(options_.debounce)) return;
      std::string again = TreeFingerprint(dir_);
      if (again == now) break;
      now = std::move(again);
    }
    last_ = std::move(now);
    on_change_();
  }
}

}  // namespace backupctl
