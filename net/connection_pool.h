// ConnectionPool: GuardedServer's task queue for cpp-httplib. Up to `max`
// worker threads, started when no idle one can take a connection.
// httplib's listener hands each accepted connection to enqueue(), which runs
// it at once on the listener thread: GuardedServer admits or refuses it there
// (so a refused connection takes no worker), then TrySubmit()s the admitted
// one. Over the cap TrySubmit() fails and the connection is refused, not
// queued: a queue would hold a probe behind slow clients.

#ifndef BACKUPCTL_NET_CONNECTION_POOL_H_
#define BACKUPCTL_NET_CONNECTION_POOL_H_

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace backupctl {

class ConnectionPool : public httplib::TaskQueue {
 public:
  explicit ConnectionPool(size_t max);

  void enqueue(std::function<void()> fn) override { fn(); }
  // False when every worker is busy and no more may start.
  bool TrySubmit(std::function<void()> fn);
  // Lets the workers finish their connections, then joins them.
  void shutdown() override;

 private:
  void Work();

  const size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;  // added by the listener thread only
  size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace backupctl

#endif  // BACKUPCTL_NET_CONNECTION_POOL_H_
