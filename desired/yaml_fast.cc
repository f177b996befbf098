#include "desired/yaml_fast.h"

#include <cstring>
#include <string>

namespace backupctl {
namespace {

using Type = YamlNode::Type;

constexpr int kMaxDepth = 100;          // deeper nesting is left to libyaml
constexpr size_t kMaxKeyLength = 1000;  // libyaml's simple keys end at 1024 characters

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The characters a plain scalar may start with here (libyaml allows more).
bool IsPlainFirst(char c) {
  return IsAlnum(c) || (c != '\0' && std::strchr("_./~($+", c) != nullptr);
}

// The characters of a plain scalar in a flow collection, besides spaces
// between them and ':' before an alphanumeric.
bool IsFlowPlain(char c) {
  return IsAlnum(c) || (c != '\0' && std::strchr("_-./~()$+=;@", c) != nullptr);
}

// The characters that may end a plain scalar in block context.
struct PlainStops {
  bool stop[256] = {};
  constexpr PlainStops() { stop[' '] = stop[':'] = stop['\n'] = stop['\r'] = true; }
};
constexpr PlainStops kPlainStops;
bool IsPlainStop(char c) { return kPlainStops.stop[static_cast<unsigned char>(c)]; }

// Reads one text; each method that returns bool returns false to decline.
//
// The cursor is the current content line: pos_ is its first character (or a
// position inside it, for the item after `- `), indent_ its column. At the end
// of the stream or on a `---` line, indent_ is -1, so every block collection
// closes there.
class FastParser {
 public:
  FastParser(std::string_view text, YamlEventSink* sink)
      : s_(text.data()), n_(text.size()), sink_(sink) {}

  bool Run() {
    if (!Validate() || !SeekContent(0)) return false;
    while (!eof_) {
      sink_->DocumentStart();
      if (at_separator_ && !FinishLine(pos_ + 3)) return false;
      if (eof_ || at_separator_) {
        if (!sink_->Scalar("", true, eof_ ? EofMark() : YamlMark{line_, 0})) return false;
      } else {
        if (!ParseNode(0, true)) return false;
        if (!eof_ && !at_separator_) return false;
      }
      sink_->DocumentEnd();
    }
    return true;
  }

 private:
  char At(size_t p) const { return p < n_ ? s_[p] : '\0'; }  // Validate refused NUL
  bool IsEol(size_t p) const {
    char c = At(p);
    return c == '\0' || c == '\n' || c == '\r';
  }
  bool IsBlankOrEol(size_t p) const { return At(p) == ' ' || IsEol(p); }
  bool IsDash(size_t p) const { return At(p) == '-' && IsBlankOrEol(p + 1); }
  size_t SkipSpaces(size_t p) const {
    while (At(p) == ' ') ++p;
    return p;
  }
  int Column(size_t p) const { return static_cast<int>(p - line_start_); }
  YamlMark MarkAt(size_t p) const { return YamlMark{line_, Column(p)}; }
  // libyaml ends the stream on a line of its own.
  YamlMark EofMark() const {
    return n_ == line_start_ ? YamlMark{line_, 0} : YamlMark{line_ + 1, 0};
  }

  // Printable ASCII, LF and CRLF only.
  bool Validate() const {
    // Most texts have neither CR nor anything odd: one loop the compiler
    // vectorizes tells.
    const unsigned char* u = reinterpret_cast<const unsigned char*>(s_);
    unsigned odd = 0;
    for (size_t i = 0; i < n_; ++i) {
      unsigned c = u[i];
      odd |= (c - 0x20u >= 0x5fu) & (c != '\n');
    }
    if (odd == 0) return true;
    for (size_t i = 0; i < n_; ++i) {
      unsigned char c = static_cast<unsigned char>(s_[i]);
      if (c >= 0x20 && c < 0x7f) continue;
      if (c == '\n') continue;
      if (c == '\r' && i + 1 < n_ && s_[i + 1] == '\n') continue;
      return false;
    }
    return true;
  }

  // From the start of a line, skips blank and comment lines to the next
  // content line, a `---` line or the end.
  bool SeekContent(size_t start) {
    for (;;) {
      line_start_ = start;
      size_t p = SkipSpaces(start);
      if (IsEol(p) || At(p) == '#') {
        const void* nl = p < n_ ? std::memchr(s_ + p, '\n', n_ - p) : nullptr;
        if (nl == nullptr) {
          eof_ = true;
          at_separator_ = false;
          indent_ = -1;
          return true;
        }
        start = static_cast<const char*>(nl) - s_ + 1;
        ++line_;
        continue;
      }
      at_separator_ = false;
      pos_ = p;
      indent_ = Column(p);
      if (p == start && n_ - p >= 3 &&
          (std::memcmp(s_ + p, "---", 3) == 0 || std::memcmp(s_ + p, "...", 3) == 0)) {
        if (s_[p] != '-' || !IsBlankOrEol(p + 3)) return false;  // `...`, `---x`: libyaml
        at_separator_ = true;
        indent_ = -1;
      }
      return true;
    }
  }

  // The rest of the line from `p` must be spaces and maybe a comment; then on
  // to the next content line.
  bool FinishLine(size_t p) {
    size_t q = SkipSpaces(p);
    if (!IsEol(q) && (At(q) != '#' || q == p)) return false;
    const void* nl = q < n_ ? std::memchr(s_ + q, '\n', n_ - q) : nullptr;
    if (nl == nullptr) {
      eof_ = true;
      at_separator_ = false;
      indent_ = -1;
      return true;
    }
    ++line_;
    return SeekContent(static_cast<const char*>(nl) - s_ + 1);
  }

  // A block node at pos_: a sequence, a mapping (when `block` allows them) or
  // a scalar or flow collection that ends its line.
  bool ParseNode(int depth, bool block) {
    if (depth > kMaxDepth) return false;
    size_t p = pos_;
    char c = At(p);
    if (c == '[' || c == '{') {
      size_t after;
      return ParseFlow(p, depth, &after) && FinishLine(after);
    }
    if (IsDash(p)) return block && ParseSeq(false, depth);
    std::string_view text;
    bool plain;
    size_t after;
    if (!ScanScalar(p, false, &text, &plain, &after)) return false;
    if (At(after) == ':' && IsBlankOrEol(after + 1)) return block && ParseMap(depth);
    return sink_->Scalar(text, plain, MarkAt(p)) && FinishLine(after);
  }

  bool ParseMap(int depth) {
    const int n = Column(pos_);
    if (!sink_->Start(Type::kMap, MarkAt(pos_))) return false;
    for (;;) {
      size_t k = pos_;
      std::string_view key;
      bool plain;
      size_t colon;
      if (!ScanScalar(k, false, &key, &plain, &colon)) return false;
      if (At(colon) != ':' || !IsBlankOrEol(colon + 1) || colon - k > kMaxKeyLength) return false;
      if (!sink_->Scalar(key, plain, MarkAt(k))) return false;
      size_t v = SkipSpaces(colon + 1);
      if (IsEol(v) || At(v) == '#') {  // the value is on the lines below, or null
        YamlMark null_mark = MarkAt(colon + 1);
        if (!FinishLine(v)) return false;
        if (indent_ > n) {
          if (!ParseNode(depth + 1, true)) return false;
        } else if (indent_ == n && IsDash(pos_)) {
          if (!ParseSeq(true, depth + 1)) return false;
        } else if (!sink_->Scalar("", true, null_mark)) {
          return false;
        }
      } else {
        pos_ = v;
        if (!ParseNode(depth + 1, false)) return false;
      }
      if (indent_ < n) break;
      if (indent_ > n || IsDash(pos_)) return false;
    }
    sink_->End();
    return true;
  }

  // `indentless`: the value of a mapping key at the key's own indent, which
  // ends at the first line of that indent that is not an item.
  bool ParseSeq(bool indentless, int depth) {
    const int n = Column(pos_);
    if (!sink_->Start(Type::kSequence, MarkAt(pos_))) return false;
    for (;;) {
      size_t dash = pos_;
      size_t v = SkipSpaces(dash + 1);
      if (IsEol(v) || At(v) == '#') {  // the item is on the lines below, or null
        YamlMark null_mark = MarkAt(dash + 1);
        if (!FinishLine(v)) return false;
        if (indent_ > n) {
          if (!ParseNode(depth + 1, true)) return false;
        } else if (!sink_->Scalar("", true, null_mark)) {
          return false;
        }
      } else {
        pos_ = v;
        if (!ParseNode(depth + 1, true)) return false;
      }
      if (indent_ < n) break;
      if (indent_ > n) return false;
      if (!IsDash(pos_)) {
        if (indentless) break;
        return false;
      }
    }
    sink_->End();
    return true;
  }

  // `[a, "b"]` or `{k: v, ...}` of scalars and flow collections, on one line.
  bool ParseFlow(size_t p, int depth, size_t* after) {
    if (depth > kMaxDepth) return false;
    const bool map = At(p) == '{';
    const char close = map ? '}' : ']';
    if (!sink_->Start(map ? Type::kMap : Type::kSequence, MarkAt(p))) return false;
    size_t q = SkipSpaces(p + 1);
    if (At(q) != close) {
      for (;;) {
        if (map) {
          std::string_view key;
          bool plain;
          size_t e;
          if (!ScanScalar(q, true, &key, &plain, &e)) return false;
          if (At(e) != ':' || At(e + 1) != ' ' || e - q > kMaxKeyLength) return false;
          if (!sink_->Scalar(key, plain, MarkAt(q))) return false;
          q = SkipSpaces(e + 1);
        }
        if (At(q) == '[' || At(q) == '{') {
          if (!ParseFlow(q, depth + 1, &q)) return false;
        } else {
          std::string_view text;
          bool plain;
          size_t e;
          if (!ScanScalar(q, true, &text, &plain, &e)) return false;
          if (!sink_->Scalar(text, plain, MarkAt(q))) return false;
          q = e;
        }
        q = SkipSpaces(q);
        if (At(q) == close) break;
        if (At(q) != ',') return false;
        q = SkipSpaces(q + 1);
        if (At(q) == close) return false;  // a trailing comma: libyaml's call
      }
    }
    sink_->End();
    *after = q + 1;
    return true;
  }

  // A one-line scalar at `p`: quoted, or plain in block or flow context.
  // *after is just past it (a plain scalar without its trailing spaces).
  bool ScanScalar(size_t p, bool flow, std::string_view* out, bool* plain, size_t* after) {
    char c = At(p);
    *plain = c != '\'' && c != '"';
    if (c == '\'') return ScanSingleQuoted(p, out, after);
    if (c == '"') return ScanDoubleQuoted(p, out, after);
    if (!IsPlainFirst(c) && !(c == '-' && IsAlnum(At(p + 1)))) return false;
    size_t q = p;
    if (flow) {
      for (;;) {
        char d = At(q);
        if (IsFlowPlain(d) || (d == ':' && IsAlnum(At(q + 1)))) {
          ++q;
        } else if (d == ' ') {
          size_t r = SkipSpaces(q);
          if (!IsFlowPlain(At(r))) break;
          q = r;
        } else {
          break;
        }
      }
    } else {
      // To the end of the line, a `: ` or a ` #`.
      for (; q < n_; ++q) {
        char d = s_[q];
        if (!IsPlainStop(d)) continue;
        if (d == '\n' || d == '\r') break;
        if (d == ':' && IsBlankOrEol(q + 1)) break;
        if (d == ' ' && At(q + 1) == '#') break;
      }
      while (q > p && s_[q - 1] == ' ') --q;
    }
    *out = std::string_view(s_ + p, q - p);
    *after = q;
    return true;
  }

  bool ScanSingleQuoted(size_t p, std::string_view* out, size_t* after) {
    const size_t start = p + 1;
    bool copied = false;
    size_t q = start;
    for (;;) {
      if (IsEol(q)) return false;
      char c = s_[q];
      if (c == '\'') {
        if (At(q + 1) != '\'') break;
        if (!copied) scratch_.assign(s_ + start, q - start);
        copied = true;
        scratch_ += '\'';
        q += 2;
        continue;
      }
      if (copied) scratch_ += c;
      ++q;
    }
    *out = copied ? std::string_view(scratch_) : std::string_view(s_ + start, q - start);
    *after = q + 1;
    return true;
  }

  bool ScanDoubleQuoted(size_t p, std::string_view* out, size_t* after) {
    const size_t start = p + 1;
    bool copied = false;
    size_t q = start;
    for (;;) {
      if (IsEol(q)) return false;
      char c = s_[q];
      if (c == '"') break;
      if (c == '\\') {
        char e = At(q + 1);
        char v;
        switch (e) {
          case '\\':
          case '"':
          case '/':
            v = e;
            break;
          case 'n':
            v = '\n';
            break;
          case 't':
            v = '\t';
            break;
          case 'r':
            v = '\r';
            break;
          case '0':
            v = '\0';
            break;
          default:
            return false;
        }
        if (!copied) scratch_.assign(s_ + start, q - start);
        copied = true;
        scratch_ += v;
        q += 2;
        continue;
      }
      if (copied) scratch_ += c;
      ++q;
    }
    *out = copied ? std::string_view(scratch_) : std::string_view(s_ + start, q - start);
    *after = q + 1;
    return true;
  }

  const char* s_;
  const size_t n_;
  YamlEventSink* sink_;
  int line_ = 0;
  size_t line_start_ = 0;
  size_t pos_ = 0;
  int indent_ = -1;
  bool eof_ = false;
  bool at_separator_ = false;
  std::string scratch_;  // a quoted scalar with escapes
};

}  // namespace

bool ParseYamlFast(std::string_view text, YamlEventSink* sink) {
  return FastParser(text, sink).Run();
}

}  // namespace backupctl
