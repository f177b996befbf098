// Retry policy for AwsBackupClient, as the AWS SDKs' "standard" and
// "adaptive" retry modes define it.
//
// - Backoff: full jitter, sleep = uniform(0, min(max_backoff, base * 2^retry)).
// - RetryQuota: one budget per client. A retry costs retry_cost tokens
//   (timeout_retry_cost after a timeout); a retry the budget cannot pay for is
//   not made. A success refunds its last retry's cost, or adds
//   success_increment when it needed no retry. While a service is failing
//   hard, the budget drains and callers fail fast instead of piling on.
// - AdaptiveRateLimiter: a client-side token bucket, off until the first
//   throttling response. Its fill rate follows CUBIC: cut to 0.7x the measured
//   send rate on each throttle, then grown back along a cubic curve on
//   successes (never above twice the measured rate).
// All three are thread-safe. Time comes from a Clock so tests need not wait.

#ifndef BACKUPCTL_PROVIDERS_AWS_RETRY_H_
#define BACKUPCTL_PROVIDERS_AWS_RETRY_H_

#include <functional>
#include <mutex>
#include <optional>

namespace backupctl {

struct RetryOptions {
  // Attempts per call, the first included (1 = never retry). Five, not the
  // SDKs' three: the reconciler reads a whole estate in parallel, and five
  // full-jitter attempts ride out a burst of throttling that three do not.
  int max_attempts = 5;
  double base_delay_seconds = 1.0;  // the SDK standard mode's base
  double max_backoff_seconds = 20.0;
  int quota_capacity = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;
  int success_increment = 1;
  bool adaptive = true;  // client-side rate limiting once throttled
};

struct Clock {
  std::function<double()> now;        // seconds, monotonic
  std::function<void(double)> sleep;  // blocks for that many seconds
};
Clock SystemClock();

// The delay before retry number `retry` (0 for the first retry), with
// `uniform01` drawn from [0, 1).
double BackoffSeconds(const RetryOptions& options, int retry, double uniform01);

class RetryQuota {
 public:
  explicit RetryQuota(const RetryOptions& options);

  // Takes the cost of one retry and returns it; nullopt when the budget
  // cannot pay for it (then the caller must not retry).
  std::optional<int> TryAcquire(bool after_timeout);
  // A call succeeded; `last_retry_cost` is what its last retry took (0: none).
  void OnSuccess(int last_retry_cost);
  int available() const;

 private:
  const RetryOptions options_;
  mutable std::mutex mu_;
  int available_;
};

class AdaptiveRateLimiter {
 public:
  explicit AdaptiveRateLimiter(std::function<double()> now);

  // Takes one token and returns how long the caller must wait before sending
  // (0 until the first throttle). Tokens are reserved, so concurrent callers
  // queue up fairly instead of waking together.
  double Reserve();
  // Every HTTP response, throttling or not, adjusts the fill rate.
  void OnResponse(bool throttled);

  bool enabled() const;
  double fill_rate() const;  // tokens per second while enabled
  double measured_rate() const;

 private:
  void RecordSendRate(double now);  // updates measured_rate_
  void Refill(double now);
  void SetMaxRate(double rate, double now);
  double CubicRate(double now) const;

  std::function<double()> now_;
  mutable std::mutex mu_;
  bool enabled_ = false;
  // The token bucket.
  double fill_rate_;
  double capacity_max_ = 1;
  double capacity_ = 0;  // negative: tokens reserved ahead of time
  double last_refill_;
  // The measured send rate: responses per half-second bucket, smoothed.
  double measured_rate_ = 0;
  double rate_bucket_start_;
  int rate_bucket_count_ = 0;
  // CUBIC state: the rate at the last throttle and when it happened.
  double w_max_ = 0;
  double k_ = 0;
  double last_throttle_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_RETRY_H_
