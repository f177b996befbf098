// Access policy documents as the loader reads them: scalars of a YAML policy
// kept as written (issue 14 item 6), and the depth limit (issue 15 item 1).
#include "desired/policy_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kVaultAndPolicy[] = R"(apiVersion: backupctl/v1
kind: BackupVault
metadata: {name: main}
spec: {}
---
apiVersion: backupctl/v1
kind: BackupVaultAccessPolicy
metadata: {name: p}
spec:
  backupVaultName: main
  policy:
)";

TEST(PolicyFromYaml, ScalarsAreStringsExactlyAsWritten) {
  LoadResult r = LoadOne(std::string(kVaultAndPolicy) + R"(    Version: 2012-10-17
    Statement:
      - Effect: Allow
        Principal: {AWS: 012345678901}
        Action: backup:*
        Resource: "*"
        Condition:
          Bool: {aws:SecureTransport: false}
          NumericLessThan: {s3:max-keys: 10}
          StringEquals: {aws:PrincipalTag/team: 0x1F, aws:username: ~bob}
)");
  ASSERT_THAT(Lines(r), IsEmpty());
  const json& policy = r.state.access_policies[0].policy;
  EXPECT_EQ(policy["Version"], "2012-10-17");
  const json& statement = policy["Statement"][0];
  EXPECT_EQ(statement["Principal"]["AWS"], "012345678901") << statement.dump();
  EXPECT_EQ(statement["Condition"]["Bool"]["aws:SecureTransport"], "false");
  EXPECT_EQ(statement["Condition"]["NumericLessThan"]["s3:max-keys"], "10");
  EXPECT_EQ(statement["Condition"]["StringEquals"]["aws:PrincipalTag/team"], "0x1F");
  EXPECT_EQ(statement["Condition"]["StringEquals"]["aws:username"], "~bob");
}

TEST(PolicyFromYaml, AnEmptyValueIsAnErrorAtItsKey) {
  LoadResult r = LoadOne(std::string(kVaultAndPolicy) + R"(    Version: "2012-10-17"
    Statement:
      - Effect: Deny
        Resource:
)");
  EXPECT_THAT(Lines(r), ElementsAre("main.yaml:15:9: error: empty value in a policy: IAM has no "
                                    "null (write \"\" for an empty string)"));
}

TEST(PolicyFromYaml, ARepeatedKeyIsAnError) {
  LoadResult r = LoadOne(std::string(kVaultAndPolicy) + R"(    Version: "2012-10-17"
    Statement: [{Effect: Deny, Effect: Allow}]
)");
  EXPECT_THAT(Lines(r), ElementsAre("main.yaml:13:32: error: key \"Effect\" is repeated in the "
                                    "policy"));
}

TEST(PolicyDepth, AJsonPolicy20000DeepIsRefusedAtItsPosition) {
  const int depth = 20000;
  LoadResult r = LoadOne(std::string(kVaultAndPolicy).substr(0, sizeof(kVaultAndPolicy) - 2) +
                         " '{\"Version\":\"2012-10-17\",\"Statement\":" + std::string(depth, '[') +
                         std::string(depth, ']') + "}'\n");
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(Lines(r), ElementsAre("main.yaml:11:11: error: policy is too deeply nested (more "
                                    "than 64 levels; an IAM policy needs at most 6)"));
}

TEST(PolicyDepth, AYamlPolicyDeeperThanTheLimitIsRefusedAtTheNode) {
  std::string nested = "x";
  for (int i = 0; i < kMaxPolicyDepth; ++i) nested = "[" + nested + "]";
  LoadResult r = LoadOne(std::string(kVaultAndPolicy) + "    Version: \"2012-10-17\"\n" +
                         "    Statement: " + nested + "\n");
  ASSERT_EQ(Lines(r).size(), 1u);
  EXPECT_THAT(Lines(r)[0], ::testing::StartsWith("main.yaml:13:"));
  EXPECT_THAT(Lines(r)[0], ::testing::HasSubstr("too deeply nested"));

  nested = nested.substr(1, nested.size() - 2);  // one level less: at the limit
  r = LoadOne(std::string(kVaultAndPolicy) + "    Version: \"2012-10-17\"\n" +
              "    Statement: " + nested + "\n");
  EXPECT_THAT(Lines(r), IsEmpty());
}

TEST(PolicyDepth, DepthCountsContainersOutsideStrings) {
  EXPECT_EQ(JsonTextDepth("1"), 0);
  EXPECT_EQ(JsonTextDepth("{}"), 1);
  EXPECT_EQ(JsonTextDepth(R"({"a": [[1], {"b": "[[[[{{"}]})"), 3);
  EXPECT_EQ(JsonTextDepth(R"(["\"[[[", "\\", []])"), 2);
  EXPECT_EQ(JsonTextDepth(std::string(100000, '[')), kMaxPolicyDepth + 1) << "stops counting";
  EXPECT_EQ(JsonTextDepth(std::string("[]\0[[[[", 7)), 1) << "nlohmann's input ends at a NUL";
  EXPECT_EQ(JsonDepth(json::parse(R"({"a": [[1], {"b": "[[[[{{"}]})")), 3);
  EXPECT_EQ(JsonDepth(json::parse(std::string(20000, '[') + std::string(20000, ']'))),
            kMaxPolicyDepth + 1);

  json out = 7;
  EXPECT_THAT(ParsePolicyText(std::string(65, '[') + std::string(65, ']'), &out),
              ::testing::HasSubstr("too deeply nested"));
  EXPECT_EQ(out, 7) << "unchanged on error";
  EXPECT_EQ(ParsePolicyText(std::string(64, '[') + std::string(64, ']'), &out), "");
  EXPECT_THAT(ParsePolicyText("{", &out), ::testing::HasSubstr("not valid JSON"));
  EXPECT_THAT(ParsePolicyText(R"({"n": 1E400})", &out), ::testing::HasSubstr("number overflow"));
}

}  // namespace
}  // namespace backupctl
