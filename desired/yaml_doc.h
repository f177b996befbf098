// One YAML file parsed by libyaml into compact document trees.
//
// ParseYaml turns a file's text into its documents. A document is a tree of
// YamlNode: null, scalar, sequence or mapping. A scalar remembers whether it
// was written plain and untagged, so `7` may be read as a number while `"7"`
// stays a string. Mapping entries keep document order and duplicate keys (the
// checks report them). Every node carries its 0-based line:column. An alias is
// the anchored node itself (same node, same mark); an alias to a node that
// contains it is refused.
//
// A leading UTF-8 byte-order mark is skipped (marks count from after it). A
// tag is refused, naming it, unless it says what the node already is
// (!!str on a scalar, !!seq on a sequence, !!map on a mapping).
//
// The whole file lives in one YamlFile: a node is a handle of two words into
// its arrays, valid while the YamlFile lives and is not moved. Refused input
// (a syntax error, more than `max_nodes` nodes counting every alias as one,
// nesting deeper than kMaxYamlDepth) yields a YamlError and no documents.

#ifndef BACKUPCTL_DESIRED_YAML_DOC_H_
#define BACKUPCTL_DESIRED_YAML_DOC_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace backupctl {

constexpr int kMaxYamlDepth = 1999;  // collections inside collections

struct YamlMark {
  int line = -1;  // 0-based; -1 when unknown
  int column = -1;
};

class YamlFile;

class YamlNode {
 public:
  enum class Type : uint8_t { kUndefined, kNull, kScalar, kSequence, kMap };
  struct Entry;
  template <int kStride>
  class Range;
  using ItemRange = Range<1>;
  using EntryRange = Range<2>;

  YamlNode() = default;  // undefined: what a lookup of an absent key gives

  Type type() const;
  bool IsDefined() const { return type() != Type::kUndefined; }
  bool IsNull() const { return type() == Type::kNull; }
  bool IsScalar() const { return type() == Type::kScalar; }
  bool IsSequence() const { return type() == Type::kSequence; }
  bool IsMap() const { return type() == Type::kMap; }
  // A scalar written plain and without a tag: the only kind that may be read
  // as an integer or a boolean.
  bool IsPlain() const;

  std::string_view Scalar() const;      // "" unless a scalar
  size_t size() const;                  // items of a sequence, entries of a map; else 0
  YamlNode operator[](size_t i) const;  // a sequence's item; undefined past the end
  // The value of the first entry whose key is the scalar `key`; undefined when
  // absent or not a map.
  YamlNode Get(std::string_view key) const;
  YamlMark Mark() const;

  ItemRange Items() const;     // a sequence's items; empty otherwise
  EntryRange Entries() const;  // a map's entries in document order; empty otherwise

 private:
  friend class YamlFile;
  YamlNode(const YamlFile* file, uint32_t index) : file_(file), index_(index) {}
  const YamlFile* file_ = nullptr;
  uint32_t index_ = 0;
};

struct YamlNode::Entry {
  YamlNode first;   // the key
  YamlNode second;  // the value
};

// A collection's children, `kStride` node indices each: a sequence's items
// (1) or a map's key-value entries (2).
template <int kStride>
class YamlNode::Range {
 public:
  using Value = std::conditional_t<kStride == 1, YamlNode, Entry>;
  class iterator {
   public:
    iterator(const YamlFile* file, const uint32_t* at) : file_(file), at_(at) {}
    Value operator*() const {
      if constexpr (kStride == 1) {
        return YamlNode(file_, at_[0]);
      } else {
        return Entry{YamlNode(file_, at_[0]), YamlNode(file_, at_[1])};
      }
    }
    iterator& operator++() {
      at_ += kStride;
      return *this;
    }
    bool operator!=(const iterator& o) const { return at_ != o.at_; }

   private:
    const YamlFile* file_;
    const uint32_t* at_;
  };
  iterator begin() const { return {file_, begin_}; }
  iterator end() const { return {file_, end_}; }

 private:
  friend class YamlNode;
  Range(const YamlFile* file, const uint32_t* b, const uint32_t* e)
      : file_(file), begin_(b), end_(e) {}
  const YamlFile* file_;
  const uint32_t* begin_;
  const uint32_t* end_;
};

struct YamlError {
  YamlMark mark;        // where the problem is; unknown for a whole-file limit
  std::string message;  // e.g. "YAML syntax error: did not find expected key ..."
};

class YamlFile {
 public:
  YamlFile() = default;
  YamlFile(const YamlFile&) = delete;
  YamlFile& operator=(const YamlFile&) = delete;

  // Parses `text` (UTF-8) with libyaml; false with *error set when it is
  // refused, and then the file holds no document.
  bool Parse(std::string_view text, size_t max_nodes, YamlError* error);

  // Every document in order, empty ones (`---` alone) as null nodes.
  std::vector<YamlNode> Documents() const;

  // Whether any scalar (a key or a value) contains `text`.
  bool AnyScalarContains(std::string_view text) const;
  // Makes this a copy of `from` whose every scalar is rewrite(scalar): same
  // nodes, marks and documents, so a node of `from` has its twin at the same
  // position of Documents().
  void CopyRewritten(const YamlFile& from,
                     const std::function<std::string(std::string_view)>& rewrite);

 private:
  friend class YamlNode;
  friend class YamlBuilder;
  void Clear();
  struct Rec {
    uint32_t begin = 0;  // scalars: offset in chars_; collections: offset in children_
    uint32_t size = 0;   // scalars: bytes; sequences: items; maps: 2 x entries
    int32_t line = -1;
    int32_t column = -1;
    YamlNode::Type type = YamlNode::Type::kNull;
    bool plain = false;
  };
  const Rec& rec(uint32_t i) const { return recs_[i]; }

  std::vector<Rec> recs_;
  std::vector<uint32_t> children_;  // node indices, each collection's contiguous
  std::vector<uint32_t> documents_;
  std::string chars_;  // every scalar's text, back to back
};

}  // namespace backupctl

#include "desired/yaml_doc_inl.h"  // the accessors are small and hot: inline

#endif  // BACKUPCTL_DESIRED_YAML_DOC_H_
