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
#define BACKUPCTL_ROUND_TRIP(Name, Out, In, ...) \
  ExpectRoundTrip(#Name, Sample<In>(in), Sample<Out>(out), api);
  BACKUPCTL_OPERATIONS(BACKUPCTL_ROUND_TRIP)
#undef BACKUPCTL_ROUND_TRIP
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
