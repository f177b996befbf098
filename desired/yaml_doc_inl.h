// YamlNode's accessors, inline because they are small and hot (every field
// of every document goes through them). Included by yaml_doc.h only.

#ifndef BACKUPCTL_DESIRED_YAML_DOC_INL_H_
#define BACKUPCTL_DESIRED_YAML_DOC_INL_H_

#include "desired/yaml_doc.h"

namespace backupctl {

inline YamlNode::Type YamlNode::type() const {
  return file_ == nullptr ? Type::kUndefined : file_->rec(index_).type;
}

inline bool YamlNode::IsPlain() const { return IsScalar() && file_->rec(index_).plain; }

inline std::string_view YamlNode::Scalar() const {
  if (!IsScalar()) return {};
  const YamlFile::Rec& r = file_->rec(index_);
  return std::string_view(file_->chars_.data() + r.begin, r.size);
}

inline size_t YamlNode::size() const {
  Type t = type();
  if (t == Type::kSequence) return file_->rec(index_).size;
  if (t == Type::kMap) return file_->rec(index_).size / 2;
  return 0;
}

inline YamlNode YamlNode::operator[](size_t i) const {
  if (!IsSequence() || i >= size()) return YamlNode();
  return YamlNode(file_, file_->children_[file_->rec(index_).begin + i]);
}

inline YamlNode YamlNode::Get(std::string_view key) const {
  for (const Entry& e : Entries()) {
    if (e.first.IsScalar() && e.first.Scalar() == key) return e.second;
  }
  return YamlNode();
}

inline YamlMark YamlNode::Mark() const {
  if (file_ == nullptr) return YamlMark();
  const YamlFile::Rec& r = file_->rec(index_);
  return YamlMark{r.line, r.column};
}

inline YamlNode::ItemRange YamlNode::Items() const {
  if (!IsSequence()) return ItemRange(file_, nullptr, nullptr);
  const uint32_t* b = file_->children_.data() + file_->rec(index_).begin;
  return ItemRange(file_, b, b + file_->rec(index_).size);
}

inline YamlNode::EntryRange YamlNode::Entries() const {
  if (!IsMap()) return EntryRange(file_, nullptr, nullptr);
  const uint32_t* b = file_->children_.data() + file_->rec(index_).begin;
  return EntryRange(file_, b, b + file_->rec(index_).size);
}

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_YAML_DOC_INL_H_
