// Lanes: large trees are planned on several threads, each lane a contiguous
// slice of the declared resources, with exactly the serial result.

#include "reconcile/planner.h"

#include <algorithm>
#include <exception>
#include <iterator>
#include <thread>

namespace backupctl::planning {

namespace {

// Declared vaults, then declared plans, are planned in lanes: each lane
// plans a contiguous slice on a thread of its own into its own output, and
// the outputs are appended in slice order, so the plan is exactly the serial
// one. A resource's planning reads only the inputs and what an earlier phase
// decided (which vaults are created), never a sibling's result.
constexpr size_t kMinResourcesPerLane = 512;
constexpr size_t kMaxLanes = 8;

size_t LaneCount(const PlanOptions& options, size_t resources) {
  size_t threads = options.threads > 0 ? static_cast<size_t>(options.threads)
                                       : std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<size_t>(std::min(threads, resources / kMinResourcesPerLane), 1, kMaxLanes);
}

}  // namespace

// A lane: this planner's inputs and what earlier phases decided, no output yet.
Planner Planner::MakeLane() const {
  Planner lane(desired_, live_, options_, declared_, uses_);
  lane.now_ = now_;
  lane.vault_actions_ = vault_actions_;
  return lane;
}

// Appends a lane's output after this planner's own.
void Planner::Absorb(Planner& lane) {
  std::move(lane.forward_.begin(), lane.forward_.end(), std::back_inserter(forward_));
  for (auto& [kind, list] : lane.deletes_) {
    auto& to = deletes_[kind];
    std::move(list.begin(), list.end(), std::back_inserter(to));
  }
  std::move(lane.notes_.begin(), lane.notes_.end(), std::back_inserter(notes_));
  vault_actions_.merge(lane.vault_actions_);
  backup_plan_actions_.merge(lane.backup_plan_actions_);
}

void Planner::InLanes(size_t count, const std::function<void(Planner&, size_t)>& step) {
  const size_t lanes = LaneCount(options_, count);
  if (lanes == 1) {
    for (size_t i = 0; i < count; ++i) step(*this, i);
    return;
  }
  std::vector<Planner> planners;
  planners.reserve(lanes);
  for (size_t i = 0; i < lanes; ++i) planners.push_back(MakeLane());
  std::vector<std::exception_ptr> failures(lanes);
  auto run = [&](size_t lane) {
    try {
      const size_t end = count * (lane + 1) / lanes;
      for (size_t i = count * lane / lanes; i < end; ++i) step(planners[lane], i);
    } catch (...) {
      failures[lane] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t lane = 1; lane < lanes; ++lane) threads.emplace_back(run, lane);
  run(0);
  for (auto& t : threads) t.join();
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  for (auto& lane : planners) Absorb(lane);
}

}  // namespace backupctl::planning
