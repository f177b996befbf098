// Saved plan files (issue 15 item 10): a file cut short, emptied, `null`, not
// a file, or edited anywhere is refused as corrupt, never applied.
#include "reconcile/plan_file.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/reconcile/test_support.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

class PlanFileTest : public ::testing::Test {
 protected:
  PlanFileTest() : account_(AccountOptions{}), options_(testing::TestOptions(account_)) {
    DesiredState desired = testing::SmallTree();
    PlanRun run = PlanAgainst(account_, desired, options_);
    EXPECT_TRUE(run.ok()) << run.error;
    run.result.plan.target = "local (state /tmp/st.json)";
    saved_ = SavedPlanToJson(run.result.plan, desired, FingerprintLive(desired, run.live),
                             "/trees/payments");
    dir_ = ::testing::TempDir() + "/plan-file-" + std::to_string(::getpid());
    fs::create_directories(dir_);
  }
  ~PlanFileTest() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The error LoadSavedPlan gives for `path` ("" when it loads).
  std::string LoadError(const std::string& path) {
    SavedPlan plan;
    std::string error;
    return LoadSavedPlan(path, &plan, &error) ? "" : error;
  }

  LocalAccount account_;
  ReconcileOptions options_;
  json saved_;
  std::string dir_;
};

TEST_F(PlanFileTest, AWrittenPlanCarriesAChecksumAndLoads) {
  ASSERT_TRUE(saved_.contains("checksum"));
  EXPECT_EQ(saved_["checksum"].get<std::string>().rfind("sha256:", 0), 0u);
  EXPECT_EQ(saved_["tree"], "/trees/payments");
  std::string path = Write("plan.json", saved_.dump(2) + "\n");
  EXPECT_TRUE(IsSavedPlanFile(path));
  EXPECT_EQ(LoadError(path), "");
}

TEST_F(PlanFileTest, TruncatedEmptyOrNullIsCorrupt) {
  std::string text = saved_.dump(2);
  for (const auto& [name, content] : std::vector<std::pair<std::string, std::string>>{
           {"truncated", text.substr(0, text.size() / 2)},
           {"empty", ""},
           {"blank", "  \n"},
           {"null", "null\n"},
           {"array", "[]"},
           {"object", "{}"}}) {
    std::string path = Write(name + ".json", content);
    EXPECT_TRUE(IsSavedPlanFile(path)) << name;
    EXPECT_THAT(LoadError(path), HasSubstr("the plan file is corrupt")) << name;
  }
}

TEST_F(PlanFileTest, AnEditAnywhereIsRefusedAsCorrupt) {
  std::vector<std::pair<std::string, std::function<void(json&)>>> edits = {
      {"desired", [](json& j) { j["desired"]["vaults"][0]["name"] = "other"; }},
      {"actions", [](json& j) { j["actions"].erase(j["actions"].begin()); }},
      {"action type", [](json& j) { j["actions"][0]["type"] = "delete"; }},
      {"stack", [](json& j) { j["stack"] = "someone-else"; }},
      {"target", [](json& j) { j["target"] = "aws eu-west-1"; }},
      {"tree", [](json& j) { j["tree"] = "/elsewhere"; }},
      {"options", [](json& j) { j["options"]["prune"] = true; }},
      {"fingerprints", [](json& j) { j["fingerprints"]["vault:prod"] = "0000"; }},
      {"added member", [](json& j) { j["extra"] = 1; }},
      {"checksum removed", [](json& j) { j.erase("checksum"); }},
      {"checksum edited", [](json& j) { j["checksum"] = "sha256:00"; }},
  };
  for (auto& [name, edit] : edits) {
    json edited = saved_;
    edit(edited);
    std::string path = Write("edited.json", edited.dump(2));
    EXPECT_THAT(LoadError(path), HasSubstr("the plan file is corrupt")) << name;
  }
}

TEST_F(PlanFileTest, WhitespaceAndKeyOrderAreNotEdits) {
  EXPECT_EQ(LoadError(Write("compact.json", saved_.dump())), "");
  EXPECT_EQ(LoadError(Write("wide.json", saved_.dump(8) + "\n\n")), "");
}

TEST_F(PlanFileTest, OnlyARegularFileIsRead) {
  std::string fifo = dir_ + "/fifo.json";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(LoadError(fifo), HasSubstr("a FIFO, not a regular file"));
  EXPECT_THAT(LoadError("/dev/zero"), HasSubstr("a character device, not a regular file"));
  EXPECT_FALSE(IsSavedPlanFile(dir_));
  EXPECT_FALSE(IsSavedPlanFile(dir_ + "/missing.json"));
}

}  // namespace
}  // namespace backupctl
