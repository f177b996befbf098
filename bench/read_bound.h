// The documented minimal read set of an estate (docs/reconcile.md, "The
// minimal read set") and the lower bound it puts on a plan's wall time.
//
// Counts are what a read of a fully declared, fully owned estate must make:
// cold, every call in the table; warm (the daemon's LiveCache holds every
// plan version and selection), no GetBackupPlan and no GetBackupSelection.
// With a selection, one DescribeRegionSettings (for the opt-in warning).
//
// The critical path is the longest chain of calls that each need the answer
// of the one before: list pages follow each other (NextToken), a plan's
// selections are listed after the plans page that names it, a selection is
// read after the selections page that names it:
//   vaults: ListBackupVaults pages, then one ListTags / Get* call;
//   plans:  ListBackupPlans pages, ListBackupSelections pages, GetBackupSelection.
// With latency L per call and at most F calls in flight no read can finish
// sooner than max(critical path x L, calls x L / F).
//
// Many targets (TargetsLowerBound), each with its own read set, a per-target
// limit F_t and a global limit G:
//   max(max_t max(critical path_t x L, calls_t x L / F_t), sum_t calls_t x L / G).

#ifndef BACKUPCTL_BENCH_READ_BOUND_H_
#define BACKUPCTL_BENCH_READ_BOUND_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/estate.h"

namespace backupctl::bench {

struct ReadSet {
  std::map<std::string, int64_t> calls;  // operation -> count
  int64_t total = 0;
  int critical_path = 0;  // calls in sequence
};

ReadSet DocumentedColdRead(const EstateShape& shape, int page_size = 1000);
ReadSet DocumentedWarmRead(const EstateShape& shape, int page_size = 1000);

// max(critical_path x latency, total x latency / in_flight), in milliseconds.
double LowerBoundMs(const ReadSet& read, double latency_ms, int in_flight);

// Many targets read at once (docs/targets.md), each under a per-target
// in-flight limit and all of them under a global one: no read of them all
// can beat the slowest target read alone (LowerBoundMs with the per-target
// limit) nor every call of every target through the global limit.
struct TargetsBound {
  double per_target_ms = 0;  // max over targets of LowerBoundMs(read_t, L, per_target)
  double global_ms = 0;      // sum of calls x L / global
  int64_t calls = 0;         // sum of calls
  double bound_ms() const { return per_target_ms > global_ms ? per_target_ms : global_ms; }
};
TargetsBound TargetsLowerBound(const std::vector<ReadSet>& reads, double latency_ms, int per_target,
                               int global);

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_READ_BOUND_H_
