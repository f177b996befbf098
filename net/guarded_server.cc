#include "net/guarded_server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "net/connection_pool.h"
#include "net/guarded_stream.h"

namespace backupctl {

namespace {

using Clock = std::chrono::steady_clock;

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
  std::string peer = PeerAddress(sock);
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
