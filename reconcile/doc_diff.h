// A line diff of two JSON documents, as the plan shows a document change
// (FieldChange::document): both sides pretty-printed, two spaces an indent,
// keys sorted, one field per line, and every line marked '+' (only after),
// '-' (only before) or ' ' (both), as Terraform shows a jsonencode change.
//
// Lines match by the longest common subsequence, ignoring a trailing comma
// (an element appended after them must not mark its neighbours changed).
// A side that is "(none)" has no lines; a side that is not JSON, or is nested
// deeper than kMaxPolicyDepth, is one line of its text. Very long documents
// (over kMaxDiffCells line pairs) are shown as all removed, then all added.

#ifndef BACKUPCTL_RECONCILE_DOC_DIFF_H_
#define BACKUPCTL_RECONCILE_DOC_DIFF_H_

#include <cstddef>
#include <string>
#include <vector>

namespace backupctl {

inline constexpr size_t kMaxDiffCells = size_t{1} << 20;  // 4 MiB of table

struct DiffLine {
  char mark = ' ';  // '+', '-' or ' '
  std::string text;
};

std::vector<DiffLine> DocumentDiff(const std::string& before, const std::string& after);

}  // namespace backupctl

#endif  // BACKUPCTL_RECONCILE_DOC_DIFF_H_
