#include "daemon/coordination/rendezvous.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace backupctl {
namespace {

std::vector<std::string> Targets(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("target-" + std::to_string(i));
  return out;
}

TEST(Rendezvous, NoMembersNoOwner) { EXPECT_EQ(RendezvousOwner("t", {}), ""); }

TEST(Rendezvous, TheOrderOfMembersDoesNotMatter) {
  for (const std::string& t : Targets(50)) {
    EXPECT_EQ(RendezvousOwner(t, {"a", "b", "c"}), RendezvousOwner(t, {"c", "a", "b"})) << t;
  }
}

TEST(Rendezvous, FixedWeightsOnEveryMachine) {
  // Replicas on different machines must agree: the hash is ours, not std::hash.
  // Values computed independently (Python) from the definition in rendezvous.cc.
  EXPECT_EQ(RendezvousWeight("", ""), 0xabc50d53400f8f53ULL);
  EXPECT_EQ(RendezvousWeight("prod-euw1", "replica-0"), 0x39929bbc7331d764ULL);
  EXPECT_NE(RendezvousWeight("ab", "c"), RendezvousWeight("a", "bc"));
}

TEST(Rendezvous, SpreadsTargetsOverMembers) {
  std::map<std::string, int> count;
  for (const std::string& t : Targets(3000)) ++count[RendezvousOwner(t, {"r0", "r1", "r2"})];
  ASSERT_EQ(count.size(), 3u);
  for (const auto& [member, n] : count) EXPECT_NEAR(n, 1000, 120) << member;
}

TEST(Rendezvous, ALeavingMemberMovesOnlyItsOwnTargets) {
  std::vector<std::string> before = {"r0", "r1", "r2"}, after = {"r0", "r2"};
  for (const std::string& t : Targets(500)) {
    std::string was = RendezvousOwner(t, before);
    if (was != "r1") {
      EXPECT_EQ(RendezvousOwner(t, after), was) << t;
    }
  }
}

TEST(Rendezvous, AJoiningMemberTakesOnlyWhatItWins) {
  std::vector<std::string> before = {"r0", "r1"}, after = {"r0", "r1", "r2"};
  int moved = 0;
  for (const std::string& t : Targets(600)) {
    std::string now = RendezvousOwner(t, after);
    if (now != RendezvousOwner(t, before)) {
      EXPECT_EQ(now, "r2") << t;
      ++moved;
    }
  }
  EXPECT_NEAR(moved, 200, 50);
}

}  // namespace
}  // namespace backupctl
