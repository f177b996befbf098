// The pure-compute figure: load, validate, diff and plan a large tree with no
// network, in a child process of its own so its peak RSS (ru_maxrss) is the
// cost of that work alone.
//
// The child loads the tree (LoadTree: read, parse, validate), builds the
// live side in memory (MirrorLive: the estate as already applied; timed
// apart, it stands in for the read), then plans (MakePlan: normalise, diff,
// order), and prints its timings as one JSON line on stdout.

#ifndef BACKUPCTL_BENCH_COMPUTE_H_
#define BACKUPCTL_BENCH_COMPUTE_H_

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace backupctl::bench {

struct ComputeFigures {
  int64_t declared = 0;  // resources the tree declares
  int files = 0;
  double load_ms = 0;    // LoadTree: read, parse and validate every file
  double mirror_ms = 0;  // building the in-memory live side (not part of the target)
  double plan_ms = 0;    // MakePlan: normalise, diff and order
  int64_t actions = 0;   // planned actions: 0 for a converged estate
  int64_t peak_rss_kb = 0;
  std::string error;
  double target_ms() const { return load_ms + plan_ms; }
};

nlohmann::json ToJson(const ComputeFigures& figures);

// The child's side: works on `dir`, prints the figures, returns the exit code.
int RunComputeChild(const std::string& dir);

// The parent's side: runs `self --compute-child dir`, reads its figures and
// its peak RSS. A child that takes longer than `timeout_seconds` is killed.
ComputeFigures MeasureCompute(const std::string& self, const std::string& dir, int timeout_seconds);

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_COMPUTE_H_
