#include "desired/yaml_doc.h"

#include <yaml.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace backupctl {
namespace {

using Type = YamlNode::Type;

// A collection's size while its end has not been read: an alias to it would
// make a cycle.
constexpr uint32_t kOpen = std::numeric_limits<uint32_t>::max();

int ToInt(size_t v) {
  return static_cast<int>(std::min<size_t>(v, std::numeric_limits<int>::max()));
}

YamlMark ToMark(const yaml_mark_t& m) { return YamlMark{ToInt(m.line), ToInt(m.column)}; }

// A reader error carries a byte offset only: count lines and characters.
YamlMark MarkOfOffset(std::string_view text, size_t offset) {
  YamlMark m{0, 0};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = text[i];
    if (c == '\n') {
      ++m.line;
      m.column = 0;
    } else if ((c >> 6) != 2) {  // not a UTF-8 continuation byte
      ++m.column;
    }
  }
  return m;
}

std::string Str(const yaml_char_t* s) {
  return s == nullptr ? "" : reinterpret_cast<const char*>(s);
}

// Plain, untagged "", "~" and "null" are YAML's null (as yaml-cpp and YAML 1.2 read them).
bool IsNullWord(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

YamlError ParserError(const yaml_parser_t& p, std::string_view text) {
  YamlError e;
  if (p.error == YAML_MEMORY_ERROR) {
    e.message = "cannot parse: out of memory";
    return e;
  }
  if (p.error == YAML_READER_ERROR) {
    e.mark = MarkOfOffset(text, p.problem_offset);
    e.message = "YAML syntax error: " + Str(reinterpret_cast<const yaml_char_t*>(p.problem));
    return e;
  }
  e.mark = ToMark(p.problem_mark);
  e.message = "YAML syntax error: " + Str(reinterpret_cast<const yaml_char_t*>(p.problem));
  if (p.context != nullptr) {
    e.message += " (" + std::string(p.context) + " that starts at " +
                 std::to_string(p.context_mark.line + 1) + ":" +
                 std::to_string(p.context_mark.column + 1) + ")";
  }
  return e;
}

// A UTF-8 byte-order mark (editors on Windows write one) is not content. libyaml
// skips it but counts it as a column, which shifts the first line's indentation.
std::string_view WithoutByteOrderMark(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return text.substr(0, kBom.size()) == kBom ? text.substr(kBom.size()) : text;
}

// Tags change what a value means (`!env X` is not the string "X"), and the
// schema defines none: every tag is refused but the three that say what the
// node already is.
bool CheckTag(const yaml_char_t* tag, Type type, YamlMark mark, YamlError* error) {
  if (tag == nullptr) return true;
  constexpr std::string_view kCore = "tag:yaml.org,2002:";
  std::string_view t(reinterpret_cast<const char*>(tag));
  std::string_view expected = type == Type::kSequence ? "seq" : type == Type::kMap ? "map" : "str";
  bool core = t.substr(0, kCore.size()) == kCore;
  std::string_view name = core ? t.substr(kCore.size()) : t;
  if (core && name == expected) return true;
  error->mark = mark;
  error->message =
      "YAML tag \"" + std::string(core ? "!!" : "") + std::string(name) + "\" is not supported";
  if (core && (name == "str" || name == "seq" || name == "map")) {
    error->message += type == Type::kSequence ? " on a list"
                      : type == Type::kMap    ? " on a mapping"
                                              : " on a scalar";
  }
  error->message +=
      ": write the value itself (only !!str on a scalar, !!seq on a list and "
      "!!map on a mapping are accepted)";
  return false;
}

// libyaml's parser and its cleanup, whatever way the parse ends.
struct Parser {
  yaml_parser_t p;
  bool ready;
  Parser() { ready = yaml_parser_initialize(&p) != 0; }
  ~Parser() {
    if (ready) yaml_parser_delete(&p);
  }
};

struct Event {
  yaml_event_t e;
  ~Event() { yaml_event_delete(&e); }
};

}  // namespace

// Builds a YamlFile from libyaml's events, without recursion: nesting costs
// heap, never stack.
class YamlBuilder {
 public:
  YamlBuilder(YamlFile* file, size_t max_nodes) : f_(*file), max_nodes_(max_nodes) {}

  // The refusal that made Scalar or Start return false (a limit).
  const YamlError& error() const { return error_; }

  void DocumentStart() { anchors_.clear(); }  // anchors are local to their document
  void DocumentEnd() { f_.documents_.push_back(root_); }

  bool Scalar(std::string_view value, bool plain, YamlMark mark) {
    if (!Count()) return false;
    uint32_t node = NewNode(plain && IsNullWord(value) ? Type::kNull : Type::kScalar, mark);
    YamlFile::Rec& r = f_.recs_[node];
    r.plain = plain;
    r.begin = static_cast<uint32_t>(f_.chars_.size());
    r.size = static_cast<uint32_t>(value.size());
    f_.chars_.append(value);
    AddChild(node);
    return true;
  }

  bool Start(Type type, YamlMark mark) {
    if (!Count()) return false;
    if (open_.size() >= static_cast<size_t>(kMaxYamlDepth)) {
      error_.mark = mark;
      error_.message = "YAML nested more than " + std::to_string(kMaxYamlDepth) + " levels deep";
      return false;
    }
    uint32_t node = NewNode(type, mark);
    f_.recs_[node].size = kOpen;
    open_.push_back({node, pending_.size()});
    return true;
  }

  void End() {
    Open o = open_.back();
    open_.pop_back();
    YamlFile::Rec& r = f_.recs_[o.node];
    r.begin = static_cast<uint32_t>(f_.children_.size());
    r.size = static_cast<uint32_t>(pending_.size() - o.first_child);
    f_.children_.insert(f_.children_.end(), pending_.begin() + o.first_child, pending_.end());
    pending_.resize(o.first_child);
    AddChild(o.node);
  }

  // Names the node the last Scalar or Start made.
  void Anchor(const yaml_char_t* anchor) {
    if (anchor != nullptr) anchors_[Str(anchor)] = static_cast<uint32_t>(f_.recs_.size() - 1);
  }

  // The anchored node again.
  bool Alias(const std::string& name, YamlMark mark) {
    if (!Count()) return false;
    auto it = anchors_.find(name);
    error_.mark = mark;
    if (it == anchors_.end()) {
      error_.message = "YAML syntax error: found undefined alias \"" + name + "\"";
      return false;
    }
    if (f_.recs_[it->second].size == kOpen) {
      error_.message =
          "YAML syntax error: alias \"" + name + "\" refers to a node that contains it";
      return false;
    }
    AddChild(it->second);
    return true;
  }

 private:
  struct Open {
    uint32_t node;
    size_t first_child;  // in pending_
  };

  bool Count() {
    if (++nodes_ <= max_nodes_) return true;
    error_.mark = YamlMark();
    error_.message =
        "more than " + std::to_string(max_nodes_) + " YAML nodes in one file; split it";
    return false;
  }

  uint32_t NewNode(Type type, YamlMark mark) {
    YamlFile::Rec r;
    r.type = type;
    r.line = mark.line;
    r.column = mark.column;
    uint32_t index = static_cast<uint32_t>(f_.recs_.size());
    f_.recs_.push_back(r);
    return index;
  }

  void AddChild(uint32_t node) {
    if (open_.empty()) {
      root_ = node;
    } else {
      pending_.push_back(node);
    }
  }

  YamlFile& f_;
  const size_t max_nodes_;
  size_t nodes_ = 0;
  uint32_t root_ = 0;
  std::vector<Open> open_;
  std::vector<uint32_t> pending_;  // the children of the open collections, in order
  std::unordered_map<std::string, uint32_t> anchors_;
  YamlError error_;
};

namespace {

// Feeds libyaml's events for `text` to `b`.
bool RunLibyaml(std::string_view text, YamlBuilder& b, YamlError* error) {
  Parser parser;
  if (!parser.ready) {
    error->message = "cannot parse: out of memory";
    return false;
  }
  yaml_parser_set_input_string(&parser.p, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_parser_set_encoding(&parser.p, YAML_UTF8_ENCODING);
  for (;;) {
    Event event;
    if (!yaml_parser_parse(&parser.p, &event.e)) {
      *error = ParserError(parser.p, text);
      return false;
    }
    const yaml_event_t& e = event.e;
    bool ok = true;
    switch (e.type) {
      case YAML_STREAM_END_EVENT:
        return true;
      case YAML_DOCUMENT_START_EVENT:
        b.DocumentStart();
        break;
      case YAML_DOCUMENT_END_EVENT:
        b.DocumentEnd();
        break;
      case YAML_SCALAR_EVENT: {
        const auto& s = e.data.scalar;
        if (!CheckTag(s.tag, Type::kScalar, ToMark(e.start_mark), error)) return false;
        std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
        ok = b.Scalar(value, s.tag == nullptr && s.style == YAML_PLAIN_SCALAR_STYLE,
                      ToMark(e.start_mark));
        if (ok) b.Anchor(s.anchor);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
        if (!CheckTag(e.data.sequence_start.tag, Type::kSequence, ToMark(e.start_mark), error)) {
          return false;
        }
        ok = b.Start(Type::kSequence, ToMark(e.start_mark));
        if (ok) b.Anchor(e.data.sequence_start.anchor);
        break;
      case YAML_MAPPING_START_EVENT:
        if (!CheckTag(e.data.mapping_start.tag, Type::kMap, ToMark(e.start_mark), error)) {
          return false;
        }
        ok = b.Start(Type::kMap, ToMark(e.start_mark));
        if (ok) b.Anchor(e.data.mapping_start.anchor);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        b.End();
        break;
      case YAML_ALIAS_EVENT:
        ok = b.Alias(Str(e.data.alias.anchor), ToMark(e.start_mark));
        break;
      default:
        break;
    }
    if (!ok) {
      *error = b.error();
      return false;
    }
  }
}

}  // namespace

void YamlFile::Clear() {
  recs_.clear();
  children_.clear();
  documents_.clear();
  chars_.clear();
}

bool YamlFile::Parse(std::string_view text, size_t max_nodes, YamlError* error) {
  text = WithoutByteOrderMark(text);
  Clear();
  chars_.reserve(text.size());
  YamlBuilder builder(this, max_nodes);
  if (RunLibyaml(text, builder, error)) return true;
  Clear();
  return false;
}

std::vector<YamlNode> YamlFile::Documents() const {
  std::vector<YamlNode> docs;
  docs.reserve(documents_.size());
  for (uint32_t root : documents_) docs.push_back(YamlNode(this, root));
  return docs;
}

bool YamlFile::AnyScalarContains(std::string_view text) const {
  return std::string_view(chars_).find(text) != std::string_view::npos;
}

void YamlFile::CopyRewritten(const YamlFile& from,
                             const std::function<std::string(std::string_view)>& rewrite) {
  recs_ = from.recs_;
  children_ = from.children_;
  documents_ = from.documents_;
  chars_.clear();
  for (Rec& r : recs_) {
    if (r.type != YamlNode::Type::kScalar) continue;
    std::string text = rewrite(std::string_view(from.chars_.data() + r.begin, r.size));
    r.begin = static_cast<uint32_t>(chars_.size());
    r.size = static_cast<uint32_t>(text.size());
    chars_ += text;
  }
}

}  // namespace backupctl
