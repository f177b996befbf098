// LiveCache: a plan's document is found only at the version it was kept
// under, a selection by its id, and Retain keeps only what the last read saw.
#include "reconcile/live_cache.h"

#include <gtest/gtest.h>

namespace backupctl {
namespace {

BackupPlanSpec PlanNamed(const std::string& name) {
  BackupPlanSpec plan;
  plan.name = name;
  return plan;
}

TEST(LiveCache, APlanIsFoundOnlyAtTheVersionItWasKeptUnder) {
  LiveCache cache;
  cache.PutBackupPlan("p1", "v1", PlanNamed("daily"));
  ASSERT_TRUE(cache.FindBackupPlan("p1", "v1").has_value());
  EXPECT_EQ(cache.FindBackupPlan("p1", "v1")->name, "daily");
  EXPECT_FALSE(cache.FindBackupPlan("p1", "v2").has_value()) << "a new version must be read";
  EXPECT_FALSE(cache.FindBackupPlan("p2", "v1").has_value());

  cache.PutBackupPlan("p1", "v2", PlanNamed("daily-v2"));
  EXPECT_FALSE(cache.FindBackupPlan("p1", "v1").has_value()) << "one version per plan";
  EXPECT_EQ(cache.FindBackupPlan("p1", "v2")->name, "daily-v2");
}

TEST(LiveCache, RetainDropsWhatTheLastReadDidNotSee) {
  LiveCache cache;
  cache.PutBackupPlan("p1", "v1", PlanNamed("a"));
  cache.PutBackupPlan("p2", "v1", PlanNamed("b"));
  Selection s;
  s.name = "all";
  cache.PutSelection("s1", s);
  cache.PutSelection("s2", s);
  EXPECT_EQ(cache.size(), 4u);

  cache.Retain({"p2"}, {"s1"});
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.FindBackupPlan("p1", "v1").has_value());
  EXPECT_TRUE(cache.FindBackupPlan("p2", "v1").has_value());
  ASSERT_TRUE(cache.FindSelection("s1").has_value());
  EXPECT_EQ(cache.FindSelection("s1")->name, "all");
  EXPECT_FALSE(cache.FindSelection("s2").has_value());

  cache.Retain({}, {});
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace backupctl
