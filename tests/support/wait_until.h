// WaitUntil(done, timeout): the one way a test waits for something another
// thread or process does. It re-checks `done` every `poll` (real time) and
// returns as soon as it holds, or false once `timeout` has passed. Use it
// instead of a sleep: never "sleep, then assert it happened", and never
// "sleep, then assert nothing happened" (wait for a counter that proves the
// other side has had its chance, or use a ManualClock).

#ifndef BACKUPCTL_TESTS_SUPPORT_WAIT_UNTIL_H_
#define BACKUPCTL_TESTS_SUPPORT_WAIT_UNTIL_H_

#include <chrono>
#include <functional>
#include <thread>

namespace backupctl::testing {

inline bool WaitUntil(const std::function<bool()>& done,
                      std::chrono::steady_clock::duration timeout,
                      std::chrono::steady_clock::duration poll = std::chrono::milliseconds(2)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(poll);
  }
}

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_SUPPORT_WAIT_UNTIL_H_
