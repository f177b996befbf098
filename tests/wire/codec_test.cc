// The wire details: URI and query encoding, body rules, timestamps, tolerant
// response decoding, and how Dispatch rejects bad requests.

#include <gtest/gtest.h>

#include <stdexcept>

#include "providers/wire/rest.h"
#include "tests/wire/samples.h"

namespace backupctl::testing {
namespace {

TEST(Uri, EncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(UriEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b/c:d+e=f%g&h?i#j"), "a%20b%2Fc%3Ad%2Be%3Df%25g%26h%3Fi%23j");
  EXPECT_EQ(UriEncode("é✓"), "%C3%A9%E2%9C%93");
  EXPECT_EQ(UriEncode(""), "");
}

TEST(Uri, DecodeInvertsEncodeAndKeepsBrokenEscapes) {
  const std::string hostile = std::string(kHostileArn) + "\x01 é✓%";
  EXPECT_EQ(UriDecode(UriEncode(hostile)), hostile);
  EXPECT_EQ(UriDecode("%3a%3A"), "::");
  EXPECT_EQ(UriDecode("100%"), "100%");
  EXPECT_EQ(UriDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(UriDecode("a+b"), "a+b");
}

TEST(Uri, QueryStringKeepsOrderAndEncodes) {
  HttpRequest req;
  req.query = {{"nextToken", "a+b/c= d"}, {"maxResults", "5"}, {"includeDeleted", "true"}};
  EXPECT_EQ(req.QueryString(), "nextToken=a%2Bb%2Fc%3D%20d&maxResults=5&includeDeleted=true");
  EXPECT_EQ(HttpRequest{}.QueryString(), "");
}

TEST(Encode, WireFormOfRepresentativeOperations) {
  HttpRequest list = Encode(ListBackupPlansInput{"tok", 10, false});
  EXPECT_EQ(list.method, "GET");
  EXPECT_EQ(list.path, "/backup/plans/");
  EXPECT_EQ(list.QueryString(), "nextToken=tok&maxResults=10&includeDeleted=false");
  EXPECT_EQ(list.body, "");
  EXPECT_FALSE(list.headers.count("content-type"));

  HttpRequest get = Encode(GetBackupPlanInput{"p-1", std::nullopt});
  EXPECT_EQ(get.path, "/backup/plans/p-1/");
  EXPECT_TRUE(get.query.empty());

  HttpRequest del = Encode(DeleteBackupVaultInput{"v1"});
  EXPECT_EQ(del.method, "DELETE");
  EXPECT_EQ(del.path, "/backup-vaults/v1");
  EXPECT_EQ(del.body, "");

  // Body members exist but none set: still a JSON body.
  HttpRequest create = Encode(CreateBackupVaultInput{"v1", {}, std::nullopt, std::nullopt});
  EXPECT_EQ(create.method, "PUT");
  EXPECT_EQ(create.body, "{}");
  EXPECT_EQ(create.headers["content-type"], "application/json");

  HttpRequest tags = Encode(ListTagsInput{"arn:aws:backup:us-east-1:1:backup-plan:p", {}, {}});
  EXPECT_EQ(tags.path, "/tags/arn%3Aaws%3Abackup%3Aus-east-1%3A1%3Abackup-plan%3Ap/");

  HttpRequest lock = Encode(PutBackupVaultLockConfigurationInput{"v1", 1, std::nullopt, 3});
  EXPECT_EQ(Json::parse(lock.body), Json::parse(R"({"MinRetentionDays":1,"ChangeableForDays":3})"));
}

TEST(Encode, EmptyOptionalContainersAreOmittedRequiredOnesKept) {
  CreateBackupSelectionInput in;
  in.backup_plan_id = "p";
  in.backup_selection.selection_name = "s";
  in.backup_selection.iam_role_arn = "arn:aws:iam::1:role/r";
  const Json body = Json::parse(Encode(in).body);
  EXPECT_EQ(body, Json::parse(R"({"BackupSelection":{"SelectionName":"s",
                                   "IamRoleArn":"arn:aws:iam::1:role/r"}})"));
  EXPECT_EQ(Encode(UntagResourceInput{"arn:x", {}}).body, R"({"TagKeyList":[]})");
  EXPECT_EQ(Encode(TagResourceInput{"arn:x", {}}).body, R"({"Tags":{}})");
}

TEST(Encode, ValidateEncodedCatchesEmptyUriMembers) {
  std::optional<ApiError> e = ValidateEncoded(Encode(DescribeBackupVaultInput{""}));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->kind, ErrorKind::kMissingParameter);
  EXPECT_NE(e->message.find("BackupVaultName"), std::string::npos);
  EXPECT_TRUE(ValidateEncoded(Encode(GetBackupSelectionInput{"p", ""})).has_value());
  EXPECT_FALSE(ValidateEncoded(Encode(GetBackupSelectionInput{"p", "s"})).has_value());
  EXPECT_FALSE(ValidateEncoded(Encode(ListBackupVaultsInput{})).has_value());
}

TEST(Timestamps, Iso8601Forms) {
  EXPECT_EQ(ParseIso8601("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_EQ(ParseIso8601("2018-01-26T00:11:30Z"), 1516925490.0);
  EXPECT_DOUBLE_EQ(*ParseIso8601("2018-01-26T00:11:30.087Z"), 1516925490.087);
  EXPECT_EQ(ParseIso8601("2018-01-26T02:11:30+02:00"), 1516925490.0);
  EXPECT_EQ(ParseIso8601("2018-01-25T23:11:30-0100"), 1516925490.0);
  EXPECT_EQ(ParseIso8601("2018-01-26T00:11:30"), 1516925490.0);
  EXPECT_EQ(ParseIso8601("2000-02-29T12:00:00Z"), 951825600.0);
  EXPECT_FALSE(ParseIso8601("2018-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseIso8601("2018-01-26"));
  EXPECT_FALSE(ParseIso8601("2018-01-26T00:11:30Zjunk"));
  EXPECT_FALSE(ParseIso8601("2018-01-26T00:11:30."));
  EXPECT_FALSE(ParseIso8601("yesterday"));
}

HttpResponse Ok(std::string body, std::string content_type = "application/json") {
  HttpResponse r;
  r.headers["content-type"] = std::move(content_type);
  r.body = std::move(body);
  return r;
}

TEST(Decode, ToleratesUnknownAndMissingMembersAndHtmlContentType) {
  auto out = DecodeOutput<DescribeBackupVaultOutput>(Ok(
      R"({"BackupVaultName":"v","SourceBackupVaultArn":"x","LatestMpaApprovalTeamUpdate":{"A":1},
          "CreationDate":"2018-01-26T00:11:30.5Z","Locked":null})",
      "text/html; charset=utf-8"));
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out.value().backup_vault_name, "v");
  EXPECT_DOUBLE_EQ(out.value().creation_date, 1516925490.5);
  EXPECT_FALSE(out.value().locked);
  EXPECT_FALSE(out.value().lock_date.has_value());
  EXPECT_EQ(out.value().number_of_recovery_points, 0);
}

TEST(Decode, FractionalEpochTimestamps) {
  auto out = DecodeOutput<GetBackupPlanOutput>(
      Ok(R"({"CreationDate":1516925490.087,"DeletionDate":1516925491,"BackupPlan":{}})"));
  ASSERT_TRUE(out.ok());
  EXPECT_DOUBLE_EQ(out.value().creation_date, 1516925490.087);
  EXPECT_EQ(out.value().deletion_date, 1516925491.0);
  // Rendering keeps the fraction and writes whole seconds as integers.
  const Json j = ToJson(out.value());
  EXPECT_TRUE(j["DeletionDate"].is_number_integer());
  EXPECT_DOUBLE_EQ(j["CreationDate"].get<double>(), 1516925490.087);
}

TEST(Decode, MalformedBodiesAreTransportErrors) {
  auto not_json = DecodeOutput<ListTagsOutput>(Ok("<html>proxy error</html>"));
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().kind, ErrorKind::kTransport);
  EXPECT_NE(not_json.error().message.find("not JSON"), std::string::npos);

  auto wrong_type = DecodeOutput<ListBackupPlansOutput>(
      Ok(R"({"BackupPlansList":[{"BackupPlanId":"p","CreationDate":true}]})"));
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().kind, ErrorKind::kTransport);
  EXPECT_NE(wrong_type.error().message.find("BackupPlansList[0].CreationDate"), std::string::npos)
      << wrong_type.error().message;

  auto not_object = DecodeOutput<ListTagsOutput>(Ok("[1,2]"));
  EXPECT_FALSE(not_object.ok());
  auto empty = DecodeOutput<ListTagsOutput>(Ok(""));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kTransport);
  auto huge = DecodeOutput<DescribeBackupVaultOutput>(Ok(R"({"NumberOfRecoveryPoints":1e300})"));
  EXPECT_FALSE(huge.ok());
}

TEST(Decode, EmptyOutputAcceptsEmptyOrJsonBodies) {
  EXPECT_TRUE(DecodeOutput<Empty>(Ok("")).ok());
  EXPECT_TRUE(DecodeOutput<Empty>(Ok("{}")).ok());
  auto bad = DecodeOutput<Empty>(Ok("<html/>"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kTransport);
}

TEST(Decode, NonSuccessStatusDecodesAsError) {
  HttpResponse r = Ok(R"({"message":"nope"})");
  r.status = 400;
  r.headers["x-amzn-errortype"] = "InvalidRequestException";
  auto out = DecodeOutput<Empty>(r);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kInvalidRequest);
}

// Dispatch of a hand-written request; the fake must not be called when the
// request is rejected.
HttpResponse Send(RecordingApi& api, const char* method, const char* path, std::string body) {
  HttpRequest req;
  req.method = method;
  req.path = path;
  req.body = std::move(body);
  return Dispatch(api, req);
}

void ExpectRejected(const HttpResponse& resp, const char* code, const char* mentions) {
  EXPECT_EQ(resp.status, 400);
  EXPECT_EQ(resp.headers.at("x-amzn-errortype"), code);
  EXPECT_NE(Json::parse(resp.body)["Message"].get<std::string>().find(mentions), std::string::npos)
      << resp.body;
}

TEST(Dispatch, RejectsBadJsonAndWrongTypes) {
  RecordingApi api;
  ExpectRejected(Send(api, "PUT", "/backup-vaults/v1", "{not json"), "SerializationException",
                 "not valid JSON");
  ExpectRejected(Send(api, "PUT", "/backup-vaults/v1", "[]"), "SerializationException",
                 "JSON object");
  ExpectRejected(Send(api, "PUT", "/backup-vaults/v1", R"({"BackupVaultTags":"x"})"),
                 "SerializationException", "BackupVaultTags");
  ExpectRejected(Send(api, "PUT", "/backup-vaults/v1", R"({"BackupVaultTags":{"k":1}})"),
                 "SerializationException", "BackupVaultTags.k");
  ExpectRejected(Send(api, "PUT", "/backup-vaults/v1/vault-lock", R"({"MinRetentionDays":"7"})"),
                 "SerializationException", "MinRetentionDays");
  ExpectRejected(Send(api, "GET", "/backup-vaults/?maxResults=ten", ""), "SerializationException",
                 "maxResults");
  ExpectRejected(Send(api, "GET", "/backup/plans/?includeDeleted=yes", ""),
                 "SerializationException", "includeDeleted");
  EXPECT_TRUE(api.last_operation.empty());
}

TEST(Dispatch, MissingRequiredMembersNameTheMember) {
  RecordingApi api;
  ExpectRejected(Send(api, "PUT", "/backup-vaults/v1/notification-configuration",
                      R"({"BackupVaultEvents":[]})"),
                 "MissingParameterValueException", "SNSTopicArn");
  ExpectRejected(Send(api, "PUT", "/backup/plans/",
                      R"({"BackupPlan":{"BackupPlanName":"p","Rules":[{"RuleName":"r"}]}})"),
                 "MissingParameterValueException", "BackupPlan.Rules[0].TargetBackupVaultName");
  ExpectRejected(Send(api, "POST", "/tags/arn%3Ax", R"({"Tags":null})"),
                 "MissingParameterValueException", "Tags");
  EXPECT_TRUE(api.last_operation.empty());
}

TEST(Dispatch, LabelsWinOverBodyAndUnknownInputIsIgnored) {
  RecordingApi api;
  HttpResponse resp =
      Send(api, "PUT", "/backup-vaults/from-path?unknown=1",
           R"({"BackupVaultName":"from-body","Extra":{"x":[1]},"CreatorRequestId":"c"})");
  ASSERT_EQ(resp.status, 200) << resp.body;
  EXPECT_EQ(api.last_input["BackupVaultName"], "from-path");
  EXPECT_EQ(api.last_input["CreatorRequestId"], "c");
  EXPECT_FALSE(api.last_input.contains("Extra"));
}

TEST(Dispatch, EmptyBodyMeansNoBodyMembers) {
  RecordingApi api;
  ASSERT_EQ(Send(api, "PUT", "/backup-vaults/v1", "").status, 200);
  EXPECT_EQ(api.last_input, Json::parse(R"({"BackupVaultName":"v1"})"));
  // A GET's body is not read at all.
  ASSERT_EQ(Send(api, "GET", "/backup-vaults/v1", "garbage").status, 200);
}

TEST(Dispatch, QueryGivenSeparatelyIsDecoded) {
  RecordingApi api;
  HttpRequest req;
  req.method = "GET";
  req.path = "/backup/plans/p%2F1/versions/";
  req.query = {{"nextToken", "a+b/c= d"}, {"maxResults", "7"}};
  ASSERT_EQ(Dispatch(api, req).status, 200);
  EXPECT_EQ(api.last_input,
            Json::parse(R"({"BackupPlanId":"p/1","NextToken":"a+b/c= d","MaxResults":7})"));
}

class ThrowingApi : public RecordingApi {
 public:
  Outcome<ListTagsOutput> ListTags(const ListTagsInput&) override {
    throw std::runtime_error("secret internals");
  }
};

TEST(Dispatch, AThrowingApiGetsAnAwsShaped500) {
  ThrowingApi api;
  HttpResponse resp = Send(api, "GET", "/tags/arn%3Ax/", "");
  EXPECT_EQ(resp.status, 500);
  EXPECT_EQ(resp.headers["x-amzn-errortype"], "InternalFailure");
  EXPECT_EQ(resp.body.find("secret"), std::string::npos);
  EXPECT_TRUE(DecodeError(resp).Retryable());
}

}  // namespace
}  // namespace backupctl::testing
