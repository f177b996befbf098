#include "providers/aws/retry.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>
#include <utility>

namespace backupctl {

namespace {

// The constants of the SDKs' adaptive mode.
constexpr double kMinFillRate = 0.5;  // tokens per second, never slower
constexpr double kCubicBeta = 0.7;    // rate kept after a throttle
constexpr double kCubicScale = 0.4;   // how fast the rate grows back
constexpr double kMaxRateOverMeasured = 2.0;
constexpr double kRateBucketSeconds = 0.5;
constexpr double kRateSmoothing = 0.8;  // weight of the newest bucket

}  // namespace

Clock SystemClock() {
  Clock clock;
  clock.now = [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
  clock.sleep = [](double seconds) {
    if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  };
  return clock;
}

double BackoffSeconds(const RetryOptions& options, int retry, double uniform01) {
  double ceiling = std::ldexp(options.base_delay_seconds, std::clamp(retry, 0, 62));
  return std::min(options.max_backoff_seconds, ceiling) * std::clamp(uniform01, 0.0, 1.0);
}

RetryQuota::RetryQuota(const RetryOptions& options)
    : options_(options), available_(options.quota_capacity) {}

std::optional<int> RetryQuota::TryAcquire(bool after_timeout) {
  int cost = after_timeout ? options_.timeout_retry_cost : options_.retry_cost;
  std::lock_guard<std::mutex> lock(mu_);
  if (cost > available_) return std::nullopt;
  available_ -= cost;
  return cost;
}

void RetryQuota::OnSuccess(int last_retry_cost) {
  int refund = last_retry_cost > 0 ? last_retry_cost : options_.success_increment;
  std::lock_guard<std::mutex> lock(mu_);
  available_ = std::min(options_.quota_capacity, available_ + refund);
}

int RetryQuota::available() const {
  std::lock_guard<std::mutex> lock(mu_);
  return available_;
}

AdaptiveRateLimiter::AdaptiveRateLimiter(std::function<double()> now) : now_(std::move(now)) {
  double t = now_();
  fill_rate_ = kMinFillRate;
  last_refill_ = t;
  rate_bucket_start_ = std::floor(t);
  last_throttle_ = t;
}

double AdaptiveRateLimiter::Reserve() {
  double now = now_();
  std::lock_guard<std::mutex> lock(mu_);
  if (!enabled_) return 0;
  Refill(now);
  capacity_ -= 1;
  return capacity_ >= 0 ? 0 : -capacity_ / fill_rate_;
}

void AdaptiveRateLimiter::OnResponse(bool throttled) {
  double now = now_();
  std::lock_guard<std::mutex> lock(mu_);
  RecordSendRate(now);
  double new_rate;
  if (!throttled) {
    new_rate = CubicRate(now);
  } else {
    // Before the first throttle the bucket's rate means nothing: start from
    // what the client was actually sending.
    double rate = enabled_ ? std::min(measured_rate_, fill_rate_) : measured_rate_;
    w_max_ = rate;
    k_ = std::cbrt(w_max_ * (1 - kCubicBeta) / kCubicScale);
    last_throttle_ = now;
    new_rate = rate * kCubicBeta;
    enabled_ = true;
  }
  SetMaxRate(std::min(new_rate, kMaxRateOverMeasured * measured_rate_), now);
}

bool AdaptiveRateLimiter::enabled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return enabled_;
}

double AdaptiveRateLimiter::fill_rate() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fill_rate_;
}

double AdaptiveRateLimiter::measured_rate() const {
  std::lock_guard<std::mutex> lock(mu_);
  return measured_rate_;
}

void AdaptiveRateLimiter::RecordSendRate(double now) {
  double bucket = std::floor(now / kRateBucketSeconds) * kRateBucketSeconds;
  ++rate_bucket_count_;
  if (bucket <= rate_bucket_start_) return;
  double current = rate_bucket_count_ / (bucket - rate_bucket_start_);
  measured_rate_ = current * kRateSmoothing + measured_rate_ * (1 - kRateSmoothing);
  rate_bucket_count_ = 0;
  rate_bucket_start_ = bucket;
}

void AdaptiveRateLimiter::Refill(double now) {
  capacity_ = std::min(capacity_max_, capacity_ + (now - last_refill_) * fill_rate_);
  last_refill_ = now;
}

void AdaptiveRateLimiter::SetMaxRate(double rate, double now) {
  Refill(now);
  fill_rate_ = std::max(rate, kMinFillRate);
  capacity_max_ = std::max(rate, 1.0);
  capacity_ = std::min(capacity_, capacity_max_);
}

double AdaptiveRateLimiter::CubicRate(double now) const {
  double dt = now - last_throttle_;
  return kCubicScale * std::pow(dt - k_, 3) + w_max_;
}

}  // namespace backupctl
