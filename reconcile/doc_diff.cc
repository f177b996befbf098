#include "reconcile/doc_diff.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "desired/policy_json.h"

namespace backupctl {
namespace {

constexpr char kNone[] = "(none)";

std::vector<std::string> Lines(const std::string& side) {
  if (side == kNone) return {};
  nlohmann::json doc;
  // Depth-checked: dump recurses. Objects print their keys sorted.
  std::string text = ParsePolicyText(side, &doc).empty() ? doc.dump(2) : side;
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  lines.push_back(text.substr(start));
  return lines;
}

std::string_view Key(const std::string& line) {
  std::string_view key = line;
  if (!key.empty() && key.back() == ',') key.remove_suffix(1);
  return key;
}

// The middle of the two documents, between their common head and tail.
class Middle {
 public:
  Middle(const std::vector<std::string>& a, const std::vector<std::string>& b, size_t head,
         size_t tail)
      : a_(a), b_(b), head_(head), n_(a.size() - head - tail), m_(b.size() - head - tail) {}

  void AppendTo(std::vector<DiffLine>* out) const {
    if (n_ * m_ > kMaxDiffCells) {
      for (size_t i = 0; i < n_; ++i) out->push_back({'-', A(i)});
      for (size_t j = 0; j < m_; ++j) out->push_back({'+', B(j)});
      return;
    }
    // lcs[i][j]: the longest common subsequence of A(i..) and B(j..).
    std::vector<uint32_t> lcs((n_ + 1) * (m_ + 1), 0);
    auto at = [this, &lcs](size_t i, size_t j) -> uint32_t& { return lcs[i * (m_ + 1) + j]; };
    for (size_t i = n_; i-- > 0;) {
      for (size_t j = m_; j-- > 0;) {
        at(i, j) =
            Key(A(i)) == Key(B(j)) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n_ && j < m_) {
      if (Key(A(i)) == Key(B(j))) {
        out->push_back({' ', B(j)});
        ++i, ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        out->push_back({'-', A(i++)});
      } else {
        out->push_back({'+', B(j++)});
      }
    }
    for (; i < n_; ++i) out->push_back({'-', A(i)});
    for (; j < m_; ++j) out->push_back({'+', B(j)});
  }

 private:
  const std::string& A(size_t i) const { return a_[head_ + i]; }
  const std::string& B(size_t j) const { return b_[head_ + j]; }

  const std::vector<std::string>& a_;
  const std::vector<std::string>& b_;
  size_t head_, n_, m_;
};

}  // namespace

std::vector<DiffLine> DocumentDiff(const std::string& before, const std::string& after) {
  const std::vector<std::string> a = Lines(before), b = Lines(after);
  size_t head = 0, tail = 0;
  while (head < a.size() && head < b.size() && Key(a[head]) == Key(b[head])) ++head;
  while (tail < a.size() - head && tail < b.size() - head &&
         Key(a[a.size() - 1 - tail]) == Key(b[b.size() - 1 - tail])) {
    ++tail;
  }
  std::vector<DiffLine> out;
  out.reserve(a.size() + b.size());
  for (size_t i = 0; i < head; ++i) out.push_back({' ', b[i]});
  Middle(a, b, head, tail).AppendTo(&out);
  for (size_t t = tail; t > 0; --t) out.push_back({' ', b[b.size() - t]});
  return out;
}

}  // namespace backupctl
