// Fuzzes the client's response parsers: DecodeOutput<T> for every output type
// and DecodeError, on arbitrary status, error-type header and body.
//
// Input: line 1 "OutputType STATUS", line 2 the X-Amzn-ErrorType value (may be
// empty), the rest is the body. An unknown type name picks one by hash.
// Properties: never crashes or throws; a 2xx body that does not decode is an
// ApiError of kind kTransport; an error response keeps its HTTP status.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "providers/wire/rest.h"

namespace backupctl {
namespace {

// Decodes `resp` as T; false when a failed decode broke the contract.
template <typename T>
bool Decodes(const HttpResponse& resp) {
  Outcome<T> out = DecodeOutput<T>(resp);
  return out.ok() || out.error().kind == ErrorKind::kTransport;
}

using Decoder = bool (*)(const HttpResponse&);

const std::vector<std::pair<std::string, Decoder>>& Decoders() {
  // Empty once, then each operation's output type (providers/backup_operations.h).
#define BACKUPCTL_DECODER(Name, Out, In, ...) BACKUPCTL_UNLESS_EMPTY(Out, {#Out, &Decodes<Out>}, )
  static const std::vector<std::pair<std::string, Decoder>> decoders = {
      {"Empty", &Decodes<Empty>}, BACKUPCTL_OPERATIONS(BACKUPCTL_DECODER)};
#undef BACKUPCTL_DECODER
  return decoders;
}

// Splits off the text up to the next '\n' (all of it when there is none).
std::string TakeLine(std::string* rest) {
  size_t nl = rest->find('\n');
  std::string line = rest->substr(0, nl);
  rest->erase(0, nl == std::string::npos ? rest->size() : nl + 1);
  return line;
}

Decoder PickDecoder(const std::string& name) {
  for (const auto& [type, decoder] : Decoders()) {
    if (type == name) return decoder;
  }
  return Decoders()[std::hash<std::string>()(name) % Decoders().size()].second;
}

}  // namespace
}  // namespace backupctl

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backupctl;
  std::string rest(reinterpret_cast<const char*>(data), size);
  std::string first = TakeLine(&rest);
  std::string error_type = TakeLine(&rest);
  size_t space = first.find(' ');
  HttpResponse resp;
  resp.status = space == std::string::npos ? 200 : std::atoi(first.c_str() + space + 1) % 1000;
  if (!error_type.empty()) resp.headers["x-amzn-errortype"] = error_type;
  resp.body = std::move(rest);

  if (resp.status >= 200 && resp.status < 300) {
    if (!PickDecoder(first.substr(0, space))(resp)) std::abort();
  } else {
    ApiError error = DecodeError(resp);
    if (error.http_status != resp.status) std::abort();
    (void)error.Retryable();
    (void)error.ToString();
  }
  return 0;
}
