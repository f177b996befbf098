#include "providers/local/pagination.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "providers/local/local_errors.h"

namespace backupctl {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr size_t kMacBytes = 16;

std::string Base64Url(const std::string& in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 63];
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> FromBase64Url(const std::string& in) {
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = std::char_traits<char>::find(kAlphabet, 64, c);
    if (p == nullptr) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  if (bits >= 6) return std::nullopt;  // a dangling sextet is never produced by Base64Url
  return out;
}

std::string Mac(const std::string& secret, const std::string& payload) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), digest, &length);
  return std::string(reinterpret_cast<char*>(digest), kMacBytes);
}

}  // namespace

std::string MakePageToken(const std::string& secret, const std::string& scope,
                          const std::string& last_key) {
  std::string payload = scope + '\0' + last_key;
  return Base64Url(payload) + "." + Base64Url(Mac(secret, payload));
}

Outcome<PageRequest> StartPage(const std::string& secret, const std::string& scope,
                               const std::optional<std::string>& next_token,
                               const std::optional<int>& max_results) {
  PageRequest page;
  if (max_results) {
    if (*max_results < 1 || *max_results > kMaxPageSize) {
      return InvalidParameterError("MaxResults must be between 1 and 1000, got " +
                                   std::to_string(*max_results));
    }
    page.limit = *max_results;
  }
  if (!next_token || next_token->empty()) return page;
  const ApiError invalid = InvalidParameterError("Invalid NextToken");
  size_t dot = next_token->rfind('.');
  if (dot == std::string::npos) return invalid;
  auto payload = FromBase64Url(next_token->substr(0, dot));
  auto mac = FromBase64Url(next_token->substr(dot + 1));
  if (!payload || !mac || mac->size() != kMacBytes) return invalid;
  std::string expected = Mac(secret, *payload);
  if (CRYPTO_memcmp(expected.data(), mac->data(), kMacBytes) != 0) return invalid;
  size_t nul = payload->find('\0');
  if (nul == std::string::npos || payload->substr(0, nul) != scope) return invalid;
  page.after = payload->substr(nul + 1);
  return page;
}

}  // namespace backupctl
