#include "bench/compute.h"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>

#include "base/fd_read.h"
#include "bench/live_mirror.h"
#include "desired/loader.h"
#include "reconcile/plan.h"

namespace backupctl::bench {
namespace {

using Clock = std::chrono::steady_clock;
// The child prints one JSON object of figures; more is a broken child.
constexpr size_t kMaxChildOutput = size_t{16} << 20;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

ComputeFigures FromJson(const nlohmann::json& j) {
  ComputeFigures f;
  f.declared = j.value("declared", int64_t{0});
  f.files = j.value("files", 0);
  f.load_ms = j.value("load_ms", 0.0);
  f.mirror_ms = j.value("mirror_ms", 0.0);
  f.plan_ms = j.value("plan_ms", 0.0);
  f.actions = j.value("actions", int64_t{0});
  f.error = j.value("error", "");
  return f;
}

}  // namespace

nlohmann::json ToJson(const ComputeFigures& f) {
  nlohmann::json j = {{"declared", f.declared}, {"files", f.files},
                      {"load_ms", f.load_ms},   {"mirror_ms", f.mirror_ms},
                      {"plan_ms", f.plan_ms},   {"target_ms", f.target_ms()},
                      {"actions", f.actions},   {"peak_rss_kb", f.peak_rss_kb}};
  if (!f.error.empty()) j["error"] = f.error;
  return j;
}

int RunComputeChild(const std::string& dir) {
  ComputeFigures f;
  auto start = Clock::now();
  LoadResult tree = LoadTree(dir);
  f.load_ms = MsSince(start);
  f.files = tree.files_read;
  f.declared = static_cast<int64_t>(tree.state.ResourceCount());
  if (!tree.ok()) {
    f.error = "the generated tree is invalid: " + tree.diagnostics.front().ToString();
    std::cout << ToJson(f).dump() << std::endl;
    return 1;
  }
  start = Clock::now();
  LiveState live = MirrorLive(tree.state, tree.state.project.target.region.value_or("us-east-1"),
                              "123456789012");
  f.mirror_ms = MsSince(start);
  start = Clock::now();
  PlanResult plan = MakePlan(tree.state, live, PlanOptions{});
  f.plan_ms = MsSince(start);
  f.actions = static_cast<int64_t>(plan.plan.actions.size());
  if (!plan.ok()) f.error = "planning failed: " + plan.error;
  std::cout << ToJson(f).dump() << std::endl;
  return f.error.empty() ? 0 : 1;
}

ComputeFigures MeasureCompute(const std::string& self, const std::string& dir,
                              int timeout_seconds) {
  ComputeFigures failed;
  int fds[2];
  if (pipe(fds) != 0) {
    failed.error = std::string("pipe: ") + std::strerror(errno);
    return failed;
  }
  pid_t pid = fork();
  if (pid < 0) {
    failed.error = std::string("fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return failed;
  }
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(self.c_str(), self.c_str(), "--compute-child", dir.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string output;
  bool finished = ReadUntilEof(fds[0], Clock::now() + std::chrono::seconds(timeout_seconds),
                               kMaxChildOutput, &output);
  close(fds[0]);
  if (!finished) kill(pid, SIGKILL);
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (!finished) {
    failed.error = "timed out after " + std::to_string(timeout_seconds) + " s";
    return failed;
  }
  nlohmann::json j = nlohmann::json::parse(output, nullptr, false);
  ComputeFigures f = j.is_object() ? FromJson(j) : failed;
  if (!j.is_object())
    f.error =
        "the child printed no figures (exit status " + std::to_string(status) + "): " + output;
  f.peak_rss_kb = usage.ru_maxrss;  // Linux: kilobytes
  return f;
}

}  // namespace backupctl::bench
