// ForwardingApi: every operation of providers/backup_operations.h goes
// through the one hook and reaches the same operation of the wrapped api.

#include "providers/forwarding_api.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/wire/samples.h"

namespace backupctl::testing {
namespace {

class HookApi : public ForwardingApi {
 public:
  using ForwardingApi::ForwardingApi;

  std::vector<std::string> seen;
  std::vector<std::string> inner_errors;
  std::optional<ApiError> answer_before;  // instead of running the call
  bool run = true;

 protected:
  std::optional<ApiError> Around(const char* operation, const Call& call) override {
    seen.push_back(operation);
    if (answer_before) return answer_before;
    if (!run) return std::nullopt;
    if (const ApiError* error = call()) inner_errors.push_back(error->code);
    return std::nullopt;
  }
};

TEST(ForwardingApi, EveryOperationPassesTheHookAndReachesTheSameOperationInside) {
  RecordingApi inner;
  inner.outputs = FullOutputs();
  HookApi api(inner);
#define BACKUPCTL_CALL(Name, Out, In, ...)   \
  inner.last_operation.clear();              \
  EXPECT_TRUE(api.Name(In{}).ok()) << #Name; \
  EXPECT_EQ(inner.last_operation, #Name);
  BACKUPCTL_OPERATIONS(BACKUPCTL_CALL)
#undef BACKUPCTL_CALL
  EXPECT_EQ(api.seen,
            std::vector<std::string>(std::begin(kOperationNames), std::end(kOperationNames)));
  EXPECT_TRUE(api.inner_errors.empty());
}

TEST(ForwardingApi, TheOutputOfTheInnerCallIsReturnedAsIs) {
  RecordingApi inner;
  inner.outputs = FullOutputs();
  HookApi api(inner);
  Outcome<ListTagsOutput> out = api.ListTags(ListTagsInput{});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(ToJson(out.value()), ToJson(inner.outputs.list_tags));
}

TEST(ForwardingApi, TheHookSeesTheInnerErrorAndTheCallerGetsIt) {
  RecordingApi inner;
  inner.error = MakeError(ErrorKind::kNotFound, "ResourceNotFoundException", "no vault");
  HookApi api(inner);
  EmptyOutcome out = api.DeleteBackupVault(DeleteBackupVaultInput{});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "ResourceNotFoundException");
  EXPECT_EQ(api.inner_errors, std::vector<std::string>{"ResourceNotFoundException"});
}

TEST(ForwardingApi, TheHookCanAnswerInsteadOfRunningTheCall) {
  RecordingApi inner;
  HookApi api(inner);
  api.answer_before = MakeError(ErrorKind::kOther, "ShuttingDown", "not sent", 0);
  Outcome<GetBackupPlanOutput> out = api.GetBackupPlan(GetBackupPlanInput{});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "ShuttingDown");
  EXPECT_EQ(inner.last_operation, "");
}

TEST(ForwardingApi, AHookThatNeitherRunsNorAnswersYieldsAnError) {
  RecordingApi inner;
  HookApi api(inner);
  api.run = false;
  Outcome<DescribeBackupVaultOutput> out = api.DescribeBackupVault(DescribeBackupVaultInput{});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "NotForwarded");
  EXPECT_EQ(inner.last_operation, "");
}

}  // namespace
}  // namespace backupctl::testing
