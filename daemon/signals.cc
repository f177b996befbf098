#include "daemon/signals.h"

#include <pthread.h>
#include <signal.h>

#include <cerrno>

namespace backupctl {

namespace {

sigset_t DaemonSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

bool BlockDaemonSignals() {
  sigset_t set = DaemonSignals();
  return pthread_sigmask(SIG_BLOCK, &set, nullptr) == 0;
}

int WaitForDaemonSignal(std::chrono::milliseconds timeout) {
  sigset_t set = DaemonSignals();
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  struct timespec ts;
  ts.tv_sec = secs.count();
  ts.tv_nsec = std::chrono::duration_cast<std::chrono::nanoseconds>(timeout - secs).count();
  for (;;) {
    int sig = sigtimedwait(&set, nullptr, &ts);
    if (sig > 0) return sig;
    // EINTR: another (unblocked) signal woke us; wait again, a little longer at worst.
    if (errno != EINTR) return 0;
  }
}

}  // namespace backupctl
