#include "daemon/coordination/coordinator.h"

#include <algorithm>

#include "daemon/coordination/rendezvous.h"

namespace backupctl {
namespace {

constexpr auto kRetry = std::chrono::milliseconds(500);

std::string After(const std::string& key, const std::string& prefix) {
  return key.compare(0, prefix.size(), prefix) == 0 ? key.substr(prefix.size()) : "";
}

}  // namespace

std::string CheckCoordinatorOptions(const CoordinatorOptions& o) {
  if (o.prefix.empty() || o.prefix.back() != '/') return "the etcd prefix must end with '/'";
  if (o.replica.empty()) return "the replica id is empty";
  if (o.replica.find('/') != std::string::npos) return "the replica id may not contain '/'";
  if (o.ttl < std::chrono::seconds(2)) return "the lease TTL must be at least 2s";
  // Renewals go out every ttl/3: the margin must leave room for two of them.
  if (o.margin <= std::chrono::milliseconds(0) || o.margin * 3 > o.ttl * 2) {
    return "the fencing margin must be above 0 and at most 2/3 of the lease TTL";
  }
  return "";
}

Coordinator::WritePermit::WritePermit(Coordinator* owner, std::string target)
    : owner_(owner), target_(std::move(target)) {}
Coordinator::WritePermit::~WritePermit() { owner_->EndWrite(target_); }

Coordinator::Coordinator(EtcdClient& etcd, CoordinatorOptions options, CoordinatorHooks hooks)
    : etcd_(etcd),
      options_(std::move(options)),
      hooks_(std::move(hooks)),
      member_key_(options_.prefix + "members/" + options_.replica),
      owners_prefix_(options_.prefix + "owners/") {}

Coordinator::~Coordinator() { Stop(); }

void Coordinator::Log(const std::string& event, const std::string& detail) const {
  if (hooks_.log) hooks_.log(event, detail);
}

void Coordinator::Start() {
  session_thread_ = std::thread([this] { SessionLoop(); });
  watch_thread_ = std::thread([this] { WatchLoop(); });
  control_thread_ = std::thread([this] { ControlLoop(); });
}

void Coordinator::Stop() {
  if (stop_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    wake_.notify_all();
    session_cv_.notify_all();
  }
  for (std::thread* t : {&control_thread_, &watch_thread_, &session_thread_}) {
    if (t->joinable()) t->join();
  }
  int64_t lease = 0;
  {
    std::unique_lock<std::mutex> lock(mu_);
    owned_.clear();
    released_.wait_for(lock, options_.release_wait, [this] { return in_flight_.empty(); });
    lease = lease_;
    lease_ = 0;
  }
  // Revoking deletes the member key and every claim: the others take over now.
  if (lease != 0) {
    auto r = etcd_.Revoke(lease);
    Log(r.ok() ? "session closed" : "session close failed",
        r.ok() ? "lease revoked" : r.error.message);
  }
  if (hooks_.owned) hooks_.owned(0);
  if (hooks_.changed) hooks_.changed();
}

void Coordinator::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  dirty_ = true;
  wake_.notify_all();
}

void Coordinator::SetTargets(const std::vector<std::string>& targets) {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::string> next(targets.begin(), targets.end());
  if (next == targets_) return;
  targets_ = std::move(next);
  dirty_ = true;
  wake_.notify_all();
}

bool Coordinator::ValidLocked(Clock::time_point now) const {
  return lease_ != 0 && now + options_.margin < valid_until_;
}

bool Coordinator::HasSession() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ValidLocked(Clock::now());
}

bool Coordinator::Owns(const std::string& target) const {
  std::lock_guard<std::mutex> lock(mu_);
  return owned_.count(target) != 0;
}

std::vector<std::string> Coordinator::Owned() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {owned_.begin(), owned_.end()};
}

std::vector<std::string> Coordinator::Members() const {
  std::lock_guard<std::mutex> lock(mu_);
  return members_;
}

std::unique_ptr<Coordinator::WritePermit> Coordinator::BeginWrite(const std::string& target) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!ValidLocked(Clock::now()) || owned_.count(target) == 0) return nullptr;
  ++in_flight_[target];
  return std::unique_ptr<WritePermit>(new WritePermit(this, target));
}

void Coordinator::EndWrite(const std::string& target) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = in_flight_.find(target);
  if (it != in_flight_.end() && --it->second <= 0) in_flight_.erase(it);
  released_.notify_all();
}

bool Coordinator::OpenSession() {
  auto sent = Clock::now();
  auto grant = etcd_.Grant(options_.ttl.count());
  if (!grant.ok() || grant.value->ttl_seconds <= 0) {
    Log("session open failed", grant.ok() ? "no TTL granted" : grant.error.message);
    return false;
  }
  EtcdKv holder;
  auto put = etcd_.PutIfAbsent(member_key_, options_.replica, grant.value->id, &holder);
  if (!put.ok() || !*put.value) {
    // Another live lease holds this replica id (a twin, or our previous
    // process not yet expired): never share an id; try again later.
    etcd_.Revoke(grant.value->id);
    Log("session open failed", put.ok() ? "replica id \"" + options_.replica +
                                              "\" is held by another lease; waiting for it"
                                        : put.error.message);
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    lease_ = grant.value->id;
    valid_until_ = sent + std::chrono::seconds(grant.value->ttl_seconds);
    dirty_ = true;
    wake_.notify_all();
  }
  Log("session opened", "lease " + std::to_string(grant.value->id) + ", ttl " +
                            std::to_string(grant.value->ttl_seconds) + "s");
  if (hooks_.changed) hooks_.changed();
  return true;
}

void Coordinator::LoseSession(const std::string& why) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    lease_ = 0;
    valid_until_ = {};
    owned_.clear();
  }
  Log("session lost", why);
  if (hooks_.owned) hooks_.owned(0);
  if (hooks_.changed) hooks_.changed();
}

void Coordinator::SessionLoop() {
  const auto period = std::chrono::duration_cast<std::chrono::milliseconds>(options_.ttl) / 3;
  bool fenced_reported = false;
  while (!stop_.load()) {
    int64_t lease;
    {
      std::lock_guard<std::mutex> lock(mu_);
      lease = lease_;
    }
    auto wait = period;
    if (lease == 0) {
      if (!OpenSession()) wait = std::chrono::milliseconds(1000);
    } else {
      auto sent = Clock::now();
      auto alive = etcd_.KeepAliveOnce(lease);
      if (hooks_.renewal) hooks_.renewal(alive.ok() && alive.value->ttl_seconds > 0);
      if (alive.ok() && alive.value->ttl_seconds > 0) {
        bool was_fenced;
        {
          std::lock_guard<std::mutex> lock(mu_);
          was_fenced = !ValidLocked(sent);
          valid_until_ = sent + std::chrono::seconds(alive.value->ttl_seconds);
        }
        if (was_fenced && fenced_reported) {
          Log("session resumed", "keep-alive answered before the lease expired");
          fenced_reported = false;
          Wake();
          if (hooks_.changed) hooks_.changed();
        }
      } else if (alive.ok()) {
        LoseSession("the lease expired in etcd");
        fenced_reported = false;
        continue;  // open a new one at once
      } else {
        wait = kRetry;  // keep trying until the lease is known gone
        if (!HasSession() && !fenced_reported) {
          Log("fenced",
              "etcd unreachable for too long; no writes until it answers: " + alive.error.message);
          fenced_reported = true;
          if (hooks_.changed) hooks_.changed();
        }
      }
    }
    std::unique_lock<std::mutex> lock(mu_);
    session_cv_.wait_for(lock, wait, [this] { return stop_.load(); });
  }
}

void Coordinator::WatchLoop() {
  int64_t next = 0;
  while (!stop_.load()) {
    if (next == 0) {
      auto range = etcd_.GetPrefix(options_.prefix);
      if (!range.ok()) {
        std::unique_lock<std::mutex> lock(mu_);
        session_cv_.wait_for(lock, kRetry * 2, [this] { return stop_.load(); });
        continue;
      }
      next = range.value->revision + 1;
      Wake();
    }
    auto watched = etcd_.Watch(options_.prefix, next, options_.resync, stop_,
                               [&](const std::vector<EtcdEvent>& events) {
                                 for (const EtcdEvent& e : events) {
                                   next = std::max(next, e.kv.mod_revision + 1);
                                 }
                                 Wake();
                               });
    if (!watched.ok()) next = 0;  // re-read, then watch again (maybe elsewhere)
    Wake();                       // a resync, level-triggered
  }
}

void Coordinator::ControlLoop() {
  while (!stop_.load()) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, options_.resync, [this] { return dirty_ || stop_.load(); });
      if (stop_.load()) return;
      dirty_ = false;
    }
    if (!Evaluate()) {  // etcd did not answer: try again shortly, not in a tight loop
      std::unique_lock<std::mutex> lock(mu_);
      dirty_ = true;
      session_cv_.wait_for(lock, kRetry, [this] { return stop_.load(); });
    }
  }
}

bool Coordinator::Evaluate() {
  int64_t lease;
  std::set<std::string> targets;
  {
    std::lock_guard<std::mutex> lock(mu_);
    lease = lease_;
    targets = targets_;
  }
  if (lease == 0) return true;
  auto range = etcd_.GetPrefix(options_.prefix);
  if (!range.ok()) return false;
  std::vector<std::string> members;
  std::map<std::string, EtcdKv> claims;
  for (EtcdKv& kv : range.value->kvs) {
    std::string member = After(kv.key, options_.prefix + "members/");
    if (!member.empty() && kv.lease != 0) members.push_back(member);
    std::string target = After(kv.key, owners_prefix_);
    if (!target.empty()) claims[target] = std::move(kv);
  }
  if (std::find(members.begin(), members.end(), options_.replica) == members.end()) {
    // Our member key is gone while the lease lives: put it back.
    etcd_.Put(member_key_, options_.replica, lease);
    members.push_back(options_.replica);
  }
  std::sort(members.begin(), members.end());
  bool changed = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    changed = members != members_;
    members_ = members;
  }

  std::set<std::string> mine;  // our claims in etcd, whatever the target list says
  for (const auto& [target, kv] : claims) {
    if (kv.value == options_.replica) mine.insert(target);
  }
  for (const std::string& target : targets) {
    if (stop_.load()) return true;
    bool ours = RendezvousOwner(target, members) == options_.replica;
    auto claim = claims.find(target);
    if (!ours) continue;  // released below if we hold it
    bool held = claim != claims.end() && claim->second.value == options_.replica &&
                claim->second.lease == lease;
    if (!held && claim == claims.end()) {
      EtcdKv holder;
      auto won = etcd_.PutIfAbsent(owners_prefix_ + target, options_.replica, lease, &holder);
      held = won.ok() && *won.value;
      if (!won.ok()) Log("claim failed", target + ": " + won.error.message);
    }
    if (!held) continue;  // another replica still holds it; it lets go when it sees us
    mine.erase(target);
    bool acquired;
    {
      std::lock_guard<std::mutex> lock(mu_);
      acquired = lease_ == lease && owned_.insert(target).second;
    }
    if (acquired) {
      changed = true;
      Log("target acquired", target);
      if (hooks_.handover) hooks_.handover(target, true);
    }
  }
  // What we hold but should not: another member's now, or gone from the tree.
  std::set<std::string> release = mine;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& t : owned_) {
      if (targets.count(t) == 0 || RendezvousOwner(t, members) != options_.replica) {
        release.insert(t);
      }
    }
  }
  for (const std::string& target : release) {
    Release(target);
    changed = true;
  }
  if (changed) {
    size_t count;
    {
      std::lock_guard<std::mutex> lock(mu_);
      count = owned_.size();
    }
    if (hooks_.owned) hooks_.owned(count);
    if (hooks_.changed) hooks_.changed();
  }
  return true;
}

void Coordinator::Release(const std::string& target) {
  bool was_owned;
  {
    std::unique_lock<std::mutex> lock(mu_);
    was_owned = owned_.erase(target) != 0;
    // Stop writing before letting go: no new permits, and the ones out end.
    bool drained = released_.wait_for(lock, options_.release_wait,
                                      [&] { return in_flight_.count(target) == 0; });
    if (!drained) Log("release", target + ": a write is still in flight; releasing anyway");
  }
  auto deleted = etcd_.DeleteIfValue(owners_prefix_ + target, options_.replica);
  if (!deleted.ok()) {
    Log("release failed", target + ": " + deleted.error.message);
    std::lock_guard<std::mutex> lock(mu_);
    dirty_ = true;  // the claim is still ours in etcd: try again
    return;
  }
  if (was_owned) {
    Log("target released", target);
    if (hooks_.handover) hooks_.handover(target, false);
  }
}

}  // namespace backupctl
