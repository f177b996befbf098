// The retry policy's parts on their own: full-jitter backoff bounds, the
// retry quota, and the adaptive (CUBIC) client-side rate limiter, all with a
// fixed "random" draw and a hand-driven clock.

#include "providers/aws/retry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace backupctl {
namespace {

TEST(BackoffTest, FullJitterWithinExponentialCeiling) {
  RetryOptions options;
  options.base_delay_seconds = 1.0;
  options.max_backoff_seconds = 20.0;
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 0, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 1, 0.5), 1.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 3, 0.5), 4.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 4, 0.999), 16 * 0.999);
  // Capped at max_backoff from 2^5 = 32 > 20 on, and no overflow far beyond.
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 5, 0.5), 10.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 1000, 1.0), 20.0);
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, -1, 1.0), 1.0);
  for (int retry = 0; retry < 40; ++retry) {
    for (double u : {0.0, 0.25, 0.75, 0.9999}) {
      double delay = BackoffSeconds(options, retry, u);
      EXPECT_GE(delay, 0.0);
      EXPECT_LE(delay, std::min(20.0, std::ldexp(1.0, retry)));
    }
  }
}

TEST(BackoffTest, TinyBaseForTests) {
  RetryOptions options;
  options.base_delay_seconds = 0.001;
  options.max_backoff_seconds = 0.004;
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 0, 1.0), 0.001);
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 2, 1.0), 0.004);
  EXPECT_DOUBLE_EQ(BackoffSeconds(options, 9, 1.0), 0.004);
}

TEST(RetryQuotaTest, ExhaustionStopsRetries) {
  RetryOptions options;  // 500 tokens, 5 per retry, 10 per timeout retry
  RetryQuota quota(options);
  int granted = 0;
  while (quota.TryAcquire(false)) ++granted;
  EXPECT_EQ(granted, 100);
  EXPECT_EQ(quota.available(), 0);
  EXPECT_EQ(quota.TryAcquire(true), std::nullopt);
}

TEST(RetryQuotaTest, TimeoutsCostMoreAndSuccessRefunds) {
  RetryOptions options;
  options.quota_capacity = 20;
  RetryQuota quota(options);
  EXPECT_EQ(quota.TryAcquire(true), 10);
  EXPECT_EQ(quota.TryAcquire(false), 5);
  EXPECT_EQ(quota.available(), 5);
  EXPECT_EQ(quota.TryAcquire(true), std::nullopt);  // 10 > 5: refused, nothing taken
  EXPECT_EQ(quota.available(), 5);
  quota.OnSuccess(10);  // a call whose last retry cost 10 succeeded
  EXPECT_EQ(quota.available(), 15);
  quota.OnSuccess(0);  // a first-try success adds one
  EXPECT_EQ(quota.available(), 16);
  for (int i = 0; i < 10; ++i) quota.OnSuccess(5);
  EXPECT_EQ(quota.available(), 20);  // never above capacity
}

TEST(RetryQuotaTest, FreeRetriesAreGrantedNotRefused) {
  RetryOptions options;
  options.quota_capacity = 0;
  options.retry_cost = 0;
  RetryQuota quota(options);
  EXPECT_EQ(quota.TryAcquire(false), 0);
  EXPECT_EQ(quota.TryAcquire(true), std::nullopt);  // timeouts still cost 10
}

// Drives the limiter like a client sending `rate` requests per second.
struct Sim {
  double t = 1000.0;
  AdaptiveRateLimiter limiter{[this] { return t; }};

  void SendFor(double seconds, double rate, bool throttled = false) {
    for (double end = t + seconds; t < end;) {
      t += 1.0 / rate;
      double wait = limiter.Reserve();
      t += wait;
      limiter.OnResponse(throttled);
    }
  }
};

TEST(AdaptiveRateLimiterTest, OffUntilTheFirstThrottle) {
  Sim sim;
  sim.SendFor(5, 20);
  EXPECT_FALSE(sim.limiter.enabled());
  EXPECT_NEAR(sim.limiter.measured_rate(), 20, 2);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(sim.limiter.Reserve(), 0);
}

TEST(AdaptiveRateLimiterTest, ThrottleCutsTheRateAndWaitsQueueUp) {
  Sim sim;
  sim.SendFor(5, 20);
  double measured = sim.limiter.measured_rate();
  sim.limiter.OnResponse(true);
  ASSERT_TRUE(sim.limiter.enabled());
  EXPECT_NEAR(sim.limiter.fill_rate(), 0.7 * measured, 0.5);

  // Many callers at the same instant: the bucket's burst (at most one
  // second's worth of tokens) goes first, then each reserved token lies
  // 1/fill_rate further out.
  double rate = sim.limiter.fill_rate();
  std::vector<double> waits;
  for (int n = 0; n < 40; ++n) waits.push_back(sim.limiter.Reserve());
  int free = 0;
  for (size_t i = 0; i < waits.size(); ++i) {
    if (waits[i] == 0) ++free;
    if (i == 0) continue;
    EXPECT_GE(waits[i], waits[i - 1]);
    if (waits[i - 1] > 0) {
      EXPECT_NEAR(waits[i] - waits[i - 1], 1 / rate, 1e-9);
    }
  }
  EXPECT_LE(free, static_cast<int>(rate) + 1);
  EXPECT_NEAR(waits.back(), (40 - free) / rate, 1 / rate + 1e-9);
  double previous = waits.back();

  // Throttled again: slower still.
  sim.t += previous;
  sim.limiter.OnResponse(true);
  EXPECT_LT(sim.limiter.fill_rate(), rate);
}

TEST(AdaptiveRateLimiterTest, RecoversOnSuccess) {
  Sim sim;
  sim.SendFor(5, 20);
  sim.limiter.OnResponse(true);
  double cut = sim.limiter.fill_rate();
  // Keep asking for 20/s; the limiter admits what its rate allows, and the
  // rate grows back along the cubic curve while nothing is throttled.
  sim.SendFor(2, 20);
  double early = sim.limiter.fill_rate();
  sim.SendFor(10, 20);
  double later = sim.limiter.fill_rate();
  EXPECT_GE(early, cut * 0.99);
  EXPECT_GT(later, early);
  EXPECT_GT(later, 14.0);  // back at (and past) the rate before the throttle
  EXPECT_LE(later, 2 * sim.limiter.measured_rate() + 1e-9);
}

TEST(AdaptiveRateLimiterTest, NeverSlowerThanTheMinimumRate) {
  Sim sim;
  sim.limiter.OnResponse(true);  // nothing measured yet
  EXPECT_TRUE(sim.limiter.enabled());
  EXPECT_DOUBLE_EQ(sim.limiter.fill_rate(), 0.5);
  for (int i = 0; i < 5; ++i) sim.limiter.OnResponse(true);
  EXPECT_DOUBLE_EQ(sim.limiter.fill_rate(), 0.5);
  EXPECT_LE(sim.limiter.Reserve(), 2.0 + 1e-9);
}

}  // namespace
}  // namespace backupctl
