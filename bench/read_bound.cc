#include "bench/read_bound.h"

#include <algorithm>

namespace backupctl::bench {
namespace {

int64_t Pages(int64_t items, int page_size) {
  return std::max<int64_t>(1, (items + page_size - 1) / page_size);
}

// The most selections any one plan holds (they are spread round-robin).
int64_t MaxSelectionsPerPlan(const EstateShape& shape) {
  if (shape.plans <= 0) return 0;
  return (static_cast<int64_t>(shape.selections) + shape.plans - 1) / shape.plans;
}

ReadSet Read(const EstateShape& shape, int page_size, bool warm) {
  ReadSet read;
  const int64_t v = shape.vaults, p = shape.plans, s = shape.selections;
  const int64_t selection_pages = Pages(MaxSelectionsPerPlan(shape), page_size);
  read.calls["ListBackupVaults"] = Pages(v, page_size);
  read.calls["ListTags"] = v + p;
  read.calls["GetBackupVaultNotifications"] = v;
  read.calls["GetBackupVaultAccessPolicy"] = v;
  read.calls["ListBackupPlans"] = Pages(p, page_size);
  read.calls["ListBackupSelections"] = p * selection_pages;
  // The region settings, for the opt-in warning on selections (docs/reconcile.md).
  if (s > 0) read.calls["DescribeRegionSettings"] = 1;
  if (!warm) {
    read.calls["GetBackupPlan"] = p;
    read.calls["GetBackupSelection"] = s;
  }
  for (const auto& [op, n] : read.calls) read.total += n;
  const int64_t vault_chain = Pages(v, page_size) + (v > 0 ? 1 : 0);
  int64_t plan_chain = Pages(p, page_size);
  if (p > 0) plan_chain += selection_pages + (warm || s == 0 ? 0 : 1);
  read.critical_path = static_cast<int>(std::max(vault_chain, plan_chain));
  return read;
}

}  // namespace

ReadSet DocumentedColdRead(const EstateShape& shape, int page_size) {
  return Read(shape, page_size, false);
}

ReadSet DocumentedWarmRead(const EstateShape& shape, int page_size) {
  return Read(shape, page_size, true);
}

double LowerBoundMs(const ReadSet& read, double latency_ms, int in_flight) {
  double chain = read.critical_path * latency_ms;
  double throughput = static_cast<double>(read.total) * latency_ms / std::max(1, in_flight);
  return std::max(chain, throughput);
}

TargetsBound TargetsLowerBound(const std::vector<ReadSet>& reads, double latency_ms, int per_target,
                               int global) {
  TargetsBound bound;
  for (const ReadSet& read : reads) {
    bound.per_target_ms = std::max(bound.per_target_ms, LowerBoundMs(read, latency_ms, per_target));
    bound.calls += read.total;
  }
  bound.global_ms = static_cast<double>(bound.calls) * latency_ms / std::max(1, global);
  return bound;
}

}  // namespace backupctl::bench
