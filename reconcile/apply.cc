#include "reconcile/apply.h"

#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "reconcile/apply_steps.h"
#include "reconcile/worker_pool.h"

namespace backupctl {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class Executor {
 public:
  Executor(const ActionPlan& plan, const std::map<std::string, BackupApi*>& apis,
           const ApplyOptions& options)
      : plan_(plan), steps_(plan, apis, options), pool_(options.parallelism) {}

  ApplyReport Run() {
    auto start = Clock::now();
    const size_t n = plan_.actions.size();
    report_.outcomes.resize(n);
    waiting_.assign(n, 0);
    poisoned_.assign(n, "");
    dependents_.assign(n, {});
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < n; ++i) index[plan_.actions[i].id] = i;
    for (size_t i = 0; i < n; ++i) {
      for (const auto& d : plan_.actions[i].depends_on) {
        auto it = index.find(d);
        if (it == index.end()) continue;
        dependents_[it->second].push_back(i);
        ++waiting_[i];
      }
    }
    // The roots are collected before any runs: once one does, workers count
    // waiting_ down, and a dependent reaching 0 is theirs to schedule (reading
    // waiting_ here then would race, and could run that action twice).
    std::vector<size_t> roots;
    for (size_t i = 0; i < n; ++i) {
      if (waiting_[i] == 0) roots.push_back(i);
    }
    for (size_t i : roots) Schedule(i);
    pool_.Wait();
    for (const auto& o : report_.outcomes) {
      switch (o.status) {
        case OutcomeStatus::kDone:
          ++report_.done;
          break;
        case OutcomeStatus::kFailed:
          ++report_.failed;
          break;
        case OutcomeStatus::kSkipped:
          ++report_.skipped;
          break;
        case OutcomeStatus::kBlocked:
          ++report_.blocked;
          break;
      }
    }
    report_.write_calls = steps_.write_calls();
    report_.seconds = SecondsSince(start);
    return std::move(report_);
  }

 private:
  void Schedule(size_t i) {
    pool_.Submit([this, i] { RunOne(i); });
  }

  void RunOne(size_t i) {
    const Action& a = plan_.actions[i];
    ActionOutcome out{a.id, a.type, a.kind, a.name, OutcomeStatus::kDone, "", 0};
    auto start = Clock::now();
    std::string poison;
    {
      std::lock_guard<std::mutex> lock(mu_);
      poison = poisoned_[i];
    }
    if (!poison.empty()) {
      out.status = OutcomeStatus::kSkipped;
      out.detail = poison;
    } else if (a.type == ActionType::kBlocked || a.type == ActionType::kConflict) {
      out.status = OutcomeStatus::kBlocked;
      out.detail = a.reason;
    } else {
      StepResult r = steps_.Execute(a);
      out.status = r.ok ? OutcomeStatus::kDone : OutcomeStatus::kFailed;
      out.detail = r.detail;
    }
    out.seconds = SecondsSince(start);
    Log(out);
    Complete(i, std::move(out));
  }

  static void Log(const ActionOutcome& o) {
    if (o.status == OutcomeStatus::kFailed) {
      spdlog::error("{} {}: failed: {}", ActionTypeName(o.type), o.id, o.detail);
    } else {
      spdlog::info("{} {}: {}{}{} ({:.3f}s)", ActionTypeName(o.type), o.id,
                   OutcomeStatusName(o.status), o.detail.empty() ? "" : ": ", o.detail, o.seconds);
    }
  }

  void Complete(size_t i, ActionOutcome out) {
    std::vector<size_t> ready;
    {
      std::lock_guard<std::mutex> lock(mu_);
      bool ok = out.status == OutcomeStatus::kDone;
      std::string why = "depends on " + out.id + ", which " +
                        (out.status == OutcomeStatus::kBlocked ? "is blocked" : "did not complete");
      report_.outcomes[i] = std::move(out);
      for (size_t d : dependents_[i]) {
        if (!ok && poisoned_[d].empty()) poisoned_[d] = why;
        if (--waiting_[d] == 0) ready.push_back(d);
      }
    }
    for (size_t d : ready) Schedule(d);
  }

  const ActionPlan& plan_;
  ActionSteps steps_;
  std::mutex mu_;
  std::vector<int> waiting_;           // unfinished dependencies per action
  std::vector<std::string> poisoned_;  // why an action must be skipped
  std::vector<std::vector<size_t>> dependents_;
  ApplyReport report_;
  WorkerPool pool_;  // last: joined before the state it touches goes away
};

}  // namespace

const char* OutcomeStatusName(OutcomeStatus status) {
  switch (status) {
    case OutcomeStatus::kDone:
      return "done";
    case OutcomeStatus::kFailed:
      return "failed";
    case OutcomeStatus::kSkipped:
      return "skipped";
    case OutcomeStatus::kBlocked:
      return "blocked";
  }
  return "unknown";
}

ApplyReport Apply(const ActionPlan& plan, BackupApi& api, const ApplyOptions& options) {
  const std::map<std::string, BackupApi*> apis{{"", &api}};
  return Executor(plan, apis, options).Run();
}

ApplyReport ApplyOnTargets(const ActionPlan& plan, const std::map<std::string, BackupApi*>& apis,
                           const ApplyOptions& options) {
  for (const Action& a : plan.actions) {
    if (apis.count(a.target) == 0) {
      throw std::invalid_argument("ApplyOnTargets: no api for target \"" + a.target + "\"");
    }
  }
  return Executor(plan, apis, options).Run();
}

}  // namespace backupctl
