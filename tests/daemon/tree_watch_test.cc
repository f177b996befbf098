#include "daemon/tree_watch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class TreeWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("backupctl-watch-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  fs::path root_;
};

TEST_F(TreeWatchTest, FingerprintMovesWithContentNotWithHiddenFiles) {
  Write(root_ / "backupctl.yaml", "stack: a\n");
  Write(root_ / "plans" / "daily.yaml", "x: 1\n");
  std::string base = TreeFingerprint(root_.string());
  EXPECT_EQ(base, TreeFingerprint(root_.string()));

  Write(root_ / ".backupctl" / "state.json", "{}");  // the local target's state
  Write(root_ / ".git" / "HEAD", "ref");
  EXPECT_EQ(base, TreeFingerprint(root_.string()));

  Write(root_ / "plans" / "daily.yaml", "x: 22\n");
  std::string edited = TreeFingerprint(root_.string());
  EXPECT_NE(base, edited);
  Write(root_ / "plans" / "weekly.yaml", "y: 1\n");
  std::string added = TreeFingerprint(root_.string());
  EXPECT_NE(edited, added);
  fs::remove(root_ / "plans" / "weekly.yaml");
  EXPECT_NE(added, TreeFingerprint(root_.string()));
}

TEST_F(TreeWatchTest, FingerprintSeesAGitSyncSymlinkSwap) {
  // git-sync layout: ROOT/.worktrees/<sha> and ROOT/current -> .worktrees/<sha>.
  Write(root_ / ".worktrees" / "aaa" / "tree.yaml", "same\n");
  Write(root_ / ".worktrees" / "bbb" / "tree.yaml", "same\n");
  fs::create_directory_symlink(".worktrees/aaa", root_ / "current");
  std::string via_root = TreeFingerprint(root_.string());
  std::string via_link = TreeFingerprint((root_ / "current").string());
  EXPECT_NE(via_root.find("current/tree.yaml"), std::string::npos) << via_root;

  fs::create_directory_symlink(".worktrees/bbb", root_ / "current.new");
  fs::rename(root_ / "current.new", root_ / "current");  // the atomic swap
  EXPECT_NE(via_root, TreeFingerprint(root_.string()));
  EXPECT_NE(via_link, TreeFingerprint((root_ / "current").string()));
}

TEST_F(TreeWatchTest, FingerprintSurvivesMissingDirsAndSymlinkLoops) {
  std::string missing = TreeFingerprint((root_ / "nope").string());
  EXPECT_NE(missing.find("unresolved"), std::string::npos);
  fs::create_directory_symlink(".", root_ / "loop");
  Write(root_ / "a.yaml", "a");
  auto t0 = std::chrono::steady_clock::now();
  TreeFingerprint(root_.string());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
}

TEST_F(TreeWatchTest, WatcherCallsOncePerBurst) {
  Write(root_ / "a.yaml", "a");
  std::atomic<int> changes{0};
  TreeWatcher watcher(root_.string(), {20ms, 60ms, 2000ms}, [&changes] { ++changes; });
  watcher.Start();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(changes, 0);
  for (int i = 0; i < 5; ++i) {  // a burst of writes, closer together than the debounce
    Write(root_ / ("f" + std::to_string(i) + ".yaml"), "x");
    std::this_thread::sleep_for(10ms);
  }
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (changes == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(changes, 1);
  watcher.Stop();
}

}  // namespace
}  // namespace backupctl
