// ReadLive follows NextToken only through Paginate: a service that repeats a
// token, or never stops handing out new ones, makes the read fail quickly
// with an error naming the operation (a listing of the whole account fails
// the plan; a listing of one resource makes it unknown, so the plan is
// incomplete), and a saved plan applied against it changes nothing.
#include <atomic>
#include <chrono>
#include <string>
#include <tuple>

#include <gtest/gtest.h>

#include "providers/paginate.h"
#include "reconcile/render.h"
#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

using testing::PlanAndApply;
using testing::SmallTree;
using testing::TestOptions;

enum class Endless { kSameToken, kNewTokens };

// A LocalAccount whose `operation`, once armed, never stops paging: the real
// first page with a NextToken added, then empty pages, all under one token
// or each under a new one. It gives up itself after kRunaway pages, so a
// reader with no guard fails this test instead of hanging it.
class EndlessPagesAccount : public LocalAccount {
 public:
  static constexpr int kRunaway = 10 * kMaxPages;

  EndlessPagesAccount(std::string operation, Endless mode)
      : LocalAccount(AccountOptions{}), operation_(std::move(operation)), mode_(mode) {}

  std::atomic<bool> armed{false};
  int pages() const { return pages_.load(); }

  Outcome<ListBackupVaultsOutput> ListBackupVaults(const ListBackupVaultsInput& in) override {
    return Endlessly(
        "ListBackupVaults", in,
        [&](const ListBackupVaultsInput& i) { return LocalAccount::ListBackupVaults(i); },
        [](ListBackupVaultsOutput& out) { out.backup_vault_list.clear(); });
  }
  Outcome<ListBackupPlansOutput> ListBackupPlans(const ListBackupPlansInput& in) override {
    return Endlessly(
        "ListBackupPlans", in,
        [&](const ListBackupPlansInput& i) { return LocalAccount::ListBackupPlans(i); },
        [](ListBackupPlansOutput& out) { out.backup_plans_list.clear(); });
  }
  Outcome<ListBackupSelectionsOutput> ListBackupSelections(
      const ListBackupSelectionsInput& in) override {
    return Endlessly(
        "ListBackupSelections", in,
        [&](const ListBackupSelectionsInput& i) { return LocalAccount::ListBackupSelections(i); },
        [](ListBackupSelectionsOutput& out) { out.backup_selections_list.clear(); });
  }
  Outcome<ListTagsOutput> ListTags(const ListTagsInput& in) override {
    return Endlessly(
        "ListTags", in, [&](const ListTagsInput& i) { return LocalAccount::ListTags(i); },
        [](ListTagsOutput& out) { out.tags.clear(); });
  }

 private:
  template <typename Input, typename Call, typename Clear>
  auto Endlessly(const std::string& operation, const Input& in, Call call, Clear clear)
      -> decltype(call(in)) {
    if (!armed || operation != operation_) return call(in);
    int page = ++pages_;
    if (page > kRunaway) {
      return MakeError(ErrorKind::kOther, "FakeRunaway", "the reader never stopped paging");
    }
    Input first = in;
    first.next_token.reset();
    auto out = call(first);
    if (!out.ok()) return out;
    if (in.next_token) clear(out.value());
    out.value().next_token =
        mode_ == Endless::kSameToken ? "again" : "page-" + std::to_string(page);
    return out;
  }

  const std::string operation_;
  const Endless mode_;
  std::atomic<int> pages_{0};
};

SavedPlan Save(const PlanRun& run, const DesiredState& desired) {
  SavedPlan saved;
  saved.desired = desired;
  saved.options = run.result.plan.options;
  saved.fingerprints = FingerprintLive(desired, run.live);
  saved.plan = SavedPlanToJson(run.result.plan, desired, saved.fingerprints);
  return saved;
}

// The read's error: the plan's for a listing of the account, else the
// unknown part's (ListTags and ListBackupSelections read one resource).
std::string ReadError(const PlanRun& run, const std::string& operation) {
  if (!run.ok()) return run.error;
  for (const Unknown& u : run.result.plan.unknowns) {
    if (u.operation == operation) return u.operation + ": " + u.error;
  }
  return "";
}

class EndlessPagesTest : public ::testing::TestWithParam<std::tuple<std::string, Endless>> {};

TEST_P(EndlessPagesTest, ReadFailsQuicklyNamingTheOperationAndChangesNothing) {
  const auto& [operation, mode] = GetParam();
  EndlessPagesAccount account(operation, mode);
  ReconcileOptions options = TestOptions(account);
  DesiredState desired = SmallTree();
  ASSERT_TRUE(PlanAndApply(account, desired, options).ok());
  desired.vaults[0].tags["team"] = "b";  // a change a saved plan would make
  PlanRun before = PlanAgainst(account, desired, options);
  ASSERT_TRUE(before.ok()) << before.error;
  ASSERT_FALSE(before.result.plan.actions.empty());
  SavedPlan saved = Save(before, desired);

  account.armed = true;
  const uint64_t writes = account.WriteCount();
  auto start = std::chrono::steady_clock::now();
  PlanRun run = PlanAgainst(account, desired, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const bool whole_account = operation == "ListBackupVaults" || operation == "ListBackupPlans";
  EXPECT_EQ(run.ok(), !whole_account) << run.error;
  std::string error = ReadError(run, operation);
  EXPECT_NE(error.find(operation), std::string::npos) << error;
  if (mode == Endless::kSameToken) {
    EXPECT_NE(error.find("PaginationLoop"), std::string::npos) << error;
  } else {
    EXPECT_NE(error.find("PaginationLimit"), std::string::npos) << error;
  }
  // ListTags is walked twice: the vault's tags and the plan's.
  const int walks = operation == "ListTags" ? 2 : 1;
  EXPECT_EQ(account.pages(), walks * (mode == Endless::kSameToken ? 2 : kMaxPages));
  EXPECT_LT(seconds, 20);

  SavedApplyRun applied = ApplySaved(account, saved, options);
  EXPECT_FALSE(applied.ok());
  EXPECT_TRUE(applied.report.outcomes.empty());
  EXPECT_EQ(account.WriteCount(), writes);
}

INSTANTIATE_TEST_SUITE_P(Listings, EndlessPagesTest,
                         ::testing::Combine(::testing::Values("ListBackupVaults", "ListBackupPlans",
                                                              "ListBackupSelections", "ListTags"),
                                            ::testing::Values(Endless::kSameToken,
                                                              Endless::kNewTokens)),
                         [](const auto& info) {
                           return std::get<0>(info.param) +
                                  (std::get<1>(info.param) == Endless::kSameToken ? "_SameToken"
                                                                                  : "_NewTokens");
                         });

}  // namespace
}  // namespace backupctl
