// Access policies through the planner and the renderers: documents nested far
// deeper than kMaxPolicyDepth on either side (issue 15 item 1), and the policy
// diff as a reviewer reads it (issue 14 item 8).
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reconcile/model_json.h"
#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using nlohmann::json;
using testing::FindAction;
using testing::HasAction;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PlanOrDie;
using testing::SmallTree;
using testing::TestOptions;

// {"Version":"2012-10-17","Statement":[[[ ... ]]]} with `depth` nested lists.
std::string DeepPolicyText(int depth) {
  return R"({"Version":"2012-10-17","Statement":)" + std::string(depth, '[') +
         std::string(depth, ']') + "}";
}

constexpr char kDenyDelete[] =
    R"({"Version":"2012-10-17","Statement":[{"Sid":"DenyDelete","Effect":"Deny",)"
    R"("Principal":"*","Action":"backup:DeleteRecoveryPoint","Resource":"*"}]})";

VaultAccessPolicy Policy(const std::string& text) {
  // nlohmann's parser does not recurse: this builds a document of any depth,
  // as a tree would if the loader's check were bypassed (a saved plan, a bug).
  return VaultAccessPolicy{"prod", json::parse(text)};
}

class PolicyPlanTest : public ::testing::Test {
 protected:
  PolicyPlanTest() : account_(AccountOptions{}), options_(TestOptions(account_)) {}

  void Converge(const DesiredState& desired) {
    ApplyReport report = testing::PlanAndApply(account_, desired, options_);
    ASSERT_TRUE(report.ok()) << RenderReportText(report, false);
  }

  LocalAccount account_;
  ReconcileOptions options_;
};

TEST(PolicyDepth, ADeclaredPolicy20000DeepIsBlockedNotACrash) {
  DesiredState desired = SmallTree();
  desired.access_policies.push_back(Policy(DeepPolicyText(20000)));
  for (bool live_policy : {false, true}) {
    LiveState live;
    if (live_policy) {
      LiveVault& vault = live.vaults["prod"];
      vault.spec.name = "prod";
      vault.owned = vault.tags_known = vault.notifications_known = vault.policy_known = true;
      vault.policy = Policy(kDenyDelete);
    }
    PlanResult result = MakePlan(desired, live, {});
    ASSERT_TRUE(result.ok()) << result.error;
    const Action& a = FindAction(result.plan, "policy:prod");
    EXPECT_EQ(a.type, ActionType::kBlocked);
    EXPECT_THAT(a.reason,
                HasSubstr("declared access policy of vault prod is nested deeper than 64"));
    EXPECT_FALSE(std::holds_alternative<VaultAccessPolicy>(a.payload)) << "nothing to write";
    EXPECT_TRUE(HasAction(result.plan, "plan:daily")) << "the rest of the plan still works";
    EXPECT_THAT(RenderPlanText(result.plan, false), HasSubstr("! policy:prod (blocked)"));
  }
}

TEST_F(PolicyPlanTest, ALivePolicy8000DeepIsUnreadableAndTheRestPlans) {
  DesiredState desired = SmallTree();
  Converge(desired);
  auto put = account_.PutBackupVaultAccessPolicy({"prod", DeepPolicyText(8000)});
  ASSERT_TRUE(put.ok());
  desired.access_policies.push_back(Policy(kDenyDelete));
  desired.vaults[0].tags["team"] = "b";
  ActionPlan plan = PlanOrDie(account_, desired, options_);
  ASSERT_EQ(plan.unknowns.size(), 1u);
  EXPECT_EQ(plan.unknowns[0].kind, Kind::kVaultAccessPolicy);
  EXPECT_EQ(plan.unknowns[0].name, "prod");
  EXPECT_THAT(plan.unknowns[0].error, HasSubstr("nested deeper than 64 levels"));
  EXPECT_FALSE(HasAction(plan, "policy:prod")) << "nothing is planned on what was not read";
  EXPECT_TRUE(HasAction(plan, "vault:prod")) << "the tag change is still planned";

  options_.plan.prune = true;  // nor deleted by a prune
  desired.access_policies.clear();
  EXPECT_FALSE(HasAction(PlanOrDie(account_, desired, options_), "policy:prod"));
}

TEST(PolicyDepth, ALivePolicyTooDeepForThePlannerIsBlocked) {
  DesiredState desired = SmallTree();
  desired.access_policies.push_back(Policy(kDenyDelete));
  LiveState live;
  LiveVault& vault = live.vaults["prod"];
  vault.spec.name = "prod";
  vault.owned = vault.tags_known = vault.notifications_known = vault.policy_known = true;
  vault.policy = Policy(DeepPolicyText(8000));
  PlanResult result = MakePlan(desired, live, {});
  ASSERT_TRUE(result.ok()) << result.error;
  const Action& a = FindAction(result.plan, "policy:prod");
  EXPECT_EQ(a.type, ActionType::kBlocked);
  EXPECT_THAT(a.reason, HasSubstr("live access policy of vault prod"));
}

TEST(PolicyDepth, ASavedPlanWithADeepPolicyIsRefused) {
  json desired = ToJson(SmallTree());
  desired["accessPolicies"] =
      json::array({{{"vault", "prod"}, {"policy", json::parse(DeepPolicyText(20000))}}});
  EXPECT_THROW(DesiredStateFromJson(desired), json::exception);
}

TEST(PolicyDiffText, ALiveAnswerThatIsNotUtf8IsShownNotThrown) {
  DesiredState desired = SmallTree();
  desired.access_policies.push_back(Policy(kDenyDelete));
  LiveState live;
  LiveVault& vault = live.vaults["prod"];
  vault.spec.name = "prod";
  vault.owned = vault.tags_known = vault.notifications_known = vault.policy_known = true;
  vault.policy = VaultAccessPolicy{"prod", "{\"Version\": \"\xff\xfe"};  // kept raw: not JSON
  PlanResult result = MakePlan(desired, live, {});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(FindAction(result.plan, "policy:prod").type, ActionType::kUpdate);
  EXPECT_NO_THROW(PlanToJson(result.plan).dump());
  EXPECT_THAT(RenderPlanText(result.plan, false), HasSubstr("      - \"{\\\"Version\\\": \\\""));
}

// ---- the rendered diff (issue 14 item 8) ----

TEST_F(PolicyPlanTest, APolicyChangeIsPrettyPrintedWithTheChangedLinesMarked) {
  DesiredState desired = SmallTree();
  desired.access_policies.push_back(Policy(kDenyDelete));
  Converge(desired);
  std::string allow = kDenyDelete;
  allow.replace(allow.find("\"Deny\"") + 1, 4, "Allow");
  desired.access_policies[0] = Policy(allow);
  ActionPlan plan = PlanOrDie(account_, desired, options_);
  std::string text = RenderPlanText(plan, false);
  EXPECT_THAT(text, HasSubstr("  ~ policy:prod\n"
                              "      policy:\n"
                              "        {\n"
                              "          \"Statement\": [\n"
                              "            {\n"
                              "              \"Action\": \"backup:DeleteRecoveryPoint\",\n"
                              "      -       \"Effect\": \"Deny\",\n"
                              "      +       \"Effect\": \"Allow\",\n"
                              "              \"Principal\": \"*\",\n"))
      << text;
  EXPECT_THAT(text, Not(HasSubstr("[\"Deny\"]"))) << "the user's shape, no array wrapping";

  std::string markdown = RenderPlanMarkdown(plan);
  EXPECT_THAT(markdown, HasSubstr("\n-           \"Effect\": \"Deny\",\n"
                                  "+           \"Effect\": \"Allow\",\n"))
      << markdown;

  json change = PlanToJson(plan)["actions"][0]["changes"][0];
  EXPECT_EQ(change["document"], true);
  EXPECT_EQ(json::parse(change["after"].get<std::string>()), json::parse(allow));
}

TEST_F(PolicyPlanTest, ACreatedPolicyAndACreatedRuleShowOneFieldPerLine) {
  DesiredState desired = SmallTree();
  Converge(desired);
  desired.access_policies.push_back(Policy(kDenyDelete));
  Rule weekly;
  weekly.name = "weekly";
  weekly.target_vault = "prod";
  weekly.lifecycle = LifecycleSpec{std::nullopt, 90, std::nullopt};
  desired.plans[0].rules.push_back(weekly);
  std::string text = RenderPlanText(PlanOrDie(account_, desired, options_), false);
  EXPECT_THAT(text, HasSubstr("  + policy:prod\n"
                              "      policy:\n"
                              "      + {\n"
                              "      +   \"Statement\": [\n"))
      << text;
  EXPECT_THAT(text, HasSubstr("      rule weekly:\n"
                              "      + {\n"
                              "      +   \"lifecycle\": {\n"
                              "      +     \"deleteAfterDays\": 90\n"
                              "      +   },\n"
                              "      +   \"targetBackupVaultName\": \"prod\"\n"
                              "      + }\n"))
      << text;
}

TEST_F(PolicyPlanTest, IamEqualPoliciesPlanNothing) {
  DesiredState desired = SmallTree();
  desired.access_policies.push_back(Policy(kDenyDelete));
  Converge(desired);
  desired.access_policies[0] = Policy(
      R"({"Version":"2012-10-17","Statement":{"Sid":"DenyDelete","Effect":"Deny",)"
      R"("Principal":{"AWS":["*"]},"Action":["BACKUP:deleterecoverypoint"],"Resource":["*"]}})");
  EXPECT_FALSE(HasAction(PlanOrDie(account_, desired, options_), "policy:prod"));
}

}  // namespace
}  // namespace backupctl
