#include "reconcile/targets.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "providers/forwarding_api.h"

namespace backupctl {
namespace {

// A counting semaphore that hands each released slot to the longest waiter
// and wakes only that thread. std::counting_semaphore (libstdc++ 12) wakes
// every waiter on a release from zero: with 50 targets of 32 readers each,
// ~1,500 threads woke for every call that finished, and the herd ate the
// CPU the calls needed (the 50-target bench, bench/README.md).
class Semaphore {
 public:
  explicit Semaphore(int slots) : available_(std::max(1, slots)) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  void acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    if (available_ > 0 && waiters_.empty()) {
      --available_;
      return;
    }
    Waiter self;
    waiters_.push_back(&self);
    self.cv.wait(lock, [&self] { return self.granted; });
  }

  void release() {
    std::lock_guard<std::mutex> lock(mu_);
    if (waiters_.empty()) {
      ++available_;
      return;
    }
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    next->granted = true;
    next->cv.notify_one();  // under the lock: `next` lives on its waiter's stack
  }

 private:
  struct Waiter {
    std::condition_variable cv;
    bool granted = false;
  };
  std::mutex mu_;
  int available_;
  std::deque<Waiter*> waiters_;
};

// Holds a per-target and then a global slot for the length of every call.
class LimitedApi : public ForwardingApi {
 public:
  LimitedApi(BackupApi& inner, int limit, Semaphore* global)
      : ForwardingApi(inner), own_(limit), global_(global) {}

 protected:
  std::optional<ApiError> Around(const char* operation, const Call& call) override {
    std::string_view op(operation);
    if (op.rfind("Get", 0) != 0 && op.rfind("List", 0) != 0 && op.rfind("Describe", 0) != 0) {
      ++writes_;
    }
    own_.acquire();
    global_->acquire();
    call();
    global_->release();
    own_.release();
    return std::nullopt;
  }

 public:
  int64_t writes() const { return writes_.load(); }

 private:
  std::atomic<int64_t> writes_{0};
  Semaphore own_;
  Semaphore* global_;
};

// arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME -> the target and vault.
bool VaultOnTarget(const std::string& arn, const TargetsPlan& plan, std::string* target,
                   std::string* vault) {
  for (const TargetPlan& t : plan.targets) {
    const TargetSpec& spec = t.target->spec;
    std::string prefix = "arn:" + spec.partition + ":backup:" + spec.region + ":" +
                         spec.account_id + ":backup-vault:";
    if (arn.rfind(prefix, 0) == 0) {
      *target = spec.name;
      *vault = arn.substr(prefix.size());
      return true;
    }
  }
  return false;
}

// Where each declared plan of every target copies to: ARN -> "target T's plan P".
std::map<std::string, std::string> DeclaredCopyDestinations(const TargetsPlan& plan) {
  std::map<std::string, std::string> out;
  for (const TargetPlan& t : plan.targets) {
    for (const BackupPlanSpec& p : t.target->state.plans) {
      for (const Rule& r : p.rules) {
        for (const CopyActionSpec& c : r.copy_actions) {
          out.emplace(c.destination_vault_arn,
                      "plan \"" + p.name + "\" of target \"" + t.target->spec.name + "\"");
        }
      }
    }
  }
  return out;
}

// A vault another target's declared plan copies into is never pruned.
void BlockCopyDestinations(TargetsPlan* plan) {
  std::map<std::string, std::string> destinations = DeclaredCopyDestinations(*plan);
  for (TargetPlan& t : plan->targets) {
    const TargetSpec& spec = t.target->spec;
    for (Action& a : t.run.result.plan.actions) {
      if (a.kind != Kind::kVault || a.type != ActionType::kDelete) continue;
      std::string arn = "arn:" + spec.partition + ":backup:" + spec.region + ":" + spec.account_id +
                        ":backup-vault:" + a.name;
      auto it = destinations.find(arn);
      if (it == destinations.end()) continue;
      a.type = ActionType::kBlocked;
      a.reason = "not pruned: " + it->second + " copies into it";
    }
  }
}

std::vector<std::string> CopyDestinations(const Action& a) {
  std::vector<std::string> out;
  if (const auto* p = std::get_if<BackupPlanSpec>(&a.payload)) {
    for (const Rule& r : p->rules) {
      for (const CopyActionSpec& c : r.copy_actions) out.push_back(c.destination_vault_arn);
    }
  }
  return out;
}

}  // namespace

int TargetsPlan::failed() const {
  return static_cast<int>(std::count_if(targets.begin(), targets.end(),
                                        [](const TargetPlan& t) { return !t.run.ok(); }));
}

TargetsPlan PlanTargets(const std::vector<PlacedTarget>& targets,
                        const std::vector<BackupApi*>& apis,
                        const std::vector<std::string>& open_errors,
                        const TargetsOptions& options) {
  TargetsPlan plan;
  plan.targets.resize(targets.size());
  Semaphore global(options.global_in_flight);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < targets.size(); ++i) {
    TargetPlan& t = plan.targets[i];
    t.target = &targets[i];
    t.api = apis[i];
    if (t.api == nullptr) {
      t.run.error = open_errors[i].empty() ? "the target could not be opened" : open_errors[i];
      continue;
    }
    ReconcileOptions own = options.reconcile;
    own.cache = i < options.caches.size() ? options.caches[i] : nullptr;
    threads.emplace_back([&t, &global, own] {
      LimitedApi limited(*t.api, own.read_parallelism, &global);
      t.run = PlanAgainst(limited, t.target->state, own);
    });
  }
  for (auto& th : threads) th.join();
  BlockCopyDestinations(&plan);
  return plan;
}

ActionPlan MergeTargetPlans(const TargetsPlan& plan) {
  ActionPlan merged;
  std::map<std::string, std::set<std::string>> ids;  // target -> its action ids
  for (const TargetPlan& t : plan.targets) {
    if (!t.run.ok()) continue;
    const ActionPlan& own = t.run.result.plan;
    if (merged.stack.empty()) {
      merged.stack = own.stack;
      merged.options = own.options;
    }
    const std::string& name = t.target->spec.name;
    for (Action a : own.actions) {
      ids[name].insert(a.id);
      a.target = name;
      a.id = name + "/" + a.id;
      for (std::string& d : a.depends_on) d = name + "/" + d;
      merged.actions.push_back(std::move(a));
    }
  }
  std::vector<std::string> plan_changes;
  for (const Action& a : merged.actions) {
    if (a.kind == Kind::kBackupPlan) plan_changes.push_back(a.id);
  }
  for (Action& a : merged.actions) {
    if (a.kind == Kind::kBackupPlan && a.type != ActionType::kDelete) {
      for (const std::string& arn : CopyDestinations(a)) {
        std::string target, vault;
        if (!VaultOnTarget(arn, plan, &target, &vault) || target == a.target) continue;
        for (const char* prefix : {"vault:", "lock:", "policy:", "notifications:"}) {
          if (ids[target].count(prefix + vault))
            a.depends_on.push_back(target + "/" + prefix + vault);
        }
      }
    }
    if (a.kind == Kind::kVault && a.type == ActionType::kDelete) {
      for (const std::string& id : plan_changes) {
        if (id.rfind(a.target + "/", 0) != 0) a.depends_on.push_back(id);
      }
    }
  }
  return merged;
}

TargetsApply ApplyTargets(const TargetsPlan& plan, const TargetsOptions& options) {
  TargetsApply out;
  out.merged = MergeTargetPlans(plan);
  Semaphore global(options.global_in_flight);
  std::vector<std::unique_ptr<LimitedApi>> limited;
  std::map<std::string, BackupApi*> apis;
  for (const TargetPlan& t : plan.targets) {
    if (!t.run.ok()) continue;
    limited.push_back(
        std::make_unique<LimitedApi>(*t.api, options.reconcile.apply.parallelism, &global));
    apis[t.target->spec.name] = limited.back().get();
  }
  ApplyOptions apply = options.reconcile.apply;
  apply.parallelism = std::max(1, options.global_in_flight);
  out.report = ApplyOnTargets(out.merged, apis, apply);
  for (size_t i = 0; i < out.report.outcomes.size(); ++i) {
    const ActionOutcome& o = out.report.outcomes[i];
    ApplyReport& r = out.by_target[out.merged.actions[i].target];
    r.outcomes.push_back(o);
    switch (o.status) {
      case OutcomeStatus::kDone:
        ++r.done;
        break;
      case OutcomeStatus::kFailed:
        ++r.failed;
        break;
      case OutcomeStatus::kSkipped:
        ++r.skipped;
        break;
      case OutcomeStatus::kBlocked:
        ++r.blocked;
        break;
    }
  }
  for (size_t i = 0, k = 0; i < plan.targets.size(); ++i) {
    const TargetPlan& t = plan.targets[i];
    if (!t.run.ok()) continue;
    auto it = out.by_target.find(t.target->spec.name);
    int64_t writes = limited[k++]->writes();
    if (it == out.by_target.end()) continue;
    it->second.write_calls = writes;
    it->second.seconds = out.report.seconds;
  }
  return out;
}

}  // namespace backupctl
