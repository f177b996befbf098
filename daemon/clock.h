// Time for the daemon's loops (intervals, backoff, debounce, heartbeats,
// shutdown grace), injected so that tests decide when time passes.
//
// Clock::Now() is a monotonic time point. Clock::WaitUntil(lock, cv, deadline)
// blocks a thread that holds `lock` (the mutex guarding whatever `cv` is
// notified about) until Now() reaches `deadline` or `cv` is notified. Like
// std::condition_variable::wait_until it may also return early, and it
// returns with `lock` held: callers re-check their state and Now() in a loop,
// or use the WaitUntil(clock, lock, cv, deadline, done) helper below.
//
// SteadyClock() is the production clock (std::chrono::steady_clock). Tests
// use a manual clock (tests/support/manual_clock.h) that stands still until
// the test advances it.

#ifndef BACKUPCTL_DAEMON_CLOCK_H_
#define BACKUPCTL_DAEMON_CLOCK_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace backupctl {

class Clock {
 public:
  using Duration = std::chrono::steady_clock::duration;
  using TimePoint = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  virtual void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                         TimePoint deadline) = 0;
};

// The process-wide steady clock; never destroyed, safe from any thread.
Clock* SteadyClock();

// `clock`'s Now() + `delay`, saturating instead of overflowing for huge delays.
Clock::TimePoint DeadlineAfter(const Clock& clock, std::chrono::milliseconds delay);

// Waits until done() (checked under `lock`) or `deadline`; returns done().
template <typename Done>
bool WaitUntil(Clock& clock, std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
               Clock::TimePoint deadline, Done done) {
  while (!done()) {
    if (clock.Now() >= deadline) return false;
    clock.WaitUntil(lock, cv, deadline);
  }
  return true;
}

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_CLOCK_H_
