#include "providers/local/background_flusher.h"

namespace backupctl {

void BackgroundFlusher::Start(std::function<bool()> flush) {
  flush_ = std::move(flush);
  thread_ = std::thread([this] { Loop(); });
}

void BackgroundFlusher::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BackgroundFlusher::MarkDirty() {
  {
    std::lock_guard<std::mutex> l(mu_);
    dirty_ = true;
  }
  cv_.notify_all();
}

bool BackgroundFlusher::TakeDirty() {
  std::lock_guard<std::mutex> l(mu_);
  bool was = dirty_;
  dirty_ = false;
  return was;
}

void BackgroundFlusher::Loop() {
  std::unique_lock<std::mutex> l(mu_);
  for (;;) {
    cv_.wait(l, [&] { return dirty_ || stopping_; });
    if (!stopping_) cv_.wait_for(l, delay_, [&] { return stopping_; });
    bool was_dirty = dirty_;
    bool stop = stopping_;
    l.unlock();
    if (was_dirty && !flush_()) std::this_thread::sleep_for(delay_);
    l.lock();
    if (stop) return;
  }
}

}  // namespace backupctl
