#include "desired/safe_text.h"

#include <algorithm>
#include <cstdint>

namespace backupctl {
namespace {

// Bytes in the UTF-8 sequence at text[i]; 0 when none starts there.
size_t SequenceLength(std::string_view text, size_t i) {
  unsigned char c = text[i];
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

uint32_t CodePoint(std::string_view text, size_t i, size_t n) {
  static constexpr unsigned char kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  uint32_t cp = static_cast<unsigned char>(text[i]) & kLeadMask[n];
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return cp;
}

// C1 controls, and the bidirectional marks, embeddings, overrides and
// isolates that make a terminal show text in another order than it is.
bool IsInvisibleControl(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void AppendHex(const char* prefix, uint32_t value, int digits, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out->push_back(kHex[(value >> shift) & 0xF]);
}

void AppendEscaped(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    if (c >= 0x20 && c < 0x7F) {
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
      *out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
      ++i;
      continue;
    }
    size_t n = c < 0x80 ? 0 : SequenceLength(text, i);
    if (n == 0) {  // another control character, or a byte that is not UTF-8
      AppendHex("\\x", c, 2, out);
      ++i;
      continue;
    }
    uint32_t cp = CodePoint(text, i, n);
    if (IsInvisibleControl(cp)) {
      AppendHex("\\u", cp, 4, out);
    } else {
      out->append(text.substr(i, n));
    }
    i += n;
  }
}

// The longest prefix of at most `max` bytes that ends between UTF-8 sequences.
size_t CutPoint(std::string_view text, size_t max) {
  size_t n = std::min(max, text.size());
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return n;
}

}  // namespace

std::string EscapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscaped(text, &out);
  return out;
}

std::string SafeDiagnosticText(std::string_view message) {
  std::string out;
  size_t start = 0;
  for (bool quoted = false; start != std::string_view::npos && out.size() <= kMaxDiagnosticBytes;
       quoted = !quoted) {
    size_t quote = message.find('"', start);
    std::string_view part =
        message.substr(start, quote == std::string_view::npos ? quote : quote - start);
    size_t max = quoted ? kMaxQuotedBytes : kMaxUnquotedBytes;
    if (part.size() > max) {
      AppendEscaped(part.substr(0, CutPoint(part, max)), &out);
      out += "... (" + std::to_string(part.size()) + " bytes)";
    } else {
      AppendEscaped(part, &out);
    }
    if (quote != std::string_view::npos) out.push_back('"');
    start = quote == std::string_view::npos ? quote : quote + 1;
  }
  if (out.size() > kMaxDiagnosticBytes) {
    out.resize(CutPoint(out, kMaxDiagnosticBytes));
    out += "... (cut at " + std::to_string(kMaxDiagnosticBytes) + " bytes)";
  }
  return out;
}

}  // namespace backupctl
