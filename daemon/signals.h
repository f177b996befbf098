// Shutdown and reload signals, taken synchronously by one thread.
//
// BlockDaemonSignals() blocks SIGTERM, SIGINT and SIGHUP in the calling
// thread; call it before any thread starts so every thread inherits the mask
// and no handler ever runs (nothing async-signal-unsafe can happen). The main
// thread then takes them one by one with WaitForDaemonSignal (sigtimedwait).

#ifndef BACKUPCTL_DAEMON_SIGNALS_H_
#define BACKUPCTL_DAEMON_SIGNALS_H_

#include <chrono>

namespace backupctl {

// False when the mask could not be set (then nothing was changed).
bool BlockDaemonSignals();

// The signal taken, or 0 when `timeout` passed without one.
int WaitForDaemonSignal(std::chrono::milliseconds timeout);

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_SIGNALS_H_
