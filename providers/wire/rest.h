// The AWS Backup REST-JSON wire protocol, both directions, with no transport.
//
// Client side: Encode(input) builds the HTTP request the real SDKs send
// (method, percent-encoded path, query, JSON body), and DecodeOutput/
// DecodeError turn an HTTP response back into a typed Outcome.
// Server side: Dispatch(api, request) routes a request to the BackupApi
// method the service model names, and renders its result or error exactly as
// AWS does (status, X-Amzn-ErrorType, JSON error body).

#ifndef BACKUPCTL_PROVIDERS_WIRE_REST_H_
#define BACKUPCTL_PROVIDERS_WIRE_REST_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "providers/backup_api.h"

namespace backupctl {

struct HttpRequest {
  std::string method;
  std::string path;                                        // wire form: labels percent-encoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded names and values
  std::map<std::string, std::string> headers;              // lower-case names
  std::string body;
  std::string operation;            // "CreateBackupVault", ...: set by Encode and by Dispatch
  std::string QueryString() const;  // wire form, percent-encoded, sorted as given
};

struct HttpResponse {
  int status = 200;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// Percent-encodes keeping only RFC 3986 unreserved characters.
std::string UriEncode(const std::string& s);
std::string UriDecode(const std::string& s);

// One Encode per operation of providers/backup_operations.h.
#define BACKUPCTL_DECLARE_ENCODE(Name, Out, In, ...) HttpRequest Encode(const In& in);
BACKUPCTL_OPERATIONS(BACKUPCTL_DECLARE_ENCODE)
#undef BACKUPCTL_DECLARE_ENCODE

// Encode does not validate values. An empty URI member (a vault name of "")
// yields a path AWS routes to another operation; this returns a
// kMissingParameter error for such a request, to be reported instead of sent.
std::optional<ApiError> ValidateEncoded(const HttpRequest& req);

// Parses a 2xx response body into T (one of the *Output types, or Empty).
// A body that is not the expected JSON yields a kTransport error.
template <typename T>
Outcome<T> DecodeOutput(const HttpResponse& resp);

// Error from a non-2xx response: code from X-Amzn-ErrorType, else the body's
// __type / code / Code; message from message / Message.
ApiError DecodeError(const HttpResponse& resp);

// Server side. `req.path` must be the path as received (httplib: req.target
// up to '?', not the decoded req.path), so an encoded '/' stays inside its
// label; a query left on the path is parsed too. Sets req.operation.
// Unknown routes: 404 UnknownOperationException. Bad input never reaches
// `api`: malformed JSON or wrong JSON/query types -> 400
// SerializationException; a required member absent -> 400
// MissingParameterValueException naming it (e.g. BackupPlan.Rules[0].RuleName).
// Success: 200, JSON body (empty for operations without output).
HttpResponse Dispatch(BackupApi& api, HttpRequest& req);

// AWS error shape: X-Amzn-ErrorType, JSON {Code, Message, message, Type}
// (+ Arn, CreatorRequestId). Status 400, except 403 for auth/signature codes,
// 500 for ServiceUnavailableException/InternalFailure, 404 for unknown routes.
HttpResponse RenderError(const ApiError& error, const std::string& request_id);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_WIRE_REST_H_
