#include "providers/aws/ini.h"

#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace backupctl {
namespace {

// "[ profile  dev ]" -> "profile dev": inner whitespace runs collapse.
std::string SectionName(const std::string& inner) {
  std::istringstream words(inner);
  std::string word, name;
  while (words >> word) name += (name.empty() ? "" : " ") + word;
  return name;
}

const IniSection* Find(const IniFile& file, const std::string& name) {
  auto it = file.find(name);
  return it == file.end() ? nullptr : &it->second;
}

}  // namespace

IniFile ParseIni(const std::string& text) {
  IniFile file;
  IniSection* section = nullptr;
  std::istringstream in(text);
  std::string raw;
  while (std::getline(in, raw)) {
    std::string line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (raw[0] == ' ' || raw[0] == '\t') continue;  // nested block or continuation
    if (line.front() == '[' && line.back() == ']') {
      section = &file[SectionName(line.substr(1, line.size() - 2))];
      continue;
    }
    size_t eq = line.find('=');
    if (section == nullptr || eq == std::string::npos) continue;
    (*section)[Lower(Trim(line.substr(0, eq)))] = Trim(line.substr(eq + 1));
  }
  return file;
}

std::optional<IniFile> ReadIniFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return ParseIni(text.str());
}

const IniSection* ConfigProfile(const IniFile& config, const std::string& profile) {
  if (const IniSection* s = Find(config, "profile " + profile)) return s;
  return profile == "default" ? Find(config, "default") : nullptr;
}

const IniSection* CredentialsProfile(const IniFile& credentials, const std::string& profile) {
  return Find(credentials, profile);
}

}  // namespace backupctl
