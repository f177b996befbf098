// The AWS shared config and credentials files (INI dialect of botocore).
//
// "[section]" headers, "key = value" lines (keys lower-cased, values trimmed),
// whole-line comments starting with '#' or ';'. Indented lines belong to a
// nested block ("s3 =\n  max_concurrent_requests = 10") and are skipped.
// Later duplicates of a key win. Section names are kept as written, so the
// config file's "[profile dev]" stays "profile dev".

#ifndef BACKUPCTL_PROVIDERS_AWS_INI_H_
#define BACKUPCTL_PROVIDERS_AWS_INI_H_

#include <map>
#include <optional>
#include <string>

namespace backupctl {

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;

IniFile ParseIni(const std::string& text);

// nullopt when the file does not exist or cannot be read.
std::optional<IniFile> ReadIniFile(const std::string& path);

// The section for `profile`: "[profile NAME]" in the config file ("[default]"
// or "[profile default]" for the default), "[NAME]" in the credentials file.
const IniSection* ConfigProfile(const IniFile& config, const std::string& profile);
const IniSection* CredentialsProfile(const IniFile& credentials, const std::string& profile);

}  // namespace backupctl

#endif  // BACKUPCTL_PROVIDERS_AWS_INI_H_
