// ForwardingApi: a BackupApi that passes every call to a wrapped BackupApi
// through one hook, so a decorator (the daemon's GuardedApi, the tests'
// recorders) writes its behaviour once instead of once per operation.
//
// Around(operation, call) sees every call: `call` runs it on the wrapped api
// (at most once) and returns its error, or null on success. Around returns an
// error to answer instead (before or after running `call`), or nullopt to
// answer with the wrapped api's outcome. The default just runs the call.
// Thread-safe when the wrapped api and the override of Around are.

#ifndef BACKUPCTL_PROVIDERS_FORWARDING_API_H_
#define BACKUPCTL_PROVIDERS_FORWARDING_API_H_

#include <functional>
#include <optional>
#include <string>

#include "providers/backup_api.h"

namespace backupctl {

class ForwardingApi : public BackupApi {
 public:
  explicit ForwardingApi(BackupApi& inner) : inner_(inner) {}

#define BACKUPCTL_FORWARD_OPERATION(Name, Out, In, ...)                  \
  Outcome<Out> Name(const In& in) override {                             \
    return Forward<Out>(#Name, [this, &in] { return inner_.Name(in); }); \
  }
  BACKUPCTL_OPERATIONS(BACKUPCTL_FORWARD_OPERATION)
#undef BACKUPCTL_FORWARD_OPERATION

 protected:
  using Call = std::function<const ApiError*()>;
  virtual std::optional<ApiError> Around(const char* /*operation*/, const Call& call) {
    call();
    return std::nullopt;
  }

 private:
  template <typename Out, typename Run>
  Outcome<Out> Forward(const char* operation, const Run& run) {
    std::optional<Outcome<Out>> out;
    std::optional<ApiError> instead = Around(operation, [&]() -> const ApiError* {
      out.emplace(run());
      return out->ok() ? nullptr : &out->error();
    });
    if (instead) return *std::move(instead);
    if (!out) {
      return MakeError(ErrorKind::kOther, "NotForwarded",
                       std::string(operation) + " was neither run nor answered", 0);
    }
    return *std::move(out);
  }

  BackupApi& inner_;
};

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_FORWARDING_API_H_
