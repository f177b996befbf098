// WorkerPool: a fixed number of threads running submitted tasks, so at most
// `size` API calls are in flight. Tasks may submit more tasks (the read fans
// out as pages and parents arrive, with no barrier between phases). Urgent
// tasks (those that unlock more work: list pages, selection lists) run
// before ordinary ones, which keeps the critical path short while the pool
// stays full. Wait() returns once every task, including ones submitted by
// tasks, has finished. Tasks must not throw.

#ifndef BACKUPCTL_RECONCILE_WORKER_POOL_H_
#define BACKUPCTL_RECONCILE_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace backupctl {

class WorkerPool {
 public:
  explicit WorkerPool(int size);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Submit(std::function<void()> task, bool urgent = false);
  void Wait();

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable work_ready_;
  std::condition_variable all_done_;
  std::deque<std::function<void()>> urgent_;
  std::deque<std::function<void()>> normal_;
  size_t pending_ = 0;  // queued + running
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_WORKER_POOL_H_
