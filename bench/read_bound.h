// The documented minimal read set of an estate (docs/reconcile.md, "The
// minimal read set") and the lower bound it puts on a plan's wall time.
//
// Counts are what a read of a fully declared, fully owned estate must make:
// cold, every call in the table; warm (the daemon's LiveCache holds every
// plan version and selection), no GetBackupPlan and no GetBackupSelection.
//
// The critical path is the longest chain of calls that each need the answer
// of the one before: list pages follow each other (NextToken), a plan's
// selections are listed after the plans page that names it, a selection is
// read after the selections page that names it:
//   vaults: ListBackupVaults pages, then one ListTags / Get* call;
//   plans:  ListBackupPlans pages, ListBackupSelections pages, GetBackupSelection.
// With latency L per call and at most F calls in flight no read can finish
// sooner than max(critical path x L, calls x L / F).

#ifndef BACKUPCTL_BENCH_READ_BOUND_H_
#define BACKUPCTL_BENCH_READ_BOUND_H_

#include <cstdint>
#include <map>
#include <string>

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

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_READ_BOUND_H_
