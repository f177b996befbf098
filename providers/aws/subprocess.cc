#include "providers/aws/subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "base/fd_read.h"

extern char** environ;

namespace backupctl {
namespace {

constexpr size_t kMaxOutput = 1 << 20;

ApiError ProcessError(const std::string& message) {
  return MakeError(ErrorKind::kOther, "CredentialProcessError", message, 0);
}

int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

Outcome<std::string> RunCommand(const std::string& command, long timeout_ms) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return ProcessError("cannot create a pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  // Its own process group, so a timeout kills the shell and whatever it started.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char**>(argv), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return ProcessError("cannot start /bin/sh for credential_process");
  }
  std::string output;
  bool finished =
      ReadUntilEof(fds[0], std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms),
                   kMaxOutput, &output);
  close(fds[0]);
  if (!finished) kill(-pid, SIGKILL);
  int status = WaitFor(pid);
  if (!finished) {
    return ProcessError("credential_process did not finish within " + std::to_string(timeout_ms) +
                        " ms and was killed");
  }
  if (output.size() > kMaxOutput) return ProcessError("credential_process printed over 1 MiB");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string how = WIFEXITED(status)
                          ? "exited with status " + std::to_string(WEXITSTATUS(status))
                          : "was killed by signal " + std::to_string(WTERMSIG(status));
    return ProcessError("credential_process " + how);
  }
  return output;
}

}  // namespace backupctl
