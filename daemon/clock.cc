#include "daemon/clock.h"

namespace backupctl {

namespace {

class SteadyClockImpl : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::steady_clock::now(); }
  void WaitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                 TimePoint deadline) override {
    cv.wait_until(lock, deadline);
  }
};

}  // namespace

Clock* SteadyClock() {
  static SteadyClockImpl* const clock = new SteadyClockImpl;
  return clock;
}

Clock::TimePoint DeadlineAfter(const Clock& clock, std::chrono::milliseconds delay) {
  Clock::TimePoint now = clock.Now();
  // Compare in milliseconds: converting a huge delay to the clock's unit overflows.
  auto room = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::TimePoint::max() - now);
  if (delay >= room) return Clock::TimePoint::max();
  return now + std::chrono::duration_cast<Clock::Duration>(delay);
}

}  // namespace backupctl
