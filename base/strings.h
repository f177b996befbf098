// Small ASCII string helpers shared by every module: case folding, trimming,
// splitting, joining and '*' wildcards. ASCII only on purpose: HTTP header names, AWS enum
// values, INI keys and IAM action names are ASCII, and a locale must never
// change how they compare. Whitespace is " \t\r\n\v\f".

#ifndef BACKUPCTL_BASE_STRINGS_H_
#define BACKUPCTL_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace backupctl {

bool IsAsciiSpace(char c);
char AsciiLower(char c);

// "Content-Type" -> "content-type"; bytes outside A-Z are kept as they are.
std::string Lower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Leading and trailing whitespace removed.
std::string Trim(std::string_view s);
// Trim, and every inner run of whitespace becomes one space (SigV4's Trimall).
std::string CollapseSpaces(std::string_view s);

// Split("a,,b", ',') is {"a", "", "b"}; Split("", ',') is {""}.
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// AWS Backup's resource wildcard: '*' matches any run of characters, nothing
// else is special. Linear in practice (one backtrack point, no recursion).
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_STRINGS_H_
