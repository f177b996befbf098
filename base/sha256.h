// SHA-256 and HMAC-SHA256 (OpenSSL), and lower-case hex. Used for SigV4
// signing and verifying, plan checksums and the reconciler's physical names.

#ifndef BACKUPCTL_BASE_SHA256_H_
#define BACKUPCTL_BASE_SHA256_H_

#include <string>
#include <string_view>

namespace backupctl {

// Each byte as two lower-case hex digits: "\x01\xab" -> "01ab".
std::string HexLower(std::string_view bytes);

// The 64 lower-case hex digits of SHA-256(data).
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256(key, data) as 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_SHA256_H_
