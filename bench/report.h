// One benchmark run's figures, and how they are shown: a table for people
// (stdout) and JSON for the record. Each figure is compared with its target
// from issue 8; bench/README.md explains them.

#ifndef BACKUPCTL_BENCH_REPORT_H_
#define BACKUPCTL_BENCH_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/api_figures.h"
#include "bench/compute.h"
#include "bench/estate.h"
#include "bench/read_bound.h"
#include "bench/targets_bench.h"

namespace backupctl::bench {

struct BenchRun {
  std::string started;                  // UTC, ISO 8601
  std::string load_before, load_after;  // /proc/loadavg, first three fields
  unsigned cpus = 0;
  EstateShape shape;
  double latency_ms = 20;
  int in_flight = 32;
  int change_every = 10;
  double seed_seconds = 0;
  std::optional<StepFigures> cold;
  std::optional<DaemonFigures> daemon;
  std::optional<StepFigures> apply;
  std::optional<bool> converged_after_apply;
  std::string converged_error;
  std::vector<ComputeFigures> compute;
  std::optional<TargetsFigures> targets;             // over HTTP
  std::optional<TargetsFigures> targets_in_process;  // DelayedApi, no HTTP
};

std::string RenderTable(const BenchRun& run);
nlohmann::json ToJson(const BenchRun& run);

// Targets of issue 8.
inline constexpr double kColdRatioTarget = 1.25;
inline constexpr double kWarmShareTarget = 0.60;
inline constexpr double kComputeMsTarget = 2000;  // issue 16: libyaml alone
inline constexpr double kComputeRssMbTarget = 300;
inline constexpr int64_t kComputeTargetResources = 100000;

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_REPORT_H_
