// Coordinator: which targets this replica may reconcile, agreed through etcd.
//
// A replica holds a session: an etcd lease of `ttl`, kept alive every ttl/3,
// with its member key `<prefix>members/<replica>` bound to it. Each target is
// assigned by rendezvous hashing over the live members, and its owner claims
// `<prefix>owners/<target>` in a transaction bound to its lease (created only
// if absent). A target is owned only once that claim is committed; a target
// moves only when a member joins or leaves: its old owner stops writing,
// deletes its claim, and the new owner claims it. A replica that dies loses
// its claims when its lease expires.
//
// Fencing: BeginWrite(target) gives a permit only while the target is owned
// and the session is known valid for at least `margin` more: validity runs
// from the moment the last successful keep-alive was *sent* plus the TTL
// etcd granted, so it ends no later than etcd's own expiry (clock rates
// agreeing). A replica cut off from etcd stops writing `margin` before its
// lease can expire, and a released target waits for its permits to end.
// AWS writes carry no fencing token: a write already past BeginWrite when
// the process freezes may still land later (docs/daemon.md).
//
// Membership and claims are watched (not polled), with a full re-read every
// `resync` as a level-triggered safety net. Thread-safe.

#ifndef BACKUPCTL_DAEMON_COORDINATION_COORDINATOR_H_
#define BACKUPCTL_DAEMON_COORDINATION_COORDINATOR_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "daemon/coordination/etcd_client.h"

namespace backupctl {

struct CoordinatorOptions {
  std::string prefix = "/backupctl/default/";  // ends with '/'
  std::string replica;                         // unique among live replicas
  std::chrono::seconds ttl{15};
  std::chrono::milliseconds margin{std::chrono::seconds(5)};  // < ttl * 2/3
  std::chrono::milliseconds resync{std::chrono::seconds(10)};
  std::chrono::milliseconds release_wait{std::chrono::seconds(30)};  // for writes in flight
};

// What the coordinator reports, for metrics and logs; each may be empty.
struct CoordinatorHooks {
  std::function<void(bool ok)> renewal;                             // every keep-alive
  std::function<void(const std::string&, bool acquired)> handover;  // a claim won or given up
  std::function<void(size_t owned)> owned;                          // the count, after every change
  std::function<void()> changed;  // the owned set or the session changed
  std::function<void(const std::string& event, const std::string& detail)> log;
};

// "", or why `options` cannot work (margin too large for the TTL, bad prefix).
std::string CheckCoordinatorOptions(const CoordinatorOptions& options);

class Coordinator {
 public:
  class WritePermit {
   public:
    ~WritePermit();
    WritePermit(const WritePermit&) = delete;
    WritePermit& operator=(const WritePermit&) = delete;

   private:
    friend class Coordinator;
    WritePermit(Coordinator* owner, std::string target);
    Coordinator* owner_;
    std::string target_;
  };

  Coordinator(EtcdClient& etcd, CoordinatorOptions options, CoordinatorHooks hooks);
  ~Coordinator();  // Stop()
  Coordinator(const Coordinator&) = delete;
  Coordinator& operator=(const Coordinator&) = delete;

  void Start();
  // Gives up every claim and the lease (so others take over at once), then stops.
  void Stop();

  // The targets of the tree in force; the coordinator claims its share.
  void SetTargets(const std::vector<std::string>& targets);

  bool HasSession() const;  // a lease is held and known valid beyond the margin
  bool Owns(const std::string& target) const;
  std::vector<std::string> Owned() const;
  std::vector<std::string> Members() const;  // as last read

  // A permit to write to `target` now, or null when fenced.
  std::unique_ptr<WritePermit> BeginWrite(const std::string& target);

 private:
  using Clock = std::chrono::steady_clock;

  void SessionLoop();
  void WatchLoop();
  void ControlLoop();
  bool OpenSession();
  void LoseSession(const std::string& why);
  bool Evaluate();  // false when etcd did not answer
  void Release(const std::string& target);
  void EndWrite(const std::string& target);
  void Wake();
  bool ValidLocked(Clock::time_point now) const;
  void Log(const std::string& event, const std::string& detail) const;

  EtcdClient& etcd_;
  const CoordinatorOptions options_;
  const CoordinatorHooks hooks_;
  const std::string member_key_;
  const std::string owners_prefix_;

  std::atomic<bool> stop_{false};
  std::thread session_thread_, watch_thread_, control_thread_;

  mutable std::mutex mu_;
  std::condition_variable wake_;        // the control loop's
  std::condition_variable released_;    // permits ending
  std::condition_variable session_cv_;  // the session loop's sleeps
  bool dirty_ = true;
  int64_t lease_ = 0;
  Clock::time_point valid_until_{};
  std::set<std::string> targets_;
  std::set<std::string> owned_;
  std::vector<std::string> members_;
  std::map<std::string, int> in_flight_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DAEMON_COORDINATION_COORDINATOR_H_
