// Encode -> (the bytes on the wire) -> Dispatch -> BackupApi -> render ->
// DecodeOutput, for every operation, with full and minimal shapes.

#include <gtest/gtest.h>

#include <type_traits>

#include "providers/wire/rest.h"
#include "tests/wire/samples.h"

namespace backupctl::testing {
namespace {

// What the server sees: the path with its query, the headers and the body.
HttpRequest OverTheWire(const HttpRequest& client) {
  HttpRequest server;
  server.method = client.method;
  server.path = client.path;
  const std::string qs = client.QueryString();
  if (!qs.empty()) server.path += "?" + qs;
  server.headers = client.headers;
  server.body = client.body;
  return server;
}

template <typename In, typename Out>
void ExpectRoundTrip(const char* op, const In& in, const Out& canned, RecordingApi& api) {
  SCOPED_TRACE(op);
  HttpRequest client = Encode(in);
  EXPECT_EQ(client.operation, op);
  EXPECT_FALSE(ValidateEncoded(client).has_value());
  HttpRequest server = OverTheWire(client);
  HttpResponse resp = Dispatch(api, server);
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(server.operation, op);
  EXPECT_EQ(api.last_operation, op);
  EXPECT_EQ(api.last_input, ToJson(in));
  EXPECT_EQ(resp.headers["content-type"], "application/json");
  EXPECT_FALSE(resp.headers["x-amzn-requestid"].empty());
  Outcome<Out> out = DecodeOutput<Out>(resp);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  if constexpr (std::is_same_v<Out, Empty>) {
    EXPECT_EQ(resp.body, "");
  } else {
    EXPECT_EQ(ToJson(out.value()), ToJson(canned));
  }
}

void RoundTripAll(const Inputs& in, const Outputs& out) {
  RecordingApi api;
  api.outputs = out;
  const Empty none;
  ExpectRoundTrip("CreateBackupVault", in.create_vault, out.create_vault, api);
  ExpectRoundTrip("DescribeBackupVault", in.describe_vault, out.describe_vault, api);
  ExpectRoundTrip("ListBackupVaults", in.list_vaults, out.list_vaults, api);
  ExpectRoundTrip("DeleteBackupVault", in.delete_vault, none, api);
  ExpectRoundTrip("CreateBackupPlan", in.create_plan, out.create_plan, api);
  ExpectRoundTrip("GetBackupPlan", in.get_plan, out.get_plan, api);
  ExpectRoundTrip("ListBackupPlans", in.list_plans, out.list_plans, api);
  ExpectRoundTrip("UpdateBackupPlan", in.update_plan, out.update_plan, api);
  ExpectRoundTrip("DeleteBackupPlan", in.delete_plan, out.delete_plan, api);
  ExpectRoundTrip("ListBackupPlanVersions", in.list_plan_versions, out.list_plan_versions, api);
  ExpectRoundTrip("CreateBackupSelection", in.create_selection, out.create_selection, api);
  ExpectRoundTrip("GetBackupSelection", in.get_selection, out.get_selection, api);
  ExpectRoundTrip("ListBackupSelections", in.list_selections, out.list_selections, api);
  ExpectRoundTrip("DeleteBackupSelection", in.delete_selection, none, api);
  ExpectRoundTrip("PutBackupVaultNotifications", in.put_notifications, none, api);
  ExpectRoundTrip("GetBackupVaultNotifications", in.get_notifications, out.get_notifications, api);
  ExpectRoundTrip("DeleteBackupVaultNotifications", in.delete_notifications, none, api);
  ExpectRoundTrip("PutBackupVaultAccessPolicy", in.put_policy, none, api);
  ExpectRoundTrip("GetBackupVaultAccessPolicy", in.get_policy, out.get_policy, api);
  ExpectRoundTrip("DeleteBackupVaultAccessPolicy", in.delete_policy, none, api);
  ExpectRoundTrip("PutBackupVaultLockConfiguration", in.put_lock, none, api);
  ExpectRoundTrip("DeleteBackupVaultLockConfiguration", in.delete_lock, none, api);
  ExpectRoundTrip("TagResource", in.tag, none, api);
  ExpectRoundTrip("UntagResource", in.untag, none, api);
  ExpectRoundTrip("ListTags", in.list_tags, out.list_tags, api);
  ExpectRoundTrip("ListRecoveryPointsByBackupVault", in.list_recovery_points,
                  out.list_recovery_points, api);
}

TEST(RoundTrip, EveryOperationWithEveryMemberSet) { RoundTripAll(FullInputs(), FullOutputs()); }

TEST(RoundTrip, EveryOperationWithOnlyRequiredMembers) {
  RoundTripAll(MinimalInputs(), MinimalOutputs());
}

TEST(RoundTrip, OptionalsKeepAbsentDistinctFromZeroAndFalse) {
  CreateBackupPlanInput in;
  in.backup_plan.backup_plan_name = "p";
  BackupRule rule;
  rule.rule_name = "r";
  rule.target_backup_vault_name = "v";
  rule.start_window_minutes = 0;
  rule.enable_continuous_backup = false;
  rule.lifecycle = Lifecycle{};  // present, every member absent
  in.backup_plan.rules = {rule};
  RecordingApi api;
  HttpRequest server = OverTheWire(Encode(in));
  ASSERT_EQ(Dispatch(api, server).status, 200);
  const Json& sent = api.last_input["BackupPlan"]["Rules"][0];
  EXPECT_EQ(sent["StartWindowMinutes"], 0);
  EXPECT_EQ(sent["EnableContinuousBackup"], false);
  EXPECT_EQ(sent["Lifecycle"], Json::object());
  EXPECT_FALSE(sent.contains("CompletionWindowMinutes"));
  EXPECT_FALSE(sent.contains("ScheduleExpression"));
}

TEST(RoundTrip, HostileArnSurvivesAsOneLabel) {
  TagResourceInput in;
  in.resource_arn = kHostileArn;
  in.tags = {{"k", "v"}};
  HttpRequest req = Encode(in);
  EXPECT_EQ(req.path,
            "/tags/arn%3Aaws%3Abackup%3Aus-east-1%3A123456789012%3Abackup-vault%3Av%2Fa%2Bb%3Dc"
            "%20d%2520%C3%A9~_.-");
  RecordingApi api;
  ASSERT_EQ(Dispatch(api, req).status, 200);
  EXPECT_EQ(api.last_input["ResourceArn"], kHostileArn);
}

}  // namespace
}  // namespace backupctl::testing
