// The fast YAML path (desired/yaml_fast.h) against libyaml: on every input it
// either declines or builds the very tree libyaml builds (kinds, scalar text
// and style, marks, key order), on the repository's YAML files, a generated
// bench-like tree, tricky hand-written inputs and random mutations of them.
#include "desired/yaml_fast.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "desired/yaml_doc.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

constexpr size_t kManyNodes = 1000000;

std::string Describe(YamlNode n) {
  std::ostringstream out;
  out << static_cast<int>(n.type()) << (n.IsPlain() ? " plain" : "") << " @" << n.Mark().line << ":"
      << n.Mark().column;
  if (n.IsScalar()) out << " '" << n.Scalar() << "'";
  if (n.IsSequence() || n.IsMap()) out << " size " << n.size();
  return out.str();
}

// "" when equal, else where they first differ.
std::string Compare(YamlNode a, YamlNode b, const std::string& path) {
  if (a.type() != b.type() || a.IsPlain() != b.IsPlain() || a.Scalar() != b.Scalar() ||
      a.Mark().line != b.Mark().line || a.Mark().column != b.Mark().column ||
      a.size() != b.size()) {
    return path + ": fast " + Describe(a) + " vs libyaml " + Describe(b);
  }
  if (a.IsSequence()) {
    for (size_t i = 0; i < a.size(); ++i) {
      std::string d = Compare(a[i], b[i], path + "/" + std::to_string(i));
      if (!d.empty()) return d;
    }
  }
  if (a.IsMap()) {
    auto ia = a.Entries().begin(), ib = b.Entries().begin();
    for (size_t i = 0; i < a.size(); ++i, ++ia, ++ib) {
      std::string p = path + "/" + std::to_string(i);
      std::string d = Compare((*ia).first, (*ib).first, p + "k");
      if (d.empty()) d = Compare((*ia).second, (*ib).second, p + "v");
      if (!d.empty()) return d;
    }
  }
  return "";
}

struct Outcome {
  bool fast = false;  // the fast path did not decline
  std::string diff;   // "" unless the fast path disagrees with libyaml
};

Outcome Differential(const std::string& text, size_t max_nodes = kManyNodes) {
  Outcome o;
  YamlFile fast, slow;
  YamlError error;
  o.fast = fast.ParseFast(text, max_nodes);
  bool slow_ok = slow.ParseLibyaml(text, max_nodes, &error);
  if (!o.fast) return o;
  if (!slow_ok) {
    o.diff = "fast accepted, libyaml refused: " + error.message;
    return o;
  }
  std::vector<YamlNode> a = fast.Documents(), b = slow.Documents();
  if (a.size() != b.size()) {
    o.diff =
        "documents: fast " + std::to_string(a.size()) + " vs libyaml " + std::to_string(b.size());
    return o;
  }
  for (size_t i = 0; i < a.size() && o.diff.empty(); ++i) {
    o.diff = Compare(a[i], b[i], "doc" + std::to_string(i));
  }
  return o;
}

std::string Quoted(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<fs::path> RepoYamlFiles() {
  std::vector<fs::path> files;
  for (const char* dir :
       {"examples", "tests/data", "tests/reliability/data", "tests/fuzz/corpus/yaml_loader"}) {
    fs::path root = fs::path(BACKUPCTL_SOURCE_DIR) / dir;
    if (!fs::is_directory(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (!e.is_regular_file()) continue;
      std::string ext = e.path().extension().string();
      if (ext == ".yaml" || ext == ".yml" || dir == std::string("tests/fuzz/corpus/yaml_loader")) {
        files.push_back(e.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Resources shaped like bench/estate.cc's: vaults with notifications and a
// policy, plans of three rules, selections of the three kinds.
std::string BenchLikeTree(int plans) {
  std::string out;
  char name[64];
  for (int i = 0; i < plans; ++i) {
    std::snprintf(name, sizeof(name), "vault-%06d", i);
    std::string vault = name;
    out += "---\napiVersion: backupctl/v1\nkind: BackupVault\nmetadata:\n  name: " + vault +
           "\nspec:\n  tags:\n    team: team-000001\n    tier: gold\n    cost-center: \"4711\"\n";
    if (i % 5 == 0) out += "  lock:\n    minRetentionDays: 7\n    maxRetentionDays: 3650\n";
    out += "---\napiVersion: backupctl/v1\nkind: BackupVaultNotifications\nmetadata:\n  name: " +
           vault + "-alerts\nspec:\n  vault: " + vault +
           "\n  snsTopicArn: arn:aws:sns:eu-west-1:123456789012:backup-alerts\n"
           "  events: [BACKUP_JOB_COMPLETED, COPY_JOB_FAILED]\n";
    out += "---\napiVersion: backupctl/v1\nkind: BackupVaultAccessPolicy\nmetadata:\n  name: " +
           vault + "-policy\nspec:\n  vault: " + vault +
           "\n  policy:\n    Version: \"2012-10-17\"\n    Statement:\n      - Sid: DenyDelete\n"
           "        Effect: Deny\n        Principal: \"*\"\n        Action:\n"
           "          - backup:DeleteRecoveryPoint\n"
           "          - backup:UpdateRecoveryPointLifecycle\n        Resource: \"*\"\n";
    std::snprintf(name, sizeof(name), "plan-%06d", i);
    std::string plan = name;
    out += "---\napiVersion: backupctl/v1\nkind: BackupPlan\nmetadata:\n  name: " + plan +
           "\nspec:\n  tags:\n    team: team-000001\n  rules:\n    - name: daily\n"
           "      targetVault: " +
           vault +
           "\n      schedule: cron(0 5 ? * * *)\n      startWindowMinutes: 60\n"
           "      completionWindowMinutes: 720\n      lifecycle:\n        deleteAfterDays: 35\n"
           "      recoveryPointTags:\n        schedule: daily\n      copyActions:\n"
           "        - destinationVaultArn: "
           "arn:aws:backup:eu-central-1:123456789012:backup-vault:bench-dr\n"
           "          lifecycle:\n            deleteAfterDays: 35\n"
           "    - name: weekly\n      targetVault: " +
           vault +
           "\n      schedule: cron(0 4 ? * SUN *)\n      scheduleTimezone: Europe/Berlin\n"
           "      lifecycle:\n        deleteAfterDays: 90\n    - name: monthly\n"
           "      targetVault: " +
           vault +
           "\n      schedule: cron(0 3 1 * ? *)\n      lifecycle:\n"
           "        moveToColdStorageAfterDays: 30\n        deleteAfterDays: 400\n";
    out += "---\napiVersion: backupctl/v1\nkind: BackupSelection\nmetadata:\n  name: sel-" + plan +
           "\nspec:\n  plan: " + plan +
           "\n  iamRoleArn: arn:aws:iam::123456789012:role/service-role/"
           "AWSBackupDefaultServiceRole\n";
    switch (i % 3) {
      case 0:
        out +=
            "  listOfTags:\n    - conditionType: STRINGEQUALS\n      conditionKey: backup-plan\n"
            "      conditionValue: " +
            plan + "\n";
        break;
      case 1:
        out += "  resources:\n    - arn:aws:rds:eu-west-1:123456789012:db:orders-" + plan +
               "\n    - arn:aws:s3:::bench-invoices\n  notResources:\n"
               "    - arn:aws:rds:eu-west-1:123456789012:db:replica\n";
        break;
      default:
        out +=
            "  resources:\n    - \"*\"\n  conditions:\n    stringEquals:\n"
            "      - conditionKey: aws:ResourceTag/team\n        conditionValue: team-000001\n"
            "    stringNotLike:\n      - conditionKey: aws:ResourceTag/Name\n"
            "        conditionValue: \"*scratch*\"\n";
    }
  }
  return out;
}

// Small inputs at the edges of the subset; each must match libyaml or decline.
const std::vector<std::string>& TrickyInputs() {
  static const std::vector<std::string> inputs = {
      "",
      "\n",
      "# only a comment\n",
      "# one\n\n  # two\n",
      "a: b",
      "a: b\n",
      "a: \"x: y\"\n",
      "a: b #c\n",
      "a: b#c\n",
      "a: 'it''s'\n",
      "a: ''\n",
      "a: \"\"\n",
      "a: \"tab\\there \\\"q\\\" \\\\ \\/ \\n\"\n",
      "a: \"\\x41\"\n",
      "a: \"\\u00e9\"\n",
      "- - x\n",
      "- - x\n  - y\n- z\n",
      "a:\n- b\n- c\nd: e\n",
      "a:\n  - b\n  - c\nd: e\n",
      "key:    value  \n",
      "a: [b, \"c, d\"]\n",
      "a: [b, 'c', [d, e], {f: g}]\n",
      "a: [b, c,]\n",
      "a: [b: c]\n",
      "a: {b: c, d: \"e\"}\n",
      "a: {b: c, d}\n",
      "a: {b: }\n",
      "a: {\"b\": c}\n",
      "a: {\"b\":c}\n",
      "a: {b:c: d}\n",
      "a: [arn:aws:s3:::x, b]\n",
      "a: [a b,  c  d ]\n",
      "a: [b #c]\n",
      "a: []\nb: {}\n",
      "[]\n",
      "{}\n",
      "[a, b]\n",
      "[a]: b\n",
      "\"quoted key\": 1\n",
      "'single key': 1\n",
      "\"a\" : 1\n",
      "a : 1\n",
      "a:   \n",
      "a:\n",
      "a:",
      "a:\nb:\n",
      "a:\n  b:\n",
      "a:\n  b:\n  ",
      "a: 1   \nb: 2  \n",
      "a: 1\r\nb:\r\n  - c\r\n",
      "a: 1\rb: 2\n",
      "a: 1",
      "---\n",
      "---",
      "--- # c\n",
      "---\n---\n",
      "--- a\n",
      "---\na: 1\n---\nb: 2\n",
      "a: 1\n---\n",
      "a: 1\n---",
      "a: 1\n...\n",
      "...\n",
      "---x: 1\n",
      "- \n- b\n",
      "-\n-\n",
      "-\n  b\n",
      "-\n  - b\n",
      "- a:\n- b\n",
      "- a: 1\n  b: 2\n- c: 3\n",
      "-   a: 1\n    b: 2\n",
      "- a:\n  - x\n  b: 1\n",
      "rules:\n- name: x\n  y: z\n- name: w\nother: 1\n",
      "a:\n-\nb: 1\n",
      "a: b\n  c\n",
      "a: b\n  # c\nd: e\n",
      "a: b\n c: d\n",
      "a:\n  b: 1\n c: 2\n",
      "a:\n  b: 1\n    c: 2\n",
      "  a: 1\n  b: 2\n",
      "  a: 1\nb: 2\n",
      "foo\n",
      "foo\nbar\n",
      "\"foo\"\n",
      "- a\n - b\n",
      "a: - b\n",
      "a: b: c\n",
      "- a: b: c\n",
      "a:\tb\n",
      "\ta: b\n",
      "a: &x b\nc: *x\n",
      "a: !tag b\n",
      "a: |\n  text\n",
      "a: >\n  text\n",
      "? a\n: b\n",
      "%YAML 1.1\n---\na: b\n",
      "\xef\xbb\xbf"
      "a: b\n",
      "a: caf\xc3\xa9\n",
      "a: ~\nb: null\nc: Null\nd: NULL\ne: \"null\"\n",
      "~: 1\n",
      "a: 1\na: 2\n",
      "a: -1\nb: -.5\nc: +1\n",
      "a: -\n",
      "-a: 1\n",
      "a: cron(0 5 ? * * *)\n",
      "a: http://x/y?z=1#frag\n",
      "a: b]\n",
      "a: b, c\n",
      "a: 'b\n  c'\n",
      "a: \"b\n  c\"\n",
      "a:#b\n",
      "a:b\n",
      "a: b\n\n\n",
      "a:\n\n  b: 1\n",
      "a: 1\n\xff\n",
      std::string("a: 1\n\0b: 2\n", 11),
      "a: ['it''s', \"q\\\"\"]\n",
      "a: [\"unterminated]\n",
      "a: [b\n",
      "a: [b,\n  c]\n",
      "- [a, b]\n- {c: d}\n",
      "- 'a'\n- \"b\"\n",
      "a:\n  - \n  - b\n",
      "a: 1 # c\n# d\nb: 2 # e\n",
      "a: .\nb: ./x\nc: ...\n",
      "a: $x\nb: (c)\nd: _e\n",
      "a: [$x, (c), _e, ~]\n",
      "a: {b: [c, {d: e}]}\n",
  };
  return inputs;
}

TEST(YamlFast, RepositoryFilesMatchLibyaml) {
  std::vector<fs::path> files = RepoYamlFiles();
  ASSERT_GT(files.size(), 50u);
  size_t declined = 0;
  std::string declined_names;
  for (const fs::path& path : files) {
    std::string text = ReadFile(path);
    Outcome o = Differential(text);
    EXPECT_EQ(o.diff, "") << path;
    bool example = path.string().find("/examples/") != std::string::npos;
    if (!o.fast) {
      ++declined;
      declined_names += " " + fs::relative(path, BACKUPCTL_SOURCE_DIR).string();
    }
    // Block scalars (`policy: |`) are libyaml's; every other example is fast.
    if (example && text.find(": |") == std::string::npos) {
      EXPECT_TRUE(o.fast) << "the fast path declined an example: " << path;
    }
  }
  std::printf("fast path declined %zu of %zu repository YAML files:%s\n", declined, files.size(),
              declined_names.c_str());
}

TEST(YamlFast, GeneratedTreeTakesTheFastPath) {
  std::string text = BenchLikeTree(300);
  Outcome o = Differential(text);
  EXPECT_TRUE(o.fast);
  EXPECT_EQ(o.diff, "");
}

TEST(YamlFast, TrickyInputsMatchOrDecline) {
  size_t fast = 0;
  for (const std::string& text : TrickyInputs()) {
    Outcome o = Differential(text);
    fast += o.fast;
    EXPECT_EQ(o.diff, "") << "input: " << Quoted(text);
  }
  EXPECT_GT(fast, TrickyInputs().size() / 2);
}

// The common forms must not decline: the fast path is useless otherwise.
TEST(YamlFast, CommonFormsDoNotDecline) {
  for (const char* text :
       {"a: b\n", "a: \"x: y\"\n", "a: b #c\n", "a: 'it''s'\n", "- - x\n", "a:\n- b\n",
        "key:    value  \n", "a: [b, \"c, d\"]\n", "\"quoted key\": 1\n", "a: 1\r\nb: 2\r\n",
        "a: 1", "", "# only\n", "---\na: {b: c}\n---\n- x\n", "a:\n", "- \n- b\n"}) {
    EXPECT_TRUE(Differential(text).fast) << Quoted(text);
  }
}

TEST(YamlFast, LimitsBehaveAsLibyaml) {
  // Over the node limit the fast path declines and Parse reports libyaml's error.
  for (size_t limit : {0, 1, 2, 3, 5}) {
    const std::string text = "a: [b, c]\nd: e\n";
    YamlFile both, slow;
    YamlError e1, e2;
    EXPECT_EQ(both.Parse(text, limit, &e1), slow.ParseLibyaml(text, limit, &e2));
    EXPECT_EQ(e1.message, e2.message);
    EXPECT_EQ(e1.mark.line, e2.mark.line);
  }
  std::string deep;
  for (int i = 0; i < 2100; ++i) deep += std::string(i, ' ') + "a:\n";
  YamlFile both, slow;
  YamlError e1, e2;
  EXPECT_EQ(both.Parse(deep, kManyNodes, &e1), slow.ParseLibyaml(deep, kManyNodes, &e2));
  EXPECT_EQ(e1.message, e2.message);
  EXPECT_EQ(e1.mark.line, e2.mark.line);
  EXPECT_EQ(e1.mark.column, e2.mark.column);
}

// Random byte edits from a YAML-ish alphabet, fixed seed: each mutant either
// declines or matches libyaml. 20,000 by default (well under a second).
TEST(YamlFast, MutantsMatchOrDecline) {
  static const std::string kAlphabet =
      "  \n\n\n-:,[]{}#'\"&*!|>?%@.~/\\\tabcxyz0129ABC_()$+=;<^`\r";
  std::vector<std::string> seeds = TrickyInputs();
  seeds.push_back(BenchLikeTree(1));
  seeds.push_back(
      "a:\n  b: [x, y]\n  c:\n  - d: 1\n    e: 'f'\n  - \"g\"\n---\n- - h\n  - i: {j: k}\n");
  // YAML_FAST_MUTANTS and YAML_FAST_SEED run a longer or different campaign.
  const char* count = std::getenv("YAML_FAST_MUTANTS");
  const char* seed = std::getenv("YAML_FAST_SEED");
  const long iterations = count != nullptr ? std::atol(count) : 20000;
  std::mt19937 rng(seed != nullptr ? std::atol(seed) : 20261122);
  size_t fast = 0, total = 0;
  for (long iter = 0; iter < iterations; ++iter) {
    std::string text = seeds[rng() % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      size_t at = text.empty() ? 0 : rng() % (text.size() + 1);
      char c = kAlphabet[rng() % kAlphabet.size()];
      switch (rng() % 3) {
        case 0:
          text.insert(text.begin() + at, c);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = c;
      }
    }
    Outcome o = Differential(text);
    ++total;
    fast += o.fast;
    ASSERT_EQ(o.diff, "") << "input: " << Quoted(text);
  }
  std::printf("mutants: %zu of %zu took the fast path\n", fast, total);
  EXPECT_GT(fast, total / 5);
}

// Random documents of lines from a small pool at random indents: the block
// structure (nesting, compact and indentless forms, dedents) is what varies.
TEST(YamlFast, RandomLayoutsMatchOrDecline) {
  static const char* const kLines[] = {
      "a:",     "b: c",      "- d",    "-",          "- e:",     "- f: g",   "- - h",
      "i: [j]", "k: {l: m}", "'n': o", "\"p\": 'q'", "r:   s  ", "# t",      "",
      "---",    "u: v # w",  "- 'x'",  "y: ~",       "z: \"1\"", "- [a, b]", "c"};
  const char* count = std::getenv("YAML_FAST_MUTANTS");  // as above
  const char* seed = std::getenv("YAML_FAST_SEED");
  const long iterations = count != nullptr ? std::atol(count) : 20000;
  std::mt19937 rng(seed != nullptr ? std::atol(seed) : 42);
  size_t fast = 0, total = 0;
  for (long iter = 0; iter < iterations; ++iter) {
    std::string text;
    int lines = 1 + static_cast<int>(rng() % 10);
    for (int i = 0; i < lines; ++i) {
      int indent = static_cast<int>(rng() % 7);
      if (rng() % 3 == 0) indent = 0;
      text += std::string(indent, ' ');
      text += kLines[rng() % (sizeof(kLines) / sizeof(kLines[0]))];
      text += (rng() % 8 == 0) ? "\r\n" : "\n";
    }
    if (rng() % 4 == 0) text.pop_back();
    Outcome o = Differential(text);
    ++total;
    fast += o.fast;
    ASSERT_EQ(o.diff, "") << "input: " << Quoted(text);
  }
  std::printf("layouts: %zu of %zu took the fast path\n", fast, total);
  EXPECT_GT(fast, total / 10);
}

}  // namespace
}  // namespace backupctl
