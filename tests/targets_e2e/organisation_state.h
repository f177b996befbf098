// examples/organisation as the emulator's state file holds it, for the
// end-to-end tests of trees with targets: what each (account, region) has,
// and the check that it is exactly the example, once, with the base account
// (999999999999) untouched.

#ifndef BACKUPCTL_TESTS_TARGETS_E2E_ORGANISATION_STATE_H_
#define BACKUPCTL_TESTS_TARGETS_E2E_ORGANISATION_STATE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace backupctl {

inline std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// (account, region) -> the names of its vaults, plans and selections.
struct Contents {
  std::multiset<std::string> vaults, plans, selections;
};

inline std::map<std::string, Contents> ReadState(const std::filesystem::path& file) {
  nlohmann::json state = nlohmann::json::parse(ReadAll(file));
  nlohmann::json accounts =
      state.contains("accounts") ? state["accounts"] : nlohmann::json::array({state});
  std::map<std::string, Contents> out;
  for (const nlohmann::json& a : accounts) {
    Contents& c = out[a.value("AccountId", "") + "/" + a.value("Region", "")];
    for (const auto& [name, v] : a["Vaults"].items()) c.vaults.insert(name);
    for (const auto& [id, p] : a["Plans"].items()) {
      if (p.contains("DeletionDate") || !p.contains("Versions") || p["Versions"].empty()) continue;
      c.plans.insert(p["Versions"].back()["BackupPlan"].value("BackupPlanName", ""));
    }
    for (const auto& [plan, selections] : a["Selections"].items()) {
      for (const auto& [id, s] : selections.items()) {
        c.selections.insert(s["BackupSelection"].value("SelectionName", ""));
      }
    }
  }
  return out;
}

inline void ExpectOrganisation(const std::map<std::string, Contents>& state) {
  const std::multiset<std::string> workload_vaults = {"dr", "workload"};
  ASSERT_TRUE(state.count("111111111111/eu-central-1")) << "central missing";
  EXPECT_EQ(state.at("111111111111/eu-central-1").vaults, std::multiset<std::string>{"central"});
  for (const char* account : {"222222222222", "333333333333"}) {
    for (const char* region : {"eu-west-1", "us-east-1"}) {
      std::string key = std::string(account) + "/" + region;
      ASSERT_TRUE(state.count(key)) << key;
      const Contents& c = state.at(key);
      EXPECT_EQ(c.vaults, workload_vaults) << key;  // a multiset: a duplicate would show
      EXPECT_EQ(c.plans, std::multiset<std::string>{"daily"}) << key;
      EXPECT_EQ(c.selections, std::multiset<std::string>{"tagged"}) << key;
    }
  }
  for (const auto& [key, c] : state) {
    if (key.rfind("999999999999/", 0) == 0) {
      EXPECT_TRUE(c.vaults.empty() && c.plans.empty()) << "the base account was written: " << key;
    }
  }
}

}  // namespace backupctl

#endif  // BACKUPCTL_TESTS_TARGETS_E2E_ORGANISATION_STATE_H_
