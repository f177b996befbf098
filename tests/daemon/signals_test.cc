#include "daemon/signals.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

namespace backupctl {
namespace {

using namespace std::chrono_literals;

TEST(SignalsTest, BlockedSignalsAreTakenSynchronously) {
  ASSERT_TRUE(BlockDaemonSignals());
  // Thread-directed, so no other thread of the test binary can take it.
  ASSERT_EQ(pthread_kill(pthread_self(), SIGHUP), 0);
  EXPECT_EQ(WaitForDaemonSignal(1s), SIGHUP);
  ASSERT_EQ(pthread_kill(pthread_self(), SIGTERM), 0);
  EXPECT_EQ(WaitForDaemonSignal(1s), SIGTERM);
}

TEST(SignalsTest, TimeoutReturnsZero) {
  ASSERT_TRUE(BlockDaemonSignals());
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(WaitForDaemonSignal(50ms), 0);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 40ms);
}

}  // namespace
}  // namespace backupctl
