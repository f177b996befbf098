// A scripted HTTP/1.1 server on 127.0.0.1 for the client tests, on raw
// sockets (the aws module's tests link no HTTP server library, and raw
// sockets let a script reset a connection). One thread per connection,
// keep-alive unless turned off; every socket read has a timeout, so a
// confused client fails a test instead of hanging it.

#ifndef BACKUPCTL_TESTS_AWS_CLIENT_TEST_SERVER_H_
#define BACKUPCTL_TESTS_AWS_CLIENT_TEST_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "tests/support/ports.h"

namespace backupctl::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

struct ScriptedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool reset = false;        // close with RST instead of answering
  double delay_seconds = 0;  // before answering (or resetting)
};

inline ScriptedResponse JsonResponse(
    int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  ScriptedResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

// An AWS error as AWS Backup sends it: header, body with Code/Message.
inline ScriptedResponse AwsError(int status, const std::string& code,
                                 const std::string& message = "scripted") {
  return JsonResponse(status, R"({"Code":")" + code + R"(","Message":")" + message + R"("})",
                      {{"x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/"}});
}

class ScriptedServer {
 public:
  using Handler = std::function<ScriptedResponse(const ReceivedRequest&, int index)>;

  explicit ScriptedServer(Handler handler, bool keep_alive = true)
      : handler_(std::move(handler)), keep_alive_(keep_alive) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(listen_fd_, 64);
    socklen_t len = sizeof(addr);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }

  ~ScriptedServer() {
    stopping_ = true;
    acceptor_.join();
    ::close(listen_fd_);
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (std::thread& t : connections_) t.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  int request_count() const { return request_count_.load(); }
  int connection_count() const { return connection_count_.load(); }
  int max_concurrent() const { return max_concurrent_.load(); }
  std::vector<ReceivedRequest> received() const {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connection_count_;
      timeval timeout{5, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
      std::lock_guard<std::mutex> lock(mu_);
      open_fds_.insert(fd);
      connections_.emplace_back([this, fd] { Serve(fd); });
    }
  }

  void Serve(int fd) {
    std::string buffer;
    ReceivedRequest request;
    while (!stopping_ && ReadRequest(fd, &buffer, &request)) {
      int index = request_count_++;
      int now = ++concurrent_;
      for (int seen = max_concurrent_;
           now > seen && !max_concurrent_.compare_exchange_weak(seen, now);) {
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        received_.push_back(request);
      }
      ScriptedResponse response = handler_(request, index);
      if (response.delay_seconds > 0) {
        std::this_thread::sleep_for(std::chrono::duration<double>(response.delay_seconds));
      }
      --concurrent_;
      if (response.reset) {
        linger hard{1, 0};  // close with RST
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
        break;
      }
      if (!Write(fd, Render(response)) || !keep_alive_) break;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_fds_.erase(fd);
    }
    ::close(fd);
  }

  std::string Render(const ScriptedResponse& r) const {
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " Scripted\r\n";
    for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    if (!keep_alive_) out += "Connection: close\r\n";
    return out + "\r\n" + r.body;
  }

  static bool Write(int fd, const std::string& data) {
    for (size_t sent = 0; sent < data.size();) {
      ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  static bool Fill(int fd, std::string* buffer) {
    char chunk[8192];
    ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer->append(chunk, static_cast<size_t>(n));
    return true;
  }

  static bool ReadRequest(int fd, std::string* buffer, ReceivedRequest* out) {
    size_t end;
    while ((end = buffer->find("\r\n\r\n")) == std::string::npos) {
      if (buffer->size() > (1 << 20) || !Fill(fd, buffer)) return false;
    }
    std::string head = buffer->substr(0, end);
    buffer->erase(0, end + 4);
    *out = ReceivedRequest();
    size_t line_end = head.find("\r\n");
    std::string line = head.substr(0, line_end);
    size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    if (sp1 == std::string::npos || sp2 <= sp1) return false;
    out->method = line.substr(0, sp1);
    out->target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    for (size_t at = line_end; at != std::string::npos && at < head.size();) {
      size_t next = head.find("\r\n", at + 2);
      std::string field =
          head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
      size_t colon = field.find(':');
      if (colon != std::string::npos) {
        std::string name = Lower(field.substr(0, colon));
        size_t value_start = field.find_first_not_of(' ', colon + 1);
        out->headers[name] = value_start == std::string::npos ? "" : field.substr(value_start);
      }
      at = next;
    }
    size_t length = 0;
    if (auto it = out->headers.find("content-length"); it != out->headers.end()) {
      length = std::stoul(it->second);
    }
    while (buffer->size() < length) {
      if (!Fill(fd, buffer)) return false;
    }
    out->body = buffer->substr(0, length);
    buffer->erase(0, length);
    return true;
  }

  Handler handler_;
  const bool keep_alive_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::set<int> open_fds_;
  std::vector<std::thread> connections_;
  std::vector<ReceivedRequest> received_;
  std::atomic<int> request_count_{0};
  std::atomic<int> connection_count_{0};
  std::atomic<int> concurrent_{0};
  std::atomic<int> max_concurrent_{0};
};

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_AWS_CLIENT_TEST_SERVER_H_
