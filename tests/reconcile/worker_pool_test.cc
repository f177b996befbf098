// WorkerPool (reconcile/worker_pool.h): at most `size` tasks run at once,
// tasks submitted by tasks are waited for, urgent tasks go first, and the
// destructor runs what is still queued.
#include "reconcile/worker_pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/wait_until.h"

namespace backupctl {
namespace {

using std::chrono::seconds;

// Holds the tasks that call Pass() until Open().
class Gate {
 public:
  void Pass() {
    std::unique_lock<std::mutex> lock(mu_);
    open_cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    open_cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable open_cv_;
  bool open_ = false;
};

// Opens the gate when the test ends, before the pool that waits on it is
// destroyed, so a failed ASSERT never leaves the pool's threads blocked.
class OpenOnExit {
 public:
  explicit OpenOnExit(Gate& gate) : gate_(gate) {}
  ~OpenOnExit() { gate_.Open(); }

 private:
  Gate& gate_;
};

TEST(WorkerPoolTest, RunsAtMostSizeTasksAtOnce) {
  Gate gate;
  WorkerPool pool(3);
  OpenOnExit open_on_exit(gate);
  std::atomic<int> running{0}, most{0}, finished{0};
  for (int i = 0; i < 12; ++i) {
    pool.Submit([&] {
      int now = ++running;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      gate.Pass();
      --running;
      ++finished;
    });
  }
  ASSERT_TRUE(testing::WaitUntil([&] { return running.load() == 3; }, seconds(10)));
  EXPECT_EQ(finished.load(), 0);
  gate.Open();
  pool.Wait();
  EXPECT_EQ(most.load(), 3);
  EXPECT_EQ(finished.load(), 12);
}

TEST(WorkerPoolTest, WaitCoversTasksThatTasksSubmit) {
  WorkerPool pool(2);
  std::atomic<int> ran{0};
  std::function<void(int)> chain = [&](int left) {
    ++ran;
    if (left > 0) pool.Submit([&chain, left] { chain(left - 1); });
  };
  pool.Submit([&] { chain(99); });
  pool.Wait();
  EXPECT_EQ(ran.load(), 100);
}

TEST(WorkerPoolTest, UrgentTasksRunBeforeOrdinaryOnes) {
  Gate gate;
  WorkerPool pool(1);
  OpenOnExit open_on_exit(gate);
  std::atomic<bool> holding{false};
  std::vector<std::string> order;  // written by the pool's one thread only
  pool.Submit([&] {
    holding = true;
    gate.Pass();
  });
  ASSERT_TRUE(testing::WaitUntil([&] { return holding.load(); }, seconds(10)));
  pool.Submit([&] { order.push_back("ordinary 1"); });
  pool.Submit([&] { order.push_back("ordinary 2"); });
  pool.Submit([&] { order.push_back("urgent"); }, /*urgent=*/true);
  gate.Open();
  pool.Wait();
  EXPECT_EQ(order, (std::vector<std::string>{"urgent", "ordinary 1", "ordinary 2"}));
}

TEST(WorkerPoolTest, SizeBelowOneStillRunsTasks) {
  WorkerPool pool(0);
  std::atomic<int> ran{0};
  for (int i = 0; i < 5; ++i) pool.Submit([&] { ++ran; });
  pool.Wait();
  EXPECT_EQ(ran.load(), 5);
}

TEST(WorkerPoolTest, DestructionRunsWhatIsStillQueued) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1);
    for (int i = 0; i < 50; ++i) pool.Submit([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace backupctl
