#include "net/connection_pool.h"

#include <algorithm>

namespace backupctl {

ConnectionPool::ConnectionPool(size_t max) : max_(std::max<size_t>(max, 1)) {}

bool ConnectionPool::TrySubmit(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_ > jobs_.size()) {
    jobs_.push_back(std::move(fn));
    cv_.notify_one();
    return true;
  }
  if (threads_.size() >= max_) return false;
  jobs_.push_back(std::move(fn));
  threads_.emplace_back([this] { Work(); });
  return true;
}

void ConnectionPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutdown_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void ConnectionPool::Work() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ++idle_;
      cv_.wait(lock, [this] { return !jobs_.empty() || shutdown_; });
      --idle_;
      if (jobs_.empty()) return;
      fn = std::move(jobs_.front());
      jobs_.pop_front();
    }
    fn();
  }
}

}  // namespace backupctl
