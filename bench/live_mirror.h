// The live side of the pure-compute benchmark: a LiveState that says the
// account already holds exactly the declared estate, built in memory with
// no API at all.
//
// It looks like what ReadLive returns for a converged estate we created:
// every resource owned (our tag and our CreatorRequestId), every part known,
// ids, ARNs and version ids filled in, the ownership tag present, the
// defaults AWS fills in made explicit (rule timezone, start and completion
// windows) and source locations absent. So diff and plan do their full work
// (normalise and compare every field of every resource) and find no change.

#ifndef BACKUPCTL_BENCH_LIVE_MIRROR_H_
#define BACKUPCTL_BENCH_LIVE_MIRROR_H_

#include <string>

#include "desired/model.h"
#include "reconcile/live.h"

namespace backupctl::bench {

LiveState MirrorLive(const DesiredState& desired, const std::string& region,
                     const std::string& account_id);

}  // namespace backupctl::bench

#endif  // BACKUPCTL_BENCH_LIVE_MIRROR_H_
