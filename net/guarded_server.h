// GuardedServer: cpp-httplib's Server (Debian's 0.11) with the limits a
// server facing slow, large or many clients needs, which 0.11 lacks. Both the
// emulator and the daemon's status server use it.
//
//   - Deadlines: the request line and headers must arrive within
//     header_timeout of their first byte, the body within body_timeout after
//     the headers. (httplib bounds each read only, so a client sending a
//     header line a second held a worker for as long as it liked.)
//   - Connection caps: at most max_connections are served at once (one
//     worker thread each, started on demand) and at most
//     max_connections_per_peer from one peer address. A connection over a cap
//     gets 503 and is closed at once: nothing waits in a queue behind slow
//     clients, so a probe from another peer is answered.
//   - Body limit: a Content-Length over max_body_bytes gets 413 before any of
//     the body is read, and the connection is closed; a body without a length
//     (chunked) is cut with 413 when it passes the limit. Headers are capped
//     at max_header_bytes.
//   - before_body runs once the headers are complete, before the body is
//     read; it may answer (say a 403 for a bad signature) and the body is
//     then never read.
//   - Stop() closes idle keep-alive connections and unfinished requests at
//     once, lets the handlers running finish and send their answer
//     (with Connection: close), and returns when every worker is done.
//
// A new connection must send its first byte within header_timeout, an idle
// keep-alive one within keep_alive_timeout.
//
// Use Stop(), not httplib::Server::stop(); set no pre- or post-routing
// handler, expect-100 handler or task queue of httplib's: this class owns
// them.

#ifndef BACKUPCTL_NET_GUARDED_SERVER_H_
#define BACKUPCTL_NET_GUARDED_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "net/http_limits.h"

namespace backupctl {

class ConnectionPool;

class GuardedServer : public httplib::Server {
 public:
  // True when it answered `res`: the body is then not read.
  using BeforeBody = std::function<bool(const httplib::Request&, httplib::Response&)>;

  explicit GuardedServer(const HttpLimits& limits, BeforeBody before_body = nullptr);
  ~GuardedServer() override;
  GuardedServer(const GuardedServer&) = delete;
  GuardedServer& operator=(const GuardedServer&) = delete;

  // httplib listens with a backlog of 5: a burst of connects would see
  // dropped SYNs and one-second retransmits. Call after binding.
  void RaiseListenBacklog();
  // Stops accepting and ends idle connections now; listen_after_bind()
  // returns once the handlers running have answered.
  void Stop();
  const HttpLimits& limits() const { return limits_; }

 private:
  bool process_and_close_socket(socket_t sock) override;
  void Serve(int sock, const std::string& peer);
  // Content-Length over the limit, or before_body answered. Once per request.
  bool Screen(const httplib::Request& req, httplib::Response& res);
  std::string TooLarge() const;
  bool AdmitPeer(const std::string& peer);
  void ReleasePeer(const std::string& peer);

  const HttpLimits limits_;
  const BeforeBody before_body_;
  ConnectionPool* pool_ = nullptr;  // owned by httplib's listen loop, alive while it runs
  int wake_[2] = {-1, -1};          // readable once Stop() runs: wakes every waiting read
  std::atomic<bool> stopping_{false};
  std::mutex peers_mu_;
  std::map<std::string, size_t> peers_;  // connections open per peer address
};

}  // namespace backupctl

#endif  // BACKUPCTL_NET_GUARDED_SERVER_H_
