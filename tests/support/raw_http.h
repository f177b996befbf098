// Raw HTTP/1.1 over loopback sockets, for tests that must behave as no real
// client does: send headers a line at a time, announce a body and never send
// it, connect from another loopback address (127.0.0.2) to be another peer,
// or hold a connection idle. Every wait is bounded.

#ifndef BACKUPCTL_TESTS_SUPPORT_RAW_HTTP_H_
#define BACKUPCTL_TESTS_SUPPORT_RAW_HTTP_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "providers/sigv4/sigv4.h"

namespace backupctl::testing {

// A TCP connection to 127.0.0.1:port from `source` (any 127/8 address); -1 on failure.
inline int ConnectFrom(int port, const std::string& source = "127.0.0.1") {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  return fd;
}

// False when the peer closed or reset the connection.
inline bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// What arrives within `timeout`: up to the end of one response (its
// Content-Length), the peer's close, or the timeout.
inline std::string ReadResponse(int fd, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string in;
  for (;;) {
    size_t end = in.find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t at = in.find("Content-Length: ");
      size_t length = at == std::string::npos || at > end ? 0 : std::atol(in.c_str() + at + 16);
      if (in.size() >= end + 4 + length) return in;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return in;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) return in;
    in.append(buf, static_cast<size_t>(n));
  }
}

// The status code of a response read by ReadResponse; 0 when there is none.
inline int StatusOf(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.c_str() + 9);
}

// One request on a fresh connection, answered within `timeout` or 0.
inline int Probe(int port, const std::string& path, std::chrono::milliseconds timeout,
                 const std::string& source = "127.0.0.1") {
  int fd = ConnectFrom(port, source);
  if (fd < 0) return 0;
  SendAll(fd, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  int status = StatusOf(ReadResponse(fd, timeout));
  ::close(fd);
  return status;
}

// The raw bytes of a request signed like an AWS SDK would (test:test),
// with the scope and headers given; the body is not appended.
inline std::string SignedHead(const std::string& method, const std::string& path, int port,
                              const std::string& body, const SigV4Options& options,
                              const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  SigV4Request req{method, path, "", {}, body};
  req.headers.emplace_back("Host", "127.0.0.1:" + std::to_string(port));
  req.headers.emplace_back("Content-Type", "application/json");
  for (const auto& header : extra) req.headers.push_back(header);
  SignRequest(&req, {"test", "test", "", std::nullopt}, options);
  std::string head = method + " " + path + " HTTP/1.1\r\n";
  for (const auto& [name, value] : req.headers) head += name + ": " + value + "\r\n";
  return head + "\r\n";
}

// `count` connections from `source`, each sending a request line and then
// one header line every `every`, never finishing, until destroyed or `stop_after`.
class SlowClients {
 public:
  SlowClients(int port, int count, const std::string& source = "127.0.0.1",
              std::chrono::milliseconds every = std::chrono::milliseconds(1000),
              std::chrono::seconds stop_after = std::chrono::seconds(20)) {
    for (int i = 0; i < count; ++i) {
      int fd = ConnectFrom(port, source);
      if (fd < 0) continue;
      SendAll(fd, "POST /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      fds_.push_back(fd);
    }
    drip_ = std::thread([this, every, stop_after] {
      auto end = std::chrono::steady_clock::now() + stop_after;
      for (int line = 0; !done_ && std::chrono::steady_clock::now() < end; ++line) {
        for (int fd : fds_) SendAll(fd, "X-Slow-" + std::to_string(line) + ": 1\r\n");
        for (auto t = every; t.count() > 0 && !done_; t -= std::chrono::milliseconds(10)) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
    });
  }
  ~SlowClients() {
    done_ = true;
    drip_.join();
    for (int fd : fds_) ::close(fd);
  }
  size_t connected() const { return fds_.size(); }
  // Connections the server has closed (EOF or reset) or answered by now.
  int Ended() const {
    int ended = 0;
    for (int fd : fds_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 0) > 0) ++ended;
    }
    return ended;
  }

 private:
  std::vector<int> fds_;
  std::atomic<bool> done_{false};
  std::thread drip_;
};

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_SUPPORT_RAW_HTTP_H_
