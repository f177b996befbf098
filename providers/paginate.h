// Paginate: follows NextToken through every page of a BackupApi List call.
//
//   EmptyOutcome done = Paginate(
//       ListBackupVaultsInput{},
//       [&](const ListBackupVaultsInput& in) { return api.ListBackupVaults(in); },
//       [&](const ListBackupVaultsOutput& page) { /* use page */ });
//
// Stops at the first failed page and returns its error. A service that hands
// back the token it was just given would loop forever, so that is an error,
// as is running past max_pages.

#ifndef BACKUPCTL_PROVIDERS_PAGINATE_H_
#define BACKUPCTL_PROVIDERS_PAGINATE_H_

#include <string>

#include "providers/api_error.h"

namespace backupctl {

template <typename Input, typename Fetch, typename OnPage>
EmptyOutcome Paginate(Input input, Fetch fetch, OnPage on_page, int max_pages = 100000) {
  for (int page = 0; page < max_pages; ++page) {
    auto out = fetch(input);
    if (!out.ok()) return out.error();
    on_page(out.value());
    const auto& next = out.value().next_token;
    if (!next || next->empty()) return Empty{};
    if (input.next_token == next) {
      return MakeError(ErrorKind::kOther, "PaginationLoop",
                       "the service returned the NextToken it was given", 0);
    }
    input.next_token = next;
  }
  return MakeError(ErrorKind::kOther, "PaginationLimit",
                   "more than " + std::to_string(max_pages) + " pages", 0);
}

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_PAGINATE_H_
