// Change detection for a desired-state tree, by polling a cheap fingerprint.
//
// TreeFingerprint lists every non-hidden file below `dir` (following symlinks,
// DIR itself included) with its size and modification time, plus the target
// of every symlink on the way, so a git-sync sidecar that swaps a symlink to a
// new worktree is seen even when the new files look the same. Hidden entries
// (".git", ".backupctl/" with the local target's state) are skipped, as the
// loader skips them. The walk is bounded in depth and entry count, so a
// symlink loop cannot hang it.
//
// TreeWatcher polls the fingerprint on its own thread and calls `on_change`
// once per burst of changes: after a change it waits until the fingerprint
// stops moving for `debounce` (bounded by `max_settle`). Its waits go
// through TreeWatchOptions::clock.

#ifndef BACKUPCTL_DAEMON_TREE_WATCH_H_
#define BACKUPCTL_DAEMON_TREE_WATCH_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "daemon/clock.h"

namespace backupctl {

// A digest of the tree's shape; equal strings mean "nothing changed".
std::string TreeFingerprint(const std::string& dir);

struct TreeWatchOptions {
  std::chrono::milliseconds poll{1000};
  std::chrono::milliseconds debounce{500};
  std::chrono::milliseconds max_settle{10000};
  Clock* clock = nullptr;  // null: SteadyClock(); must outlive the watcher
};

class TreeWatcher {
 public:
  TreeWatcher(std::string dir, TreeWatchOptions options, std::function<void()> on_change);
  ~TreeWatcher();  // stops and joins
  TreeWatcher(const TreeWatcher&) = delete;
  TreeWatcher& operator=(const TreeWatcher&) = delete;

  // Takes the first fingerprint synchronously, then polls on a thread.
  void Start();
  void Stop();

 private:
  void Loop();
  // Sleeps up to `d`; false when Stop() was called.
  bool SleepFor(std::chrono::milliseconds d);

  const std::string dir_;
  const TreeWatchOptions options_;
  Clock* const clock_;
  const std::function<void()> on_change_;
  std::string last_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_TREE_WATCH_H_
