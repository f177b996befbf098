// GuardedStream: one connection of a GuardedServer as httplib reads and
// writes it, holding the client to HttpLimits: a deadline for the request
// line and headers (BeginRequest) and one for the body (BeginBody), byte caps
// on both, a bounded wait for each write, and a wake descriptor that ends
// every wait for the client at once (GuardedServer::Stop). A read past a
// deadline or cap fails, and the connection is then closed (must_close).

#ifndef BACKUPCTL_NET_GUARDED_STREAM_H_
#define BACKUPCTL_NET_GUARDED_STREAM_H_

#include <httplib.h>

#include <chrono>
#include <string>
#include <utility>

#include "net/http_limits.h"

namespace backupctl {

// The numeric address of a socket's peer ("127.0.0.1", "::1"); "" when unknown.
std::string PeerAddress(int sock, int* port = nullptr);

class GuardedStream : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  GuardedStream(int sock, int wake, const HttpLimits& limits)
      : sock_(sock), wake_(wake), limits_(limits) {}

  // Waits for the first byte of the next request (or the peer's close): a
  // new connection gets header_timeout, an idle one keep_alive_timeout.
  bool WaitForRequest(bool first);
  void BeginRequest();
  void BeginBody();

  bool body_too_large() const { return body_too_large_; }
  // The answer goes out with part of the request (its body) unread.
  void set_body_unread() { must_close_ = body_unread_ = true; }
  bool body_unread() const { return body_unread_; }
  bool must_close() const { return must_close_; }
  // True the first time in a request: the server screens a request once.
  bool FirstScreen() { return !std::exchange(screened_, true); }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 private:
  enum class Wait { kReady, kTimeout, kStopped, kError };

  bool Fill();
  // `stoppable`: the wake descriptor ends the wait (reads for a request).
  Wait WaitFor(short events, Clock::time_point deadline, bool stoppable) const;

  const int sock_;
  const int wake_;
  const HttpLimits& limits_;
  Clock::time_point deadline_ = Clock::now();
  char buf_[4096];
  size_t pos_ = 0, len_ = 0;
  ssize_t fill_result_ = -1;
  bool in_body_ = false;
  size_t header_bytes_ = 0, body_bytes_ = 0;
  bool screened_ = false, body_too_large_ = false, body_unread_ = false, must_close_ = false;
};

}  // namespace backupctl

#endif  // BACKUPCTL_NET_GUARDED_STREAM_H_
