// Pagination for the emulated account's List operations.
//
// A NextToken names the last key the previous page returned, bound to the
// operation and its scope (plan id, vault name, ...) and signed with the
// account's secret, so it cannot be forged or replayed on another listing.
// The next page starts after that key: items inserted between pages are
// neither repeated nor make others skip. MaxResults is 1..1000; the default
// page size is kDefaultPageSize.

#ifndef BACKUPCTL_PROVIDERS_LOCAL_PAGINATION_H_
#define BACKUPCTL_PROVIDERS_LOCAL_PAGINATION_H_

#include <optional>
#include <string>

#include "providers/api_error.h"

namespace backupctl {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

struct PageRequest {
  std::optional<std::string> after;  // last key of the previous page
  int limit = kDefaultPageSize;
};

// Checks max_results and decodes next_token (InvalidParameterValueException
// for a bad one).
Outcome<PageRequest> StartPage(const std::string& secret, const std::string& scope,
                               const std::optional<std::string>& next_token,
                               const std::optional<int>& max_results);

std::string MakePageToken(const std::string& secret, const std::string& scope,
                          const std::string& last_key);

// Calls emit(key, value) for up to page.limit entries of `items` (an ordered
// map) after page.after for which keep(value) holds. Returns the last emitted key when more such
// values follow, else nullopt.
template <typename Map, typename Keep, typename Emit>
std::optional<std::string> WalkPage(const Map& items, const PageRequest& page, Keep keep,
                                    Emit emit) {
  auto it = page.after ? items.upper_bound(*page.after) : items.begin();
  int emitted = 0;
  std::string last;
  for (; it != items.end(); ++it) {
    if (!keep(it->second)) continue;
    if (emitted == page.limit) return last;
    emit(it->first, it->second);
    last = it->first;
    ++emitted;
  }
  return std::nullopt;
}

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_LOCAL_PAGINATION_H_
