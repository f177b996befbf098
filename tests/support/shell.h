// Runs a shell command for a test and keeps what it printed on stdout and
// how it exited (-1 when it did not exit normally or could not start).
// Callers bound it themselves (`timeout 60 ...`) and redirect stderr.

#ifndef BACKUPCTL_TESTS_SUPPORT_SHELL_H_
#define BACKUPCTL_TESTS_SUPPORT_SHELL_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace backupctl::testing {

struct ShellRun {
  std::string out;
  int exit_code = -1;
};

inline ShellRun RunShell(const std::string& command) {
  ShellRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) run.out.append(buf, n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_SUPPORT_SHELL_H_
