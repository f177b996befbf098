// LocalAccount: pagination of every List operation. Each listing walks at
// least three pages with an insert between pages: every item that existed
// before the walk appears exactly once, and tokens cannot be forged or moved
// to another listing.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "providers/local/account.h"
#include "tests/local/account_test_util.h"

namespace backupctl {
namespace {

struct Page {
  std::vector<std::string> keys;
  std::optional<std::string> next_token;
};
using Lister = std::function<Page(const std::optional<std::string>& token, int max_results)>;

// Walks all pages of `list`, calling between_pages after the first page.
// Returns how often each key was seen.
std::map<std::string, int> WalkAll(const Lister& list, int max_results,
                                   const std::function<void()>& between_pages, int* pages) {
  std::map<std::string, int> seen;
  std::optional<std::string> token;
  *pages = 0;
  for (int guard = 0; guard < 1000; ++guard) {
    Page page = list(token, max_results);
    ++*pages;
    EXPECT_LE(static_cast<int>(page.keys.size()), max_results);
    for (const std::string& key : page.keys) ++seen[key];
    if (*pages == 1) between_pages();
    if (!page.next_token) return seen;
    token = page.next_token;
  }
  ADD_FAILURE() << "pagination did not end";
  return seen;
}

void ExpectEachOnce(const std::map<std::string, int>& seen, const std::set<std::string>& expected) {
  for (const std::string& key : expected) {
    auto it = seen.find(key);
    ASSERT_NE(it, seen.end()) << key << " was skipped";
    EXPECT_EQ(it->second, 1) << key;
  }
  for (const auto& [key, count] : seen) EXPECT_EQ(count, 1) << key << " was repeated";
}

class AccountPaginationTest : public ::testing::Test {
 protected:
  void SetUp() override { Ok(account_.CreateBackupVault(VaultInput("vault-00"))); }

  std::string NewPlan(const std::string& name) {
    return Ok(account_.CreateBackupPlan(PlanInput(name, "vault-00"))).backup_plan_id;
  }

  LocalAccount account_{AccountOptions{}};
};

TEST_F(AccountPaginationTest, ListBackupVaults) {
  std::set<std::string> expected = {"vault-00"};
  for (int i = 1; i <= 10; ++i) {
    std::string name = "vault-" + std::to_string(10 + i);
    Ok(account_.CreateBackupVault(VaultInput(name)));
    expected.insert(name);
  }
  Lister list = [&](const std::optional<std::string>& token, int max) {
    ListBackupVaultsInput in{token, max};
    auto out = Ok(account_.ListBackupVaults(in));
    Page page{{}, out.next_token};
    for (const auto& v : out.backup_vault_list) page.keys.push_back(v.backup_vault_name);
    return page;
  };
  int pages = 0;
  auto seen = WalkAll(
      list, 3,
      [&] {
        Ok(account_.CreateBackupVault(VaultInput("vault-01")));  // before the cursor
        Ok(account_.CreateBackupVault(VaultInput("vault-99")));  // after it
      },
      &pages);
  EXPECT_GE(pages, 4);
  ExpectEachOnce(seen, expected);
  EXPECT_EQ(seen.count("vault-99"), 1u);
  EXPECT_EQ(seen.count("vault-01"), 0u);
  // Without MaxResults everything fits the default page.
  EXPECT_EQ(Ok(account_.ListBackupVaults({})).backup_vault_list.size(), 13u);
}

TEST_F(AccountPaginationTest, ListBackupPlansWithAndWithoutDeleted) {
  std::set<std::string> live, all;
  for (int i = 0; i < 10; ++i) {
    std::string id = NewPlan("plan-" + std::to_string(i));
    all.insert(id);
    if (i % 3 == 0) {
      Ok(account_.DeleteBackupPlan({id}));
    } else {
      live.insert(id);
    }
  }
  for (bool include_deleted : {false, true}) {
    Lister list = [&](const std::optional<std::string>& token, int max) {
      ListBackupPlansInput in{token, max, include_deleted};
      auto out = Ok(account_.ListBackupPlans(in));
      Page page{{}, out.next_token};
      for (const auto& p : out.backup_plans_list) page.keys.push_back(p.backup_plan_id);
      return page;
    };
    int pages = 0;
    std::string inserted;
    auto seen = WalkAll(
        list, 2, [&] { inserted = NewPlan("late"); }, &pages);
    EXPECT_GE(pages, 3);
    auto expected = include_deleted ? all : live;
    for (const auto& [key, count] : seen) {
      if (key != inserted) {
        EXPECT_EQ(expected.count(key), 1u) << key;
      }
    }
    seen.erase(inserted);  // appears iff it sorts after the cursor; either is right
    ExpectEachOnce(seen, expected);
    all.insert(inserted);
    live.insert(inserted);
  }
}

TEST_F(AccountPaginationTest, ListBackupPlanVersionsNewestFirst) {
  std::string id = NewPlan("p");
  std::vector<std::string> versions = {Ok(account_.GetBackupPlan({id, std::nullopt})).version_id};
  for (int i = 0; i < 6; ++i) {
    UpdateBackupPlanInput update{id, PlanInput("p", "vault-00").backup_plan};
    update.backup_plan.rules[0].start_window_minutes = 60 + i;
    versions.push_back(Ok(account_.UpdateBackupPlan(update)).version_id);
  }
  std::vector<std::string> order;
  Lister list = [&](const std::optional<std::string>& token, int max) {
    ListBackupPlanVersionsInput in{id, token, max};
    auto out = Ok(account_.ListBackupPlanVersions(in));
    Page page{{}, out.next_token};
    for (const auto& v : out.backup_plan_versions_list) {
      page.keys.push_back(v.version_id);
      order.push_back(v.version_id);
    }
    return page;
  };
  int pages = 0;
  auto seen = WalkAll(
      list, 2,
      [&] {
        UpdateBackupPlanInput update{id, PlanInput("p", "vault-00").backup_plan};
        Ok(account_.UpdateBackupPlan(update));
      },
      &pages);
  EXPECT_EQ(pages, 4);
  ExpectEachOnce(seen, {versions.begin(), versions.end()});
  EXPECT_EQ(order, std::vector<std::string>(versions.rbegin(), versions.rend()));
}

TEST_F(AccountPaginationTest, ListBackupSelections) {
  std::string plan = NewPlan("p");
  std::set<std::string> expected;
  for (int i = 0; i < 7; ++i) {
    expected.insert(
        Ok(account_.CreateBackupSelection(SelectionInput(plan, "s" + std::to_string(i))))
            .selection_id);
  }
  Lister list = [&](const std::optional<std::string>& token, int max) {
    ListBackupSelectionsInput in{plan, token, max};
    auto out = Ok(account_.ListBackupSelections(in));
    Page page{{}, out.next_token};
    for (const auto& s : out.backup_selections_list) page.keys.push_back(s.selection_id);
    return page;
  };
  int pages = 0;
  std::string inserted;
  auto seen = WalkAll(
      list, 2,
      [&] {
        inserted = Ok(account_.CreateBackupSelection(SelectionInput(plan, "late"))).selection_id;
      },
      &pages);
  EXPECT_GE(pages, 4);
  seen.erase(inserted);
  ExpectEachOnce(seen, expected);
}

TEST_F(AccountPaginationTest, ListTags) {
  std::string arn = Ok(account_.DescribeBackupVault({"vault-00"})).backup_vault_arn;
  Tags tags;
  for (int i = 0; i < 9; ++i) tags["key-" + std::to_string(i)] = "v";
  Ok(account_.TagResource({arn, tags}));
  Lister list = [&](const std::optional<std::string>& token, int max) {
    ListTagsInput in{arn, token, max};
    auto out = Ok(account_.ListTags(in));
    Page page{{}, out.next_token};
    for (const auto& [k, v] : out.tags) page.keys.push_back(k);
    return page;
  };
  int pages = 0;
  auto seen = WalkAll(
      list, 3,
      [&] {
        Ok(account_.TagResource({arn, {{"zzz", "late"}}}));
      },
      &pages);
  EXPECT_EQ(pages, 4);
  std::set<std::string> expected;
  for (const auto& [k, v] : tags) expected.insert(k);
  expected.insert("zzz");
  ExpectEachOnce(seen, expected);
}

TEST_F(AccountPaginationTest, ListRecoveryPointsByBackupVault) {
  auto arns = Ok(account_.SeedRecoveryPoints("vault-00", 25));
  Lister list = [&](const std::optional<std::string>& token, int max) {
    ListRecoveryPointsByBackupVaultInput in{"vault-00", token, max};
    auto out = Ok(account_.ListRecoveryPointsByBackupVault(in));
    Page page{{}, out.next_token};
    for (const auto& rp : out.recovery_points) page.keys.push_back(rp.recovery_point_arn);
    return page;
  };
  int pages = 0;
  std::vector<std::string> late;
  auto seen = WalkAll(
      list, 10, [&] { late = Ok(account_.SeedRecoveryPoints("vault-00", 5)); }, &pages);
  EXPECT_GE(pages, 3);
  for (const std::string& arn : late) seen.erase(arn);
  ExpectEachOnce(seen, {arns.begin(), arns.end()});
}

TEST_F(AccountPaginationTest, MaxResultsBounds) {
  for (int bad : {0, -1, 1001}) {
    ListBackupVaultsInput in{std::nullopt, bad};
    auto out = account_.ListBackupVaults(in);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().code, "InvalidParameterValueException");
  }
  ListBackupVaultsInput in{std::nullopt, 1000};
  Ok(account_.ListBackupVaults(in));
  in.max_results = 1;
  Ok(account_.ListBackupVaults(in));
}

TEST_F(AccountPaginationTest, ForgedAndForeignTokensAreRefused) {
  for (int i = 1; i <= 4; ++i)
    Ok(account_.CreateBackupVault(VaultInput("vault-0" + std::to_string(i))));
  ListBackupVaultsInput first{std::nullopt, 2};
  std::string token = *Ok(account_.ListBackupVaults(first)).next_token;
  EXPECT_EQ(token.find("vault-01"), std::string::npos) << "token leaks the key in clear";

  auto refused = [&](const std::string& bad) {
    ListBackupVaultsInput in{bad, 2};
    return CodeOf(account_.ListBackupVaults(in)) == "InvalidParameterValueException";
  };
  EXPECT_TRUE(refused("garbage"));
  EXPECT_TRUE(refused("."));
  EXPECT_TRUE(refused(token + "x"));
  std::string flipped = token;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(refused(flipped));

  // A token of one listing is not valid for another.
  ListBackupPlansInput plans{token, 2, std::nullopt};
  EXPECT_EQ(CodeOf(account_.ListBackupPlans(plans)), "InvalidParameterValueException");
  // Nor is another account's token (different secret).
  LocalAccount other{AccountOptions{}};
  for (int i = 0; i < 4; ++i)
    Ok(other.CreateBackupVault(VaultInput("vault-0" + std::to_string(i))));
  std::string foreign = *Ok(other.ListBackupVaults(first)).next_token;
  EXPECT_TRUE(refused(foreign));
  // The genuine token still works.
  ListBackupVaultsInput second{token, 2};
  EXPECT_EQ(Ok(account_.ListBackupVaults(second)).backup_vault_list.size(), 2u);
}

}  // namespace
}  // namespace backupctl
