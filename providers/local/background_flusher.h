// A dirty flag and the thread that acts on it, for the emulator's state file.
// MarkDirty() asks for a flush; the thread runs it within `delay`, so marks
// that come meanwhile share one write. A flush that fails (returns false) is
// retried after `delay`; the flush itself calls TakeDirty() under whatever lock
// makes its snapshot consistent, and MarkDirty()s again when the write fails.
// Stop() (or destruction) runs a last flush if anything is dirty, then joins.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_BACKGROUND_FLUSHER_H_
#define BACKUPCTL_PROVIDERS_LOCAL_BACKGROUND_FLUSHER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace backupctl {

class BackgroundFlusher {
 public:
  explicit BackgroundFlusher(std::chrono::milliseconds delay) : delay_(delay) {}
  ~BackgroundFlusher() { Stop(); }
  BackgroundFlusher(const BackgroundFlusher&) = delete;
  BackgroundFlusher& operator=(const BackgroundFlusher&) = delete;

  void Start(std::function<bool()> flush);
  void Stop();
  void MarkDirty();
  bool TakeDirty();  // whether it was dirty; clears it

 private:
  void Loop();

  const std::chrono::milliseconds delay_;
  std::function<bool()> flush_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool dirty_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_BACKGROUND_FLUSHER_H_
