#include "providers/local/guarded_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <thread>
#include <utility>
#include <vector>

namespace backupctl {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

// Up to `max` workers, started when no idle one can take a connection.
// httplib's listener hands each accepted connection to enqueue(), which runs
// it at once on the listener thread: GuardedServer admits or refuses it there
// (no worker is taken by a connection it refuses), then TrySubmit()s it.
class ConnectionPool : public httplib::TaskQueue {
 public:
  explicit ConnectionPool(size_t max) : max_(std::max<size_t>(max, 1)) {}

  void enqueue(std::function<void()> fn) override { fn(); }

  // False when every worker is busy and no more may start: over the cap the
  // connection is refused, not queued, since a queue would hold a probe
  // behind slow clients.
  bool TrySubmit(std::function<void()> fn) {
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

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      shutdown_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();  // only the listener thread adds threads
  }

 private:
  void Work() {
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

  const size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

namespace {

std::string NumericHost(const sockaddr_storage& addr, socklen_t len, int* port) {
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof(host), serv,
                  sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return "";
  }
  if (port != nullptr) *port = std::atoi(serv);
  return host;
}

std::string PeerOf(int sock, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "";
  return NumericHost(addr, len, port);
}

std::string LocalOf(int sock, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "";
  return NumericHost(addr, len, port);
}

std::string ErrorBody(const std::string& error, const std::string& message) {
  return "{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
}

// A 503 for a connection over a cap, sent before the request is read.
void Refuse(int sock) {
  std::string body = ErrorBody("ServiceUnavailable", "too many connections; retry later");
  std::string response =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
      "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  (void)send(sock, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  // Take what the client already sent, so that the close is a FIN: a reset
  // could make its kernel drop the answer.
  char sink[4096];
  for (int i = 0; i < 16 && recv(sock, sink, sizeof(sink), MSG_DONTWAIT) > 0; ++i) {
  }
}

// After an answer that left a body unread: end our side, then discard what
// keeps coming for a moment (at most 1 s and 8 MiB, never kept), so that the
// client reads the answer before the close resets the connection.
void LingerBeforeClose(int sock, int wake) {
  shutdown(sock, SHUT_WR);
  auto deadline = Clock::now() + std::chrono::seconds(1);
  char sink[16384];
  for (size_t discarded = 0; discarded < 8 * 1024 * 1024;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd fds[2] = {{sock, POLLIN, 0}, {wake, POLLIN, 0}};
    if (left.count() <= 0 || poll(fds, 2, static_cast<int>(left.count())) <= 0 ||
        fds[1].revents != 0) {
      return;
    }
    ssize_t n = recv(sock, sink, sizeof(sink), MSG_DONTWAIT);
    if (n <= 0) return;
    discarded += static_cast<size_t>(n);
  }
}

enum class Wait { kReady, kTimeout, kStopped, kError };

// The connection as httplib reads it, with the deadlines and byte caps.
class GuardedStream : public httplib::Stream {
 public:
  GuardedStream(int sock, int wake, const HttpLimits& limits)
      : sock_(sock), wake_(wake), limits_(limits) {}

  // Waits for the first byte of the next request (or the peer's close): a
  // new connection gets header_timeout, an idle one keep_alive_timeout.
  bool WaitForRequest(bool first) {
    if (pos_ < len_) return true;
    auto wait = first ? limits_.header_timeout : limits_.keep_alive_timeout;
    return WaitFor(POLLIN, Clock::now() + wait, true) == Wait::kReady;
  }
  void BeginRequest() {
    deadline_ = Clock::now() + limits_.header_timeout;
    in_body_ = false;
    header_bytes_ = body_bytes_ = 0;
    screened_ = body_too_large_ = false;
  }
  void BeginBody() {
    deadline_ = Clock::now() + limits_.body_timeout;
    in_body_ = true;
  }
  bool body_too_large() const { return body_too_large_; }
  // The answer goes out with part of the request (its body) unread.
  void set_body_unread() { must_close_ = body_unread_ = true; }
  bool body_unread() const { return body_unread_; }
  bool must_close() const { return must_close_; }
  // True the first time in a request: Screen runs once per request.
  bool FirstScreen() { return !std::exchange(screened_, true); }

  bool is_readable() const override {
    return pos_ < len_ || WaitFor(POLLIN, deadline_, true) == Wait::kReady;
  }
  bool is_writable() const override {
    return WaitFor(POLLOUT, Clock::now() + limits_.write_timeout, false) == Wait::kReady;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ == len_ && !Fill()) return fill_result_;
    size_t n = std::min(size, len_ - pos_);
    size_t& counted = in_body_ ? body_bytes_ : header_bytes_;
    counted += n;
    if (in_body_ && counted > limits_.max_body_bytes) {
      body_too_large_ = true;
      set_body_unread();
      return -1;
    }
    if (!in_body_ && counted > limits_.max_header_bytes) {
      must_close_ = true;
      return -1;
    }
    std::memcpy(ptr, buf_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = PeerOf(sock_, &port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = LocalOf(sock_, &port);
  }
  socket_t socket() const override { return sock_; }

 private:
  // Reads what has arrived into the buffer, waiting until the deadline.
  bool Fill() {
    fill_result_ = -1;
    if (WaitFor(POLLIN, deadline_, true) != Wait::kReady) {
      must_close_ = true;
      return false;
    }
    ssize_t n;
    do {
      n = recv(sock_, buf_, sizeof(buf_), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
      fill_result_ = n < 0 ? -1 : 0;
      must_close_ = true;
      return false;
    }
    pos_ = 0;
    len_ = static_cast<size_t>(n);
    return true;
  }

  // `stoppable`: Stop() ends the wait (reads of a request not yet complete).
  Wait WaitFor(short events, Clock::time_point deadline, bool stoppable) const {
    for (;;) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return Wait::kTimeout;
      pollfd fds[2] = {{sock_, events, 0}, {wake_, POLLIN, 0}};
      int n = poll(fds, stoppable ? 2 : 1,
                   static_cast<int>(std::min<long long>(left.count(), INT_MAX)));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Wait::kError;
      if (n == 0) continue;
      if (stoppable && fds[1].revents != 0) return Wait::kStopped;
      if (fds[0].revents != 0) return Wait::kReady;
    }
  }

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

// The connection this worker thread is serving, for the routing hooks
// (httplib passes them the request, not the stream).
thread_local GuardedStream* t_stream = nullptr;

bool ExpectsBody(const httplib::Request& req) {
  return req.has_header("Transfer-Encoding") ||
         (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
}

void SetError(httplib::Response& res, int status, const std::string& error,
              const std::string& message) {
  res.status = status;
  res.set_content(ErrorBody(error, message), "application/json");
}

}  // namespace

GuardedServer::GuardedServer(const HttpLimits& limits, BeforeBody before_body)
    : limits_(limits), before_body_(std::move(before_body)) {
  if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) wake_[0] = wake_[1] = -1;
  new_task_queue = [this] { return pool_ = new ConnectionPool(limits_.max_connections); };
  set_keep_alive_timeout(std::max<time_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(limits_.keep_alive_timeout).count()));
  set_payload_max_length(limits_.max_body_bytes);
  set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return Screen(req, res) ? HandlerResponse::Handled : HandlerResponse::Unhandled;
  });
  set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
    return Screen(req, res) ? res.status : 100;
  });
  set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
    if (t_stream != nullptr && t_stream->must_close()) {
      // A body cut at the limit fails httplib's read with 400: say 413.
      if (t_stream->body_too_large()) SetError(res, 413, "RequestEntityTooLarge", TooLarge());
      res.headers.erase("Keep-Alive");
      res.set_header("Connection", "close");
    }
    // httplib sets Content-Length only on routed answers; these may not be.
    if (!res.body.empty()) {
      res.headers.erase("Content-Length");
      res.set_header("Content-Length", std::to_string(res.body.size()));
    }
  });
}

GuardedServer::~GuardedServer() {
  Stop();
  for (int fd : wake_) {
    if (fd >= 0) close(fd);
  }
}

void GuardedServer::RaiseListenBacklog() {
  if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, SOMAXCONN);
}

void GuardedServer::Stop() {
  if (stopping_.exchange(true)) return;
  if (wake_[1] >= 0) (void)!::write(wake_[1], "x", 1);
  stop();
}

bool GuardedServer::Screen(const httplib::Request& req, httplib::Response& res) {
  if (t_stream != nullptr && !t_stream->FirstScreen()) return false;
  const std::string length = req.get_header_value("Content-Length");
  bool bad_length = !length.empty() &&
                    (length.size() > 19 || length.find_first_not_of("0123456789") != length.npos);
  bool answered = false;
  if (bad_length) {
    SetError(res, 400, "BadRequest", "invalid Content-Length");
    answered = true;
  } else if (!length.empty() && std::stoull(length) > limits_.max_body_bytes) {
    SetError(res, 413, "RequestEntityTooLarge", TooLarge());
    answered = true;
  } else {
    answered = before_body_ && before_body_(req, res);
  }
  // The body stays unread: it must not be taken for the next request.
  if (answered && t_stream != nullptr && ExpectsBody(req)) t_stream->set_body_unread();
  return answered;
}

std::string GuardedServer::TooLarge() const {
  return "the request body is over the limit of " + std::to_string(limits_.max_body_bytes) +
         " bytes";
}

bool GuardedServer::AdmitPeer(const std::string& peer) {
  std::lock_guard<std::mutex> lock(peers_mu_);
  size_t& open = peers_[peer];
  if (open >= limits_.max_connections_per_peer) {
    if (open == 0) peers_.erase(peer);
    return false;
  }
  ++open;
  return true;
}

void GuardedServer::ReleasePeer(const std::string& peer) {
  std::lock_guard<std::mutex> lock(peers_mu_);
  auto it = peers_.find(peer);
  if (it != peers_.end() && --it->second == 0) peers_.erase(it);
}

// On the listener thread (ConnectionPool::enqueue): admission only.
bool GuardedServer::process_and_close_socket(socket_t sock) {
  std::string peer = PeerOf(sock, nullptr);
  if (!stopping_ && AdmitPeer(peer)) {
    if (pool_->TrySubmit([this, sock, peer] { Serve(sock, peer); })) return true;
    ReleasePeer(peer);
  }
  Refuse(sock);
  shutdown(sock, SHUT_RDWR);
  close(sock);
  return false;
}

// On a worker: the connection's requests, until it closes, idles out or Stop().
void GuardedServer::Serve(int sock, const std::string& peer) {
  GuardedStream stream(sock, wake_[0], limits_);
  t_stream = &stream;
  bool ok = true;
  for (size_t left = keep_alive_max_count_; left > 0 && ok; --left) {
    if (stopping_ || !stream.WaitForRequest(left == keep_alive_max_count_)) break;
    stream.BeginRequest();
    bool closed = false;
    ok = process_request(stream, left == 1 || stopping_, closed,
                         [&stream](httplib::Request&) { stream.BeginBody(); });
    if (closed || stream.must_close()) break;
  }
  t_stream = nullptr;
  if (stream.body_unread()) LingerBeforeClose(sock, wake_[0]);
  ReleasePeer(peer);
  shutdown(sock, SHUT_RDWR);
  close(sock);
}

}  // namespace backupctl
