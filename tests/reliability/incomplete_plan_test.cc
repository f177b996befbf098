// A plan made while part of the account could not be read is incomplete, not
// "no changes": `plan --detailed-exitcode` and `apply` exit 1 and say what
// could not be read. (The chaos runs found plans that hid pending changes
// behind read failures and still exited 0.)

#include <gtest/gtest.h>

#include "tests/reliability/test_support.h"

namespace backupctl::reliability {
namespace {

TEST(IncompletePlan, UnreadablePartsMakePlanAndApplyExitOne) {
  auto server = StartEmulator();
  ASSERT_NE(server, nullptr);
  std::vector<std::string> target = {"--target",    "aws",      "--endpoint",
                                     server->url(), "--region", "us-east-1"};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), target.begin(), target.end());
    return RunBackupctl(args, EmulatorEnv(server->url()));
  };
  ChildResult applied = run({"apply", EstateDir()});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  ChildResult clean = run({"plan", EstateDir(), "--detailed-exitcode"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;

  server->account().DenyOperation("GetBackupVaultAccessPolicy", "rel-archive");
  ChildResult plan = run({"plan", EstateDir(), "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 1) << plan.out;
  EXPECT_NE(plan.err.find("could not be read"), std::string::npos) << plan.err;
  EXPECT_NE(plan.err.find("rel-archive"), std::string::npos) << plan.err;
  ChildResult apply = run({"apply", EstateDir()});
  EXPECT_EQ(apply.exit_code, 1) << apply.out;
  EXPECT_NE(apply.err.find("could not be read"), std::string::npos) << apply.err;

  server->account().ClearDenials();
  ChildResult again = run({"plan", EstateDir(), "--detailed-exitcode"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

}  // namespace
}  // namespace backupctl::reliability
