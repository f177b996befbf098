#include "daemon/cycle.h"

namespace backupctl {

const char* CycleResultName(CycleResult result) {
  switch (result) {
    case CycleResult::kSuccess:
      return "success";
    case CycleResult::kPartial:
      return "partial";
    case CycleResult::kFailed:
      return "failed";
    case CycleResult::kLoadError:
      return "load_error";
  }
  return "failed";
}

}  // namespace backupctl
