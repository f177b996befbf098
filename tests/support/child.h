// A child process for end-to-end tests: its first stdout line (the
// "listening on" line) through a pipe, its stderr to a file; signals; a
// bounded wait for its exit. Killed and reaped when destroyed.

#ifndef BACKUPCTL_TESTS_SUPPORT_CHILD_H_
#define BACKUPCTL_TESTS_SUPPORT_CHILD_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace backupctl::testing {

// A child process: stdout through a pipe (for its first line), stderr to a file.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
        const std::filesystem::path& stderr_file) {
    // The environment is built before fork: the child only calls async-signal-safe functions.
    std::vector<std::string> merged = env;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string kv = *e;
      std::string key = kv.substr(0, kv.find('=') + 1);
      bool overridden = false;
      for (const auto& o : env) overridden = overridden || o.rfind(key, 0) == 0;
      if (!overridden) merged.push_back(kv);
    }
    std::vector<char*> envp;
    for (auto& kv : merged) envp.push_back(kv.data());
    envp.push_back(nullptr);
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      int err = ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(err, 2);
      ::close(out[0]);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execve(args[0], args.data(), envp.data());
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = out[0];
  }
  ~Child() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ >= 0) ::close(stdout_);
  }

  // The first stdout line, or "" after `timeout`.
  std::string FirstLine(std::chrono::milliseconds timeout) {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      struct pollfd p = {stdout_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c;
      if (::read(stdout_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return "";
  }
  void Signal(int sig) { ::kill(pid_, sig); }
  // The exit status, or -1 if still running after `timeout`.
  int Wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  bool started() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
  bool exited_ = false;
};

// The port of a "listening on http://HOST:PORT" line; 0 if none.
inline int PortOf(const std::string& listening_line) {
  std::smatch m;
  if (!std::regex_search(listening_line, m, std::regex(":([0-9]+)\\s*$"))) return 0;
  return std::stoi(m[1]);
}

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_SUPPORT_CHILD_H_
