// RenderError -> DecodeError for every error the emulator produces, and
// DecodeError on the shapes real services and moto send.

#include <gtest/gtest.h>

#include "providers/wire/rest.h"
#include "tests/wire/samples.h"

namespace backupctl::testing {
namespace {

struct ErrorCase {
  ErrorKind kind;
  const char* code;
  int status;  // what AWS answers
};

const ErrorCase kEmulatorErrors[] = {
    {ErrorKind::kNotFound, "ResourceNotFoundException", 400},
    {ErrorKind::kAlreadyExists, "AlreadyExistsException", 400},
    {ErrorKind::kInvalidParameter, "InvalidParameterValueException", 400},
    {ErrorKind::kInvalidParameter, "SerializationException", 400},
    {ErrorKind::kMissingParameter, "MissingParameterValueException", 400},
    {ErrorKind::kInvalidRequest, "InvalidRequestException", 400},
    {ErrorKind::kInvalidRequest, "ConflictException", 400},
    {ErrorKind::kLimitExceeded, "LimitExceededException", 400},
    {ErrorKind::kThrottling, "ThrottlingException", 400},
    {ErrorKind::kServiceUnavailable, "ServiceUnavailableException", 500},
    {ErrorKind::kServiceUnavailable, "InternalFailure", 500},
    {ErrorKind::kAccessDenied, "AccessDeniedException", 403},
    {ErrorKind::kAccessDenied, "InvalidSignatureException", 403},
    {ErrorKind::kAccessDenied, "UnrecognizedClientException", 403},
    {ErrorKind::kAccessDenied, "MissingAuthenticationToken", 403},
    {ErrorKind::kAccessDenied, "ExpiredTokenException", 403},
    {ErrorKind::kAccessDenied, "IncompleteSignature", 400},
    {ErrorKind::kAccessDenied, "RequestExpired", 400},
    {ErrorKind::kDependencyFailure, "DependencyFailureException", 400},
};

TEST(Errors, RenderThenDecodeKeepsKindCodeMessageAndStatus) {
  for (const ErrorCase& c : kEmulatorErrors) {
    SCOPED_TRACE(c.code);
    ApiError e = MakeError(c.kind, c.code, "Vault 'v-é' \"quoted\" failed");
    HttpResponse resp = RenderError(e, "req-123");
    EXPECT_EQ(resp.status, c.status);
    EXPECT_EQ(resp.headers["x-amzn-errortype"], c.code);
    EXPECT_EQ(resp.headers["x-amzn-requestid"], "req-123");
    EXPECT_EQ(resp.headers["content-type"], "application/json");
    const Json body = Json::parse(resp.body);
    EXPECT_EQ(body["Code"], c.code);
    EXPECT_EQ(body["Message"], e.message);
    EXPECT_EQ(body["message"], e.message);
    EXPECT_EQ(body["Type"], c.status >= 500 ? "Server" : "Client");
    ApiError back = DecodeError(resp);
    EXPECT_EQ(back.kind, c.kind);
    EXPECT_EQ(back.code, c.code);
    EXPECT_EQ(back.message, e.message);
    EXPECT_EQ(back.request_id, "req-123");
    EXPECT_EQ(back.http_status, c.status);
  }
}

TEST(Errors, AlreadyExistsCarriesTheExistingResource) {
  ApiError e = MakeError(ErrorKind::kAlreadyExists, "AlreadyExistsException", "exists");
  e.arn = "arn:aws:backup:us-east-1:123456789012:backup-plan:p1";
  e.creator_request_id = "stack.plan";
  HttpResponse resp = RenderError(e, "r");
  const Json body = Json::parse(resp.body);
  EXPECT_EQ(body["Arn"], e.arn);
  EXPECT_EQ(body["CreatorRequestId"], e.creator_request_id);
  ApiError back = DecodeError(resp);
  EXPECT_EQ(back.kind, ErrorKind::kAlreadyExists);
  EXPECT_EQ(back.arn, e.arn);
  EXPECT_EQ(back.creator_request_id, e.creator_request_id);
}

TEST(Errors, KindWithoutCodeGetsTheModelCode) {
  HttpResponse resp = RenderError(MakeError(ErrorKind::kNotFound, "", "gone"), "r");
  EXPECT_EQ(resp.headers["x-amzn-errortype"], "ResourceNotFoundException");
  EXPECT_EQ(DecodeError(resp).kind, ErrorKind::kNotFound);
}

TEST(Errors, DispatchRendersTheApiError) {
  RecordingApi api;
  api.error = MakeError(ErrorKind::kNotFound, "ResourceNotFoundException", "no vault v1");
  HttpRequest req = Encode(DescribeBackupVaultInput{"v1"});
  HttpResponse resp = Dispatch(api, req);
  EXPECT_EQ(resp.status, 400);
  Outcome<DescribeBackupVaultOutput> out = DecodeOutput<DescribeBackupVaultOutput>(resp);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(out.error().message, "no vault v1");
  EXPECT_FALSE(out.error().request_id.empty());
}

HttpResponse Response(int status, std::map<std::string, std::string> headers, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

TEST(Errors, HeaderCodeWinsOverBodyAndIsTrimmed) {
  ApiError e = DecodeError(Response(
      400,
      {{"x-amzn-errortype",
        "aws.protocoltests.restjson#ThrottlingException:http://internal.amazon.com/coral/x/"}},
      R"({"__type": "ResourceNotFoundException", "message": "slow down"})"));
  EXPECT_EQ(e.code, "ThrottlingException");
  EXPECT_EQ(e.kind, ErrorKind::kThrottling);
  EXPECT_EQ(e.message, "slow down");
}

TEST(Errors, HeaderNamesAreMatchedWithoutCase) {
  ApiError e = DecodeError(Response(
      400, {{"X-Amzn-ErrorType", "LimitExceededException"}, {"X-Amzn-RequestId", "abc"}}, ""));
  EXPECT_EQ(e.code, "LimitExceededException");
  EXPECT_EQ(e.request_id, "abc");
}

TEST(Errors, BodyCodeFallbacks) {
  EXPECT_EQ(
      DecodeError(Response(400, {}, R"({"__type":"com.amazon.coral#ExpiredTokenException"})")).code,
      "ExpiredTokenException");
  EXPECT_EQ(DecodeError(Response(400, {}, R"({"code":"InvalidRequestException"})")).code,
            "InvalidRequestException");
  ApiError e = DecodeError(Response(400, {}, R"({"Code":"AlreadyExistsException","Message":"M"})"));
  EXPECT_EQ(e.code, "AlreadyExistsException");
  EXPECT_EQ(e.message, "M");
  EXPECT_EQ(e.kind, ErrorKind::kAlreadyExists);
}

TEST(Errors, NonJsonErrorBodiesFallBackOnStatus) {
  ApiError e = DecodeError(Response(503, {{"content-type", "text/html"}},
                                    "<html><body>Service Unavailable</body></html>"));
  EXPECT_EQ(e.kind, ErrorKind::kServiceUnavailable);
  EXPECT_TRUE(e.Retryable());
  EXPECT_NE(e.message.find("Service Unavailable"), std::string::npos);
  EXPECT_EQ(DecodeError(Response(403, {}, "")).kind, ErrorKind::kAccessDenied);
}

TEST(Errors, UnknownRouteIsNeverReadAsNotFound) {
  RecordingApi api;
  HttpRequest req;
  req.method = "GET";
  req.path = "/backup-vaults";  // the list operation is "/backup-vaults/"
  HttpResponse resp = Dispatch(api, req);
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(resp.headers["x-amzn-errortype"], "UnknownOperationException");
  ApiError e = DecodeError(resp);
  EXPECT_EQ(e.code, "UnknownOperationException");
  EXPECT_NE(e.kind, ErrorKind::kNotFound);
  EXPECT_TRUE(api.last_operation.empty());
}

TEST(Errors, TrailingSlashSelectsADifferentRoute) {
  RecordingApi api;
  struct Route {
    const char* method;
    const char* path;
    const char* op;  // nullptr: no such operation
  };
  const Route routes[] = {
      {"GET", "/backup/plans/p1/", "GetBackupPlan"},
      {"GET", "/backup/plans/p1", nullptr},
      {"POST", "/backup/plans/p1", "UpdateBackupPlan"},
      {"POST", "/backup/plans/p1/", nullptr},
      {"GET", "/tags/arn%3Ax/", "ListTags"},
      {"POST", "/tags/arn%3Ax", "TagResource"},
      {"POST", "/tags/arn%3Ax/", nullptr},
      {"GET", "/backup-vaults/v1", "DescribeBackupVault"},
      {"GET", "/backup-vaults/", "ListBackupVaults"},
      {"PUT", "/backup/plans/p1/selections/", "CreateBackupSelection"},
      {"GET", "/backup/plans/p1/selections/s1", "GetBackupSelection"},
      {"GET", "/backup/plans/p1/selections/s1/", nullptr},
  };
  for (const Route& r : routes) {
    SCOPED_TRACE(std::string(r.method) + " " + r.path);
    HttpRequest req;
    req.method = r.method;
    req.path = r.path;
    req.body = "{}";
    HttpResponse resp = Dispatch(api, req);
    if (r.op == nullptr) {
      EXPECT_EQ(resp.status, 404);
    } else {
      EXPECT_EQ(req.operation, r.op);
      EXPECT_NE(resp.status, 404) << resp.body;
    }
  }
}

}  // namespace
}  // namespace backupctl::testing
