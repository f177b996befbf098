// Runs a shell command (credential_process) and returns what it printed.
//
// The command runs under /bin/sh -c with stdin from /dev/null and stderr
// inherited (so its own diagnostics reach the user), in a process group of
// its own that is killed when it outlives `timeout_ms`. Errors describe the exit status, never the
// output, which holds secrets.

#ifndef BACKUPCTL_PROVIDERS_AWS_SUBPROCESS_H_
#define BACKUPCTL_PROVIDERS_AWS_SUBPROCESS_H_

#include <string>

#include "providers/api_error.h"

namespace backupctl {

Outcome<std::string> RunCommand(const std::string& command, long timeout_ms);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_SUBPROCESS_H_
