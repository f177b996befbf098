// A fast parser for the subset of YAML that backupctl trees use, in front of
// libyaml (desired/yaml_doc.h).
//
// ParseYamlFast reads block mappings and block sequences (the compact
// `- key: value` form and sequences at their parent key's indent too), plain
// and quoted scalars on one line, flow sequences and mappings of such scalars
// on one line, comments, blank lines and `---` separators. It reports what it
// reads to a YamlEventSink as the events libyaml gives for the same text: the
// same nodes in the same order, the same scalar text and style (plain or
// not), the same 0-based line:column marks.
//
// Anything else (anchors, aliases, tags, block or multi-line scalars, tabs,
// CR without LF, control or non-ASCII bytes, uncommon escapes, odd indentation,
// any syntax error, a sink that refuses an event) makes it decline: it returns
// false having reported a prefix of the events at most. The caller then
// discards them and parses the whole text with libyaml, so declining is never
// visible. It reports no error of its own.

#ifndef BACKUPCTL_DESIRED_YAML_FAST_H_
#define BACKUPCTL_DESIRED_YAML_FAST_H_

#include <string_view>

#include "desired/yaml_doc.h"

namespace backupctl {

class YamlEventSink {
 public:
  virtual ~YamlEventSink() = default;
  virtual void DocumentStart() = 0;
  virtual void DocumentEnd() = 0;
  // A scalar; `plain` when written plain and untagged. False refuses it.
  virtual bool Scalar(std::string_view text, bool plain, YamlMark mark) = 0;
  // A sequence or mapping opens; false refuses it. Each is closed by End.
  virtual bool Start(YamlNode::Type type, YamlMark mark) = 0;
  virtual void End() = 0;
};

// True when `text` was read whole; false when the fast path declines.
bool ParseYamlFast(std::string_view text, YamlEventSink* sink);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_YAML_FAST_H_
