// base/env.h: empty counts as unset, overrides win, "~" expands.

#include "base/env.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>
#include <optional>
#include <string>

namespace backupctl {
namespace {

using Vars = std::map<std::string, std::string>;

// Sets a variable for one test and restores it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(Env, EmptyCountsAsUnset) {
  ScopedEnv set("BACKUPCTL_ENV_TEST", "value");
  ScopedEnv empty("BACKUPCTL_ENV_TEST_EMPTY", "");
  EXPECT_EQ(GetEnv("BACKUPCTL_ENV_TEST"), "value");
  EXPECT_EQ(GetEnv("BACKUPCTL_ENV_TEST_EMPTY"), std::nullopt);
  EXPECT_EQ(GetEnv("BACKUPCTL_ENV_TEST_NEVER_SET"), std::nullopt);
}

TEST(Env, OverridesWinAndEmptyOverrideUnsets) {
  ScopedEnv set("BACKUPCTL_ENV_TEST", "process");
  EXPECT_EQ(EnvLookup().Get("BACKUPCTL_ENV_TEST"), "process");
  EXPECT_EQ(EnvLookup(Vars{{"BACKUPCTL_ENV_TEST", "override"}}).Get("BACKUPCTL_ENV_TEST"),
            "override");
  EXPECT_EQ(EnvLookup(Vars{{"BACKUPCTL_ENV_TEST", ""}}).Get("BACKUPCTL_ENV_TEST"), std::nullopt);
}

TEST(Env, IsTrueIgnoresCaseOnly) {
  EXPECT_TRUE(EnvLookup(Vars{{"F", "TRUE"}}).IsTrue("F"));
  EXPECT_TRUE(EnvLookup(Vars{{"F", "true"}}).IsTrue("F"));
  EXPECT_FALSE(EnvLookup(Vars{{"F", "1"}}).IsTrue("F"));
  EXPECT_FALSE(EnvLookup(Vars{{"F", " true"}}).IsTrue("F"));
  EXPECT_FALSE(EnvLookup(Vars{{"F", ""}}).IsTrue("F"));
}

TEST(Env, ExpandHome) {
  EnvLookup env(Vars{{"HOME", "/home/ops"}});
  EXPECT_EQ(env.ExpandHome("~/.aws/config"), "/home/ops/.aws/config");
  EXPECT_EQ(env.ExpandHome("~"), "/home/ops");
  EXPECT_EQ(env.ExpandHome("~ops/x"), "~ops/x");  // another user's home is not looked up
  EXPECT_EQ(env.ExpandHome("/etc/aws"), "/etc/aws");
  // Without HOME, the passwd entry's home: still absolute.
  EXPECT_EQ(EnvLookup(Vars{{"HOME", ""}}).ExpandHome("~/x").front(), '/');
}

}  // namespace
}  // namespace backupctl
