// Coordinators in one process against a real 3-member etcd cluster: every
// target has exactly one owner, ownership moves only when members change,
// and a replica cut off from etcd stops writing before its lease can expire.
#include "daemon/coordination/coordinator.h"

#include <functional>
#include <map>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "daemon/coordination/rendezvous.h"
#include "tests/support/etcd_cluster.h"
#include "tests/support/peers.h"
#include "tests/support/wait_until.h"

namespace backupctl {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::EtcdCluster;

// Each check reads etcd: poll every 20 ms rather than every 2.
bool WaitUntil(const std::function<bool()>& done, milliseconds limit) {
  return testing::WaitUntil(done, limit, milliseconds(20));
}

std::vector<std::string> Targets(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("target-" + std::to_string(i));
  return out;
}

struct Replica {
  Replica(const std::vector<std::string>& endpoints, const std::string& id, seconds ttl) {
    EtcdOptions e;
    e.endpoints = endpoints;
    e.request_timeout = milliseconds(800);
    etcd = std::make_unique<EtcdClient>(e);
    CoordinatorOptions o;
    o.prefix = "/backupctl/test/";
    o.replica = id;
    o.ttl = ttl;
    o.margin = milliseconds(ttl.count() * 1000 / 3);
    o.resync = seconds(2);
    CoordinatorHooks hooks;
    hooks.handover = [this](const std::string&, bool acquired) { (acquired ? gained : lost)++; };
    hooks.renewal = [this](bool ok) { (ok ? renewals : renewal_failures)++; };
    coordinator = std::make_unique<Coordinator>(*etcd, o, hooks);
  }
  std::unique_ptr<EtcdClient> etcd;
  std::unique_ptr<Coordinator> coordinator;
  std::atomic<int> gained{0}, lost{0}, renewals{0}, renewal_failures{0};
};

class CoordinatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!cluster_.Available())
      PEER_MISSING("etcd-server is not installed (apt-get install etcd-server)");
    ASSERT_TRUE(cluster_.Start(3)) << cluster_.Log(0);
  }
  Replica& Add(const std::string& id, seconds ttl = seconds(3)) {
    replicas_[id] = std::make_unique<Replica>(cluster_.Endpoints(), id, ttl);
    return *replicas_[id];
  }
  // Every target owned by exactly the replica rendezvous hashing names.
  bool Settled(const std::vector<std::string>& targets) {
    std::vector<std::string> live;
    for (auto& [id, r] : replicas_) {
      if (r->coordinator->HasSession()) live.push_back(id);
    }
    if (live.empty()) return false;
    for (const std::string& t : targets) {
      int owners = 0;
      for (auto& [id, r] : replicas_) owners += r->coordinator->Owns(t);
      if (owners != 1) return false;
      if (!replicas_[RendezvousOwner(t, live)]->coordinator->Owns(t)) return false;
    }
    return true;
  }
  EtcdCluster cluster_;
  std::map<std::string, std::unique_ptr<Replica>> replicas_;
};

TEST(CoordinatorOptions, RefusesAMarginThatLeavesNoRoomForRenewals) {
  CoordinatorOptions o;
  o.replica = "r0";
  o.ttl = seconds(15);
  o.margin = seconds(5);
  EXPECT_EQ(CheckCoordinatorOptions(o), "");
  o.margin = seconds(11);
  EXPECT_NE(CheckCoordinatorOptions(o), "");
  o.margin = seconds(5);
  o.prefix = "/no-slash";
  EXPECT_NE(CheckCoordinatorOptions(o), "");
  o.prefix = "/ok/";
  o.replica = "a/b";
  EXPECT_NE(CheckCoordinatorOptions(o), "");
}

TEST_F(CoordinatorTest, EveryTargetHasExactlyOneOwnerAndOnlyAMemberChangeMovesOne) {
  auto targets = Targets(12);
  for (const char* id : {"r0", "r1", "r2"}) {
    Add(id).coordinator->SetTargets(targets);
    replicas_[id]->coordinator->Start();
  }
  ASSERT_TRUE(WaitUntil([&] { return Settled(targets); }, seconds(15)));
  std::map<std::string, std::vector<std::string>> before;
  for (auto& [id, r] : replicas_) before[id] = r->coordinator->Owned();
  size_t total = 0;
  for (auto& [id, owned] : before) total += owned.size();
  EXPECT_EQ(total, 12u);

  // r1 leaves cleanly: its lease is revoked, the others take its share only.
  replicas_["r1"]->coordinator->Stop();
  auto r1_targets = before["r1"];
  replicas_.erase("r1");
  ASSERT_TRUE(WaitUntil([&] { return Settled(targets); }, seconds(5)));
  for (const char* id : {"r0", "r2"}) {
    for (const std::string& t : before[id]) EXPECT_TRUE(replicas_[id]->coordinator->Owns(t)) << t;
  }
  // r3 joins: it takes only what it wins; nobody else trades.
  Add("r3").coordinator->SetTargets(targets);
  replicas_["r3"]->coordinator->Start();
  ASSERT_TRUE(WaitUntil([&] { return replicas_["r3"]->coordinator->HasSession(); }, seconds(10)));
  ASSERT_TRUE(WaitUntil([&] { return Settled(targets); }, seconds(15)));
  for (const std::string& t : targets) {
    bool r3 = replicas_["r3"]->coordinator->Owns(t);
    EXPECT_EQ(r3, RendezvousOwner(t, {"r0", "r2", "r3"}) == "r3") << t;
  }
}

TEST_F(CoordinatorTest, APermitNeedsOwnershipAndATargetWaitsForItsWritesBeforeMoving) {
  auto targets = Targets(6);
  Replica& r0 = Add("r0");
  r0.coordinator->SetTargets(targets);
  r0.coordinator->Start();
  ASSERT_TRUE(WaitUntil([&] { return r0.coordinator->Owned().size() == 6; }, seconds(10)));
  EXPECT_EQ(r0.coordinator->BeginWrite("not-a-target"), nullptr);

  // Pick a target r1 will win, and hold a write on it in r0.
  std::string moving;
  for (const std::string& t : targets) {
    if (RendezvousOwner(t, {"r0", "r1"}) == "r1") moving = t;
  }
  ASSERT_FALSE(moving.empty());
  auto permit = r0.coordinator->BeginWrite(moving);
  ASSERT_NE(permit, nullptr);
  Replica& r1 = Add("r1");
  r1.coordinator->SetTargets(targets);
  r1.coordinator->Start();
  // r0 stops granting permits for it at once, but keeps its claim while the write is out.
  ASSERT_TRUE(WaitUntil([&] { return !r0.coordinator->Owns(moving); }, seconds(10)));
  EXPECT_EQ(r0.coordinator->BeginWrite(moving), nullptr);
  EXPECT_FALSE(r1.coordinator->Owns(moving));
  permit.reset();
  ASSERT_TRUE(WaitUntil([&] { return r1.coordinator->Owns(moving); }, seconds(10)));
  ASSERT_TRUE(WaitUntil([&] { return Settled(targets); }, seconds(10)));
}

TEST_F(CoordinatorTest, QuorumLostStopsEveryWriteWithinTheMarginAndQuorumBackResumes) {
  auto targets = Targets(6);
  for (const char* id : {"r0", "r1"}) {
    Add(id, seconds(3)).coordinator->SetTargets(targets);
    replicas_[id]->coordinator->Start();
  }
  ASSERT_TRUE(WaitUntil([&] { return Settled(targets); }, seconds(15)));

  // One member down: work goes on.
  cluster_.Kill(2);
  auto one_down = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - one_down < seconds(4)) {
    ASSERT_TRUE(Settled(targets));
    std::this_thread::sleep_for(milliseconds(200));
  }

  // Two of three down: no quorum, no keep-alive; every permit stops by
  // ttl - margin after the last renewal, that is within 3 s here.
  cluster_.Freeze(1);
  auto lost = std::chrono::steady_clock::now();
  ASSERT_TRUE(WaitUntil(
      [&] {
        for (auto& [id, r] : replicas_) {
          for (const std::string& t : targets) {
            if (r->coordinator->BeginWrite(t) != nullptr) return false;
          }
        }
        return true;
      },
      seconds(5)));
  EXPECT_LT(std::chrono::steady_clock::now() - lost, seconds(3) + milliseconds(500));

  // Quorum back: the leases survived (a new leader renews them), so work resumes.
  cluster_.Thaw(1);
  ASSERT_TRUE(WaitUntil([&] { return Settled(targets); }, seconds(20)));
  for (auto& [id, r] : replicas_) {
    for (const std::string& t : r->coordinator->Owned()) {
      EXPECT_NE(r->coordinator->BeginWrite(t), nullptr) << id << " " << t;
    }
  }
}

}  // namespace
}  // namespace backupctl
