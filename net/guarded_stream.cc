#include "net/guarded_stream.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace backupctl {

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

std::string LocalAddress(int sock, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "";
  return NumericHost(addr, len, port);
}

}  // namespace

std::string PeerAddress(int sock, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "";
  return NumericHost(addr, len, port);
}

bool GuardedStream::WaitForRequest(bool first) {
  if (pos_ < len_) return true;
  auto wait = first ? limits_.header_timeout : limits_.keep_alive_timeout;
  return WaitFor(POLLIN, Clock::now() + wait, true) == Wait::kReady;
}

void GuardedStream::BeginRequest() {
  deadline_ = Clock::now() + limits_.header_timeout;
  in_body_ = false;
  header_bytes_ = body_bytes_ = 0;
  screened_ = body_too_large_ = false;
}

void GuardedStream::BeginBody() {
  deadline_ = Clock::now() + limits_.body_timeout;
  in_body_ = true;
}

bool GuardedStream::is_readable() const {
  return pos_ < len_ || WaitFor(POLLIN, deadline_, true) == Wait::kReady;
}

bool GuardedStream::is_writable() const {
  return WaitFor(POLLOUT, Clock::now() + limits_.write_timeout, false) == Wait::kReady;
}

ssize_t GuardedStream::read(char* ptr, size_t size) {
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

ssize_t GuardedStream::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  ssize_t n;
  do {
    n = send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void GuardedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = PeerAddress(sock_, &port);
}

void GuardedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = LocalAddress(sock_, &port);
}

// Reads what has arrived into the buffer, waiting until the deadline.
bool GuardedStream::Fill() {
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

GuardedStream::Wait GuardedStream::WaitFor(short events, Clock::time_point deadline,
                                           bool stoppable) const {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return Wait::kTimeout;
    pollfd fds[2] = {{sock_, events, 0}, {wake_, POLLIN, 0}};
    int n =
        poll(fds, stoppable ? 2 : 1, static_cast<int>(std::min<long long>(left.count(), INT_MAX)));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Wait::kError;
    if (n == 0) continue;
    if (stoppable && fds[1].revents != 0) return Wait::kStopped;
    if (fds[0].revents != 0) return Wait::kReady;
  }
}

}  // namespace backupctl
