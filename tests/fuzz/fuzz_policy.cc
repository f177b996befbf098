// Fuzzes access policies past the loader: the depth-limited reader
// (desired/policy_json.h), the normaliser, the differ and the line diff the
// renderers print (reconcile/doc_diff.h), on documents of any depth.
//
// Input: the desired policy's JSON text, then optionally a line "#---" and the
// live one's (else the live side is the desired text again). Each side is
// also parsed by nlohmann without a depth limit (its parser does not
// recurse), so the walks get documents far deeper than kMaxPolicyDepth and
// must refuse them on their own.
// Properties: never crashes; PolicyTooDeep agrees with the text's depth; a
// policy never differs from itself; equality is symmetric; the ' ' and '-'
// lines of a document diff are exactly the before document's lines, the ' '
// and '+' lines the after document's (trailing commas aside).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "desired/policy_json.h"
#include "reconcile/diff.h"
#include "reconcile/doc_diff.h"
#include "reconcile/normalize.h"

namespace backupctl {
namespace {

using nlohmann::json;

void Check(bool property) {
  if (!property) std::abort();
}

std::string_view Key(std::string_view line) {
  if (!line.empty() && line.back() == ',') line.remove_suffix(1);
  return line;
}

// The lines of `diff` marked ' ' or `mark`, against the lines of `side` alone.
void CheckSide(const std::vector<DiffLine>& diff, char mark, const std::string& side) {
  std::vector<DiffLine> alone = DocumentDiff(side, "(none)");
  size_t k = 0;
  for (const DiffLine& line : diff) {
    if (line.mark != ' ' && line.mark != mark) continue;
    Check(k < alone.size() && Key(alone[k].text) == Key(line.text));
    ++k;
  }
  Check(k == alone.size());
}

VaultAccessPolicy Side(const std::string& text) {
  json doc;
  if (!ParsePolicyText(text, &doc).empty()) {
    doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) doc = text;  // a live answer that is not JSON
  }
  return VaultAccessPolicy{"fuzz", std::move(doc)};
}

void CheckSides(const std::string& desired_text, const std::string& live_text) {
  VaultAccessPolicy desired = Side(desired_text), live = Side(live_text);
  if (!desired.policy.is_string()) {
    Check(PolicyTooDeep(desired.policy) == (JsonTextDepth(desired_text) > kMaxPolicyDepth));
  }
  Check(DiffPolicy(&desired, &desired).empty());
  Changes forward = DiffPolicy(&desired, &live, "aws");
  Check(forward.empty() == DiffPolicy(&live, &desired, "aws").empty());
  (void)NormalizeAccessPolicy(live, "aws-cn");
  for (const FieldChange& change : forward) {
    std::vector<DiffLine> lines = DocumentDiff(change.before, change.after);
    CheckSide(lines, '-', change.before);
    CheckSide(lines, '+', change.after);
  }
}

}  // namespace
}  // namespace backupctl

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string desired(reinterpret_cast<const char*>(data), size);
  std::string live = desired;
  const std::string marker = "\n#---\n";
  if (size_t at = desired.find(marker); at != std::string::npos) {
    live = desired.substr(at + marker.size());
    desired.resize(at);
  }
  backupctl::CheckSides(desired, live);
  return 0;
}
