// A Clock (daemon/clock.h) whose time moves only when the test calls
// Advance(), so that a test of an interval, a backoff or a debounce runs in
// no wall time and asserts exactly what happens before and after a deadline.
//
// Advance(d) moves Now() by d and wakes the threads whose deadline it
// reached (a thread waiting for a later deadline sleeps on, as it would in
// real time). AwaitWaiters(n) blocks, in real time and bounded, until n
// threads wait on the clock for a deadline still ahead: the code under test
// has then done all that the current time allows, so a test may assert that
// nothing more happened. It is the manual clock's replacement for "sleep a
// while, then check". (A thread woken by its own condition variable counts as
// waiting until it has left WaitUntil: await it by its own effects.)

#ifndef BACKUPCTL_TESTS_SUPPORT_MANUAL_CLOCK_H_
#define BACKUPCTL_TESTS_SUPPORT_MANUAL_CLOCK_H_

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

#include "daemon/clock.h"

namespace backupctl::testing {

class ManualClock : public Clock {
 public:
  ManualClock() = default;
  ManualClock(const ManualClock&) = delete;
  ManualClock& operator=(const ManualClock&) = delete;
  ~ManualClock() override = default;

  TimePoint Now() const override {
    std::lock_guard<std::mutex> guard(mu_);
    return now_;
  }

  void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                 TimePoint deadline) override {
    Waiter self{lock.mutex(), &cv, deadline, 0};
    {
      std::lock_guard<std::mutex> guard(mu_);
      if (now_ >= deadline) return;
      waiters_.push_back(&self);
    }
    changed_.notify_all();
    // `lock` is held from the check above until wait() releases it, and
    // Advance() takes it before notifying: no wake-up is lost.
    cv.wait(lock);
    lock.unlock();  // Advance() may be about to take it to notify us
    {
      std::unique_lock<std::mutex> guard(mu_);
      changed_.wait(guard, [&self] { return self.notifying == 0; });
      waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &self));
    }
    changed_.notify_all();
    lock.lock();
  }

  void Advance(Duration d) {
    std::vector<Waiter*> woken;
    {
      std::lock_guard<std::mutex> guard(mu_);
      now_ += d;
      for (Waiter* w : waiters_) {
        if (w->deadline > now_) continue;
        ++w->notifying;  // keeps `w` registered (and alive) until notified
        woken.push_back(w);
      }
    }
    for (Waiter* w : woken) {
      {
        std::lock_guard<std::mutex> waiter_lock(*w->mutex);
        w->cv->notify_all();
      }
      {
        std::lock_guard<std::mutex> guard(mu_);
        --w->notifying;
      }
      changed_.notify_all();
    }
  }

  // True once `n` threads wait on the clock for a deadline after Now();
  // false if that does not happen within `timeout` of real time.
  bool AwaitWaiters(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> guard(mu_);
    return changed_.wait_for(guard, timeout, [this, n] { return CurrentWaiters() >= n; });
  }

  // The earliest deadline after Now() that a thread waits for.
  std::optional<TimePoint> NextDeadline() const {
    std::lock_guard<std::mutex> guard(mu_);
    std::optional<TimePoint> next;
    for (const Waiter* w : waiters_) {
      if (w->deadline > now_ && (!next || w->deadline < *next)) next = w->deadline;
    }
    return next;
  }

 private:
  struct Waiter {
    std::mutex* mutex;
    std::condition_variable* cv;
    TimePoint deadline;
    int notifying;  // Advance() calls about to notify it
  };

  size_t CurrentWaiters() const {
    return static_cast<size_t>(std::count_if(
        waiters_.begin(), waiters_.end(), [this](const Waiter* w) { return w->deadline > now_; }));
  }

  mutable std::mutex mu_;
  std::condition_variable changed_;                       // waiters registered or released
  TimePoint now_ = TimePoint() + std::chrono::hours(24);  // any fixed start
  std::vector<Waiter*> waiters_;
};

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_SUPPORT_MANUAL_CLOCK_H_
