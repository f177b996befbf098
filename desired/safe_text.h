// Text from the input made safe to print as part of one diagnostic line.
//
// A file name or a value may hold anything: a newline that forges a second
// diagnostic, an escape sequence that rewrites the terminal, a bidirectional
// override that reorders what is shown, or ten megabytes. EscapeControls
// writes every C0 and C1 control character, DEL, bidirectional control and
// byte that is not UTF-8 as an escape (\n \r \t \xNN \uNNNN); everything
// else passes unchanged. SafeDiagnosticText does that to a whole message and
// cuts it: a quoted value (between a pair of double quotes) longer than
// kMaxQuotedBytes keeps its first kMaxQuotedBytes and ends in
// "... (N bytes)"; text outside quotes is cut so past kMaxUnquotedBytes (a
// value holding quotes of its own shifts which text is inside); the message
// ends at kMaxDiagnosticBytes.
//
// LoadTree passes every diagnostic through these; the CLI its error lines.

#ifndef BACKUPCTL_DESIRED_SAFE_TEXT_H_
#define BACKUPCTL_DESIRED_SAFE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace backupctl {

constexpr size_t kMaxQuotedBytes = 200;
constexpr size_t kMaxUnquotedBytes = 1000;
constexpr size_t kMaxDiagnosticBytes = 4096;

std::string EscapeControls(std::string_view text);
std::string SafeDiagnosticText(std::string_view message);

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_SAFE_TEXT_H_
