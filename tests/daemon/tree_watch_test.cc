#include "daemon/tree_watch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "tests/support/manual_clock.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ManualClock;

// Advances once the watcher waits on the clock (it has done all it could so far).
void Advance(ManualClock& clock, Clock::Duration d) {
  ASSERT_TRUE(clock.AwaitWaiters(1)) << "the watcher is not waiting on the clock";
  clock.Advance(d);
}

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
  ManualClock clock;
  std::atomic<int> changes{0};
  TreeWatcher watcher(root_.string(), {20ms, 60ms, 2000ms, &clock}, [&changes] { ++changes; });
  watcher.Start();
  for (int poll = 0; poll < 3; ++poll) Advance(clock, 20ms);  // polls an unchanged tree
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(changes, 0);

  // A burst of writes, closer together than the debounce: the first poll
  // sees it, then every debounce sees it still moving.
  // (Each write waits for the watcher to wait again: it has fingerprinted the tree.)
  Write(root_ / "f0.yaml", "x");
  Advance(clock, 20ms);
  ASSERT_TRUE(clock.AwaitWaiters(1));
  for (int i = 1; i < 5; ++i) {
    Write(root_ / ("f" + std::to_string(i) + ".yaml"), "x");
    Advance(clock, 60ms);
    ASSERT_TRUE(clock.AwaitWaiters(1));
    EXPECT_EQ(changes, 0) << "called while the tree was still moving, after write " << i;
  }
  Advance(clock, 59ms);
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(changes, 0) << "called before the tree was still for the debounce";
  Advance(clock, 1ms);  // still for 60 ms: settled
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(changes, 1);
  for (int poll = 0; poll < 5; ++poll) Advance(clock, 20ms);
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(changes, 1) << "called again without a change";
  watcher.Stop();
}

TEST_F(TreeWatchTest, WatcherCallsAfterMaxSettleWhenTheTreeNeverSettles) {
  ManualClock clock;
  std::atomic<int> changes{0};
  TreeWatcher watcher(root_.string(), {20ms, 60ms, 300ms, &clock}, [&changes] { ++changes; });
  watcher.Start();
  Write(root_ / "f0.yaml", "x");
  Advance(clock, 20ms);  // seen: settling starts, for at most 300 ms
  ASSERT_TRUE(clock.AwaitWaiters(1));
  int debounces = 0;
  for (; debounces < 10 && changes == 0; ++debounces) {
    Write(root_ / ("g" + std::to_string(debounces) + ".yaml"), "x");
    Advance(clock, 60ms);
    ASSERT_TRUE(clock.AwaitWaiters(1));
  }
  EXPECT_EQ(changes, 1);
  EXPECT_EQ(debounces, 5);  // 5 x 60 ms reach the 300 ms bound
  watcher.Stop();
}

TEST_F(TreeWatchTest, StopEndsAWaitAtOnce) {
  ManualClock clock;
  TreeWatcher watcher(root_.string(), {1h, 1h, 1h, &clock}, [] {});
  watcher.Start();
  ASSERT_TRUE(clock.AwaitWaiters(1));
  watcher.Stop();  // joins: returns only because the wait ended without the clock moving
  EXPECT_FALSE(clock.AwaitWaiters(1, 0ms));
}

}  // namespace
}  // namespace backupctl
