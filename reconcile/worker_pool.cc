#include "reconcile/worker_pool.h"

#include <algorithm>

namespace backupctl {

WorkerPool::WorkerPool(int size) {
  int count = std::max(1, size);
  threads_.reserve(count);
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { Run(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::Submit(std::function<void()> task, bool urgent) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    (urgent ? urgent_ : normal_).push_back(std::move(task));
    ++pending_;
  }
  work_ready_.notify_one();
}

void WorkerPool::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  all_done_.wait(lock, [this] { return pending_ == 0; });
}

void WorkerPool::Run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_ready_.wait(lock, [this] { return stopping_ || !urgent_.empty() || !normal_.empty(); });
      if (urgent_.empty() && normal_.empty()) return;  // stopping with nothing left
      auto& queue = urgent_.empty() ? normal_ : urgent_;
      task = std::move(queue.front());
      queue.pop_front();
    }
    task();
    bool done;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done = --pending_ == 0;
    }
    if (done) all_done_.notify_all();
  }
}

}  // namespace backupctl
