// The four tag-condition lists of a backup selection, shared by the declared
// model (desired/selection_spec.h) and the API shape (providers/backup_documents.h),
// each over its own condition type. ForEachConditionList visits them in the
// order AWS documents them, with their camelCase names in the tree.

#ifndef BACKUPCTL_BASE_CONDITION_LISTS_H_
#define BACKUPCTL_BASE_CONDITION_LISTS_H_

#include <vector>

namespace backupctl {

template <typename Condition>
struct ConditionLists {
  std::vector<Condition> string_equals;
  std::vector<Condition> string_not_equals;
  std::vector<Condition> string_like;
  std::vector<Condition> string_not_like;

  bool empty() const {
    return string_equals.empty() && string_not_equals.empty() && string_like.empty() &&
           string_not_like.empty();
  }
};

// Calls visit(name, lists.x...) for each of the four lists x, of every one of
// `lists` side by side: visit("stringLike", a.string_like, b.string_like).
template <typename Visit, typename... Lists>
void ForEachConditionList(Visit visit, Lists&... lists) {
  visit("stringEquals", lists.string_equals...);
  visit("stringNotEquals", lists.string_not_equals...);
  visit("stringLike", lists.string_like...);
  visit("stringNotLike", lists.string_not_like...);
}

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_CONDITION_LISTS_H_
