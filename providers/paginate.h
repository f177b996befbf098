// Paginate: follows NextToken through every page of a BackupApi List call.
// Every reader that follows NextToken goes through it, so none can loop.
//
//   EmptyOutcome done = Paginate(
//       "ListBackupVaults", ListBackupVaultsInput{},
//       [&](const ListBackupVaultsInput& in) { return api.ListBackupVaults(in); },
//       [&](const ListBackupVaultsOutput& page) { /* use page */ });
//
// on_page may return bool: false stops early (Paginate then returns Empty).
// Stops at the first failed page and returns its error. Two answers are
// errors naming the operation, never a loop:
//  - PaginationLoop: a NextToken this walk was already given (a service that
//    hands back an earlier token would cycle through the same pages forever);
//  - PaginationLimit: more than max_pages pages.
// kMaxPages is 10,000: AWS Backup answers up to 1,000 items a page, so that is
// 10 million items, far past any account's quotas (vaults, plans, selections
// and tags number in the hundreds or thousands); even a service that ignores
// MaxResults and answers one item a page gets 10,000 items. At tens of
// milliseconds a call, a runaway walk stops within minutes, not never.

#ifndef BACKUPCTL_PROVIDERS_PAGINATE_H_
#define BACKUPCTL_PROVIDERS_PAGINATE_H_

#include <set>
#include <string>
#include <type_traits>

#include "providers/api_error.h"

namespace backupctl {

inline constexpr int kMaxPages = 10000;

template <typename Input, typename Fetch, typename OnPage>
EmptyOutcome Paginate(const std::string& operation, Input input, Fetch fetch, OnPage on_page,
                      int max_pages = kMaxPages) {
  std::set<std::string> seen;
  for (int page = 1; page <= max_pages; ++page) {
    auto out = fetch(input);
    if (!out.ok()) return out.error();
    if constexpr (std::is_same_v<decltype(on_page(out.value())), bool>) {
      if (!on_page(out.value())) return Empty{};
    } else {
      on_page(out.value());
    }
    const auto& next = out.value().next_token;
    if (!next || next->empty()) return Empty{};
    if (!seen.insert(*next).second) {
      return MakeError(ErrorKind::kOther, "PaginationLoop",
                       operation + " answered page " + std::to_string(page) +
                           " with a NextToken it had already given: the pages would repeat "
                           "forever, so the listing stopped",
                       0);
    }
    input.next_token = next;
  }
  return MakeError(ErrorKind::kOther, "PaginationLimit",
                   operation + " had more than " + std::to_string(max_pages) +
                       " pages: a runaway listing, so it stopped",
                   0);
}

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_PAGINATE_H_
