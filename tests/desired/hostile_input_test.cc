// Hostile trees through the loader: entries that cannot be read (issue 15
// item 2), a byte-order mark (7), YAML tags (8) and diagnostics that would
// echo content (9).
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "desired/loader.h"
#include "desired/safe_text.h"
#include "desired/yaml_doc.h"
#include "tests/desired/temp_tree.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

std::string Vault(const std::string& name) {
  return "apiVersion: backupctl/v1\nkind: BackupVault\nmetadata: {name: " + name + "}\nspec: {}\n";
}

// A tree of backupctl.yaml and a.yaml (vault va), as the prune scenario starts.
struct TwoFileTree {
  TempTree tree;
  TwoFileTree() {
    tree.Write("backupctl.yaml", kProject);
    tree.Write("a.yaml", Vault("va"));
  }
  fs::path Path(const std::string& rel) const { return fs::path(tree.root()) / rel; }
  LoadResult Load() const { return LoadTree(tree.root()); }
};

// The error lines naming `file` (its diagnostics have no line when the file
// could not be read at all).
std::vector<std::string> ErrorsOf(const LoadResult& r, const std::string& file) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.severity == Severity::kError && d.where.file == file) out.push_back(d.ToString());
  }
  return out;
}

// ---- item 2: every *.yaml / *.yml entry must be readable -------------------

TEST(UnreadableEntry, DanglingSymlinkIsALoadError) {
  TwoFileTree t;
  fs::create_symlink("/missing/b.yaml", t.Path("b.yaml"));
  LoadResult r = t.Load();
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "b.yaml"),
              testing::ElementsAre(testing::HasSubstr("a symlink to a missing file")));
}

TEST(UnreadableEntry, SymlinkLoopIsALoadError) {
  TwoFileTree t;
  fs::create_symlink("c.yml", t.Path("b.yaml"));
  fs::create_symlink("b.yaml", t.Path("c.yml"));
  LoadResult r = t.Load();
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "b.yaml"), testing::ElementsAre(testing::HasSubstr("symlink loop")));
  EXPECT_THAT(ErrorsOf(r, "c.yml"), testing::ElementsAre(testing::HasSubstr("symlink loop")));
}

TEST(UnreadableEntry, FifoIsALoadErrorAndNeverOpened) {
  TwoFileTree t;
  ASSERT_EQ(mkfifo(t.Path("b.yaml").c_str(), 0600), 0);
  LoadResult r = t.Load();  // opening the FIFO to read it would block here
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "b.yaml"), testing::ElementsAre(testing::HasSubstr("a FIFO")));
}

TEST(UnreadableEntry, DeviceIsALoadError) {
  TwoFileTree t;
  if (mknod(t.Path("b.yaml").c_str(), S_IFCHR | 0600, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "cannot make a device node here";
  }
  LoadResult r = t.Load();
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "b.yaml"),
              testing::ElementsAre(testing::HasSubstr("a character device")));
}

TEST(UnreadableEntry, DirectoryWithAYamlNameIsALoadError) {
  TwoFileTree t;
  t.tree.Write("b.yaml/inner.yaml", Vault("vb"));
  LoadResult r = t.Load();
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "b.yaml"), testing::ElementsAre(testing::HasSubstr("a directory")));
}

TEST(UnreadableEntry, UnreadablePermissionsAreALoadError) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads a file of mode 000";
  TwoFileTree t;
  t.tree.Write("b.yaml", Vault("vb"));
  fs::permissions(t.Path("b.yaml"), fs::perms::none);
  LoadResult r = t.Load();
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "b.yaml"), testing::ElementsAre(testing::HasSubstr("cannot read")));
}

TEST(UnreadableEntry, SymlinkToADirectoryIsALoadError) {
  TwoFileTree t;
  t.tree.Write(".team/vb.yaml", Vault("vb"));
  fs::create_directory_symlink(".team", t.Path("team"));
  LoadResult r = t.Load();
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "team"),
              testing::ElementsAre(testing::HasSubstr("a symlink to a directory")));
}

TEST(UnreadableEntry, ProjectFileThatIsAFifoIsNamedAsSuch) {
  TempTree tree;
  ASSERT_EQ(mkfifo((fs::path(tree.root()) / "backupctl.yaml").c_str(), 0600), 0);
  LoadResult r = LoadTree(tree.root());
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "backupctl.yaml"), testing::ElementsAre(testing::HasSubstr("a FIFO")));
}

TEST(Symlinks, InsideTheTreeToARegularFileAreFollowed) {
  TwoFileTree t;
  t.tree.Write(".shared/vb.yaml", Vault("vb"));
  fs::create_symlink(".shared/vb.yaml", t.Path("b.yaml"));
  LoadResult r = t.Load();
  ASSERT_TRUE(r.ok()) << testing::PrintToString(Lines(r));
  ASSERT_EQ(r.state.vaults.size(), 2u);
  EXPECT_EQ(r.state.vaults[1].name, "vb");
  EXPECT_EQ(r.sources.Find(Kind::kVault, "vb")->ToString(), "b.yaml:1:1");
}

TEST(Symlinks, OutOfTheTreeAreRefusedUnread) {
  TwoFileTree t;
  TempTree outside;
  outside.Write("vb.yaml", Vault("vb"));
  fs::create_symlink(fs::path(outside.root()) / "vb.yaml", t.Path("b.yaml"));
  fs::create_symlink(fs::path("..") / fs::path(outside.root()).filename() / "vb.yaml",
                     t.Path("c.yaml"));
  LoadResult r = t.Load();
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "b.yaml"),
              testing::ElementsAre(testing::HasSubstr("a symlink out of the tree")));
  EXPECT_THAT(ErrorsOf(r, "c.yaml"),
              testing::ElementsAre(testing::HasSubstr("a symlink out of the tree")));
}

TEST(Symlinks, ProjectFileLinkedToEtcPasswdIsRefusedWithoutPrintingIt) {
  TempTree tree;
  fs::create_symlink("/etc/passwd", fs::path(tree.root()) / "backupctl.yaml");
  LoadResult r = LoadTree(tree.root());
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(ErrorsOf(r, "backupctl.yaml"),
              testing::ElementsAre(testing::HasSubstr("a symlink out of the tree")));
  for (const std::string& line : Lines(r)) EXPECT_EQ(line.find("root:"), std::string::npos);
}

// ---- item 7: a UTF-8 byte-order mark ----------------------------------------

TEST(ByteOrderMark, IsAcceptedInEveryFileWithColumnsUnchanged) {
  TempTree tree;
  tree.Write("backupctl.yaml", "\xEF\xBB\xBF" + kProject);
  tree.Write("a.yaml", "\xEF\xBB\xBF" + Vault("va"));
  tree.Write("b.yaml", "\xEF\xBB\xBF# comment\n" + Vault("vb") + "---\n" + Vault("vc"));
  LoadResult r = LoadTree(tree.root());
  ASSERT_TRUE(r.ok()) << testing::PrintToString(Lines(r));
  ASSERT_EQ(r.state.vaults.size(), 3u);
  EXPECT_EQ(r.state.project.stack, "test");
  EXPECT_EQ(r.sources.Find(Kind::kVault, "va")->ToString(), "a.yaml:1:1");
  EXPECT_EQ(r.sources.Find(Kind::kVault, "vb")->ToString(), "b.yaml:2:1");
  EXPECT_EQ(r.sources.Find(Kind::kVault, "vc")->ToString(), "b.yaml:7:1");
}

TEST(ByteOrderMark, TheParserSkipsIt) {
  const std::string text =
      "\xEF\xBB\xBF"
      "a: 1\nb: [x, y]\n";
  YamlFile file;
  YamlError error;
  ASSERT_TRUE(file.Parse(text, 100, &error)) << error.message;
  std::vector<YamlNode> docs = file.Documents();
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_TRUE(docs[0].IsMap());
  EXPECT_EQ(docs[0].Entries().begin().operator*().first.Scalar(), "a");
  EXPECT_EQ(docs[0].Mark().column, 0);
  EXPECT_EQ(docs[0].Get("a").Mark().column, 3);
  EXPECT_EQ(docs[0].Get("b")[1].Scalar(), "y");
}

TEST(ByteOrderMark, ErrorsAfterItKeepTheirColumns) {
  LoadResult r = LoadOne(
      "\xEF\xBB\xBF"
      "apiVersion: backupctl/v1\nkind: Nope\n");
  EXPECT_THAT(Lines(r), testing::Contains(testing::StartsWith("main.yaml:2:7: error:")));
}

// ---- item 8: tags ------------------------------------------------------------

struct TagCase {
  const char* yaml;      // the value of metadata.name, or a whole spec
  const char* expected;  // the error's location and the tag as named
};

class RefusedTag : public testing::TestWithParam<TagCase> {};

TEST_P(RefusedTag, IsAnErrorNamingTheTagAndWhereItIs) {
  std::string text = std::string("apiVersion: backupctl/v1\nkind: BackupVault\n") + GetParam().yaml;
  LoadResult r = LoadOne(text);
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(Lines(r), testing::Contains(testing::HasSubstr(GetParam().expected)))
      << testing::PrintToString(Lines(r));
}

INSTANTIATE_TEST_SUITE_P(
    Tags, RefusedTag,
    testing::Values(
        TagCase{"metadata: {name: !env VAULT}\n",
                "main.yaml:3:18: error: YAML tag \"!env\" is not supported"},
        TagCase{"metadata:\n  name: !!binary dmF1bHQ=\n",
                "main.yaml:4:9: error: YAML tag \"!!binary\" is not supported"},
        TagCase{"metadata:\n  name: !!null x\n",
                "main.yaml:4:9: error: YAML tag \"!!null\" is not supported"},
        TagCase{"metadata:\n  name: !!int 7\n",
                "main.yaml:4:9: error: YAML tag \"!!int\" is not supported"},
        TagCase{"metadata:\n  name: ! x\n",
                "main.yaml:4:9: error: YAML tag \"!\" is not supported"},
        TagCase{"metadata: !custom {name: v}\n",
                "main.yaml:3:11: error: YAML tag \"!custom\" is not supported"},
        TagCase{"metadata: {name: v}\nspec: !!set {a, b}\n",
                "main.yaml:4:7: error: YAML tag \"!!set\" is not supported"},
        TagCase{"metadata: {name: v}\nspec: {backupVaultTags: !!omap [{a: b}]}\n",
                "main.yaml:4:25: error: YAML tag \"!!omap\" is not supported"},
        TagCase{"metadata: {name: !!str [v]}\n",
                "main.yaml:3:18: error: YAML tag \"!!str\" is not supported on a list"},
        TagCase{"metadata: !<tag:example.com,2000:x> {name: v}\n",
                "main.yaml:3:11: error: YAML tag \"tag:example.com,2000:x\" is not supported"}));

TEST(Tags, RedefiningTheSecondaryHandleIsRefused) {
  LoadResult r = LoadOne(
      "%TAG !! tag:example.com,2000:\n---\napiVersion: backupctl/v1\nkind: BackupVault\n"
      "metadata: {name: !!str v}\n");
  EXPECT_THAT(Lines(r), testing::Contains(testing::HasSubstr(
                            "main.yaml:5:18: error: YAML tag \"tag:example.com,2000:str\"")));
}

TEST(Tags, CoreTagsThatChangeNothingAreAccepted) {
  LoadResult r = LoadOne(
      "apiVersion: !!str backupctl/v1\nkind: BackupVault\nmetadata: !!map {name: !!str vv}\n"
      "spec:\n  backupVaultTags: !!map {a: !!str \"1\"}\n---\n"
      "apiVersion: backupctl/v1\nkind: BackupSelection\nmetadata: {name: s}\nspec:\n"
      "  plan: p\n  iamRoleArn: arn:aws:iam::123456789012:role/backup\n"
      "  resources: !!seq ['*']\n---\n"
      "apiVersion: backupctl/v1\nkind: BackupPlan\nmetadata: {name: p}\nspec:\n"
      "  rules: [{ruleName: r, targetBackupVaultName: vv}]\n");
  ASSERT_TRUE(r.ok()) << testing::PrintToString(Lines(r));
  ASSERT_EQ(r.state.vaults.size(), 1u);
  EXPECT_EQ(r.state.vaults[0].name, "vv");
  EXPECT_EQ(r.state.vaults[0].tags, (TagMap{{"a", "1"}}));
  ASSERT_EQ(r.state.selections.size(), 1u);
  EXPECT_THAT(r.state.selections[0].resources, testing::ElementsAre("*"));
}

// ---- item 9: diagnostics never echo content verbatim -------------------------

TEST(SafeDiagnostics, AHugeValueIsCutAndItsLengthGiven) {
  std::string name(10 << 20, 'x');
  LoadResult r = LoadOne(Vault(name));
  ASSERT_FALSE(r.ok());
  for (const std::string& line : Lines(r)) {
    EXPECT_LT(line.size(), 1000u) << line.substr(0, 300);
    if (line.find("invalid vault name") != std::string::npos) {
      EXPECT_THAT(line,
                  testing::HasSubstr("\"" + std::string(200, 'x') + "... (10485760 bytes)\""));
    }
  }
  EXPECT_THAT(Lines(r), testing::Contains(testing::HasSubstr("invalid vault name")));
}

TEST(SafeDiagnostics, AHugeValueHoldingQuotesIsCutToo) {
  LoadResult r = LoadOne(Vault("'a\"" + std::string(1 << 20, 'x') + "\"b'"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(Lines(r), testing::Contains(testing::HasSubstr("... (1048576 bytes)")));
  for (const std::string& line : Lines(r)) EXPECT_LT(line.size(), 2000u) << line.substr(0, 300);
}

TEST(SafeDiagnostics, LongMessagesOutsideQuotesAreKept) {
  std::string text(900, 'm');
  EXPECT_EQ(SafeDiagnosticText("value \"v\" " + text), "value \"v\" " + text);
}

TEST(SafeDiagnostics, ControlCharactersInValuesAreEscaped) {
  LoadResult r = LoadOne(Vault("\"a\\nb\\rc\\ed\\0e\\tf\\x7f\\u009b\\u202e\""));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(Lines(r), testing::Contains(testing::HasSubstr(
                            R"(invalid vault name "a\nb\rc\x1bd\x00e\tf\x7f\u009b\u202e")")));
  for (const std::string& line : Lines(r)) {
    for (char c : line) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20) << line;
  }
}

TEST(SafeDiagnostics, AFileNameCannotForgeLines) {
  TempTree tree;
  tree.Write("backupctl.yaml", kProject);
  tree.Write("x\nforged.yaml:1:1: error: \x1b[2Jfake.yaml", "kind: Nope\n");
  LoadResult r = LoadTree(tree.root());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(Lines(r), testing::Contains(testing::StartsWith(
                            "x\\nforged.yaml:1:1: error: \\x1b[2Jfake.yaml:1:1: error:")));
  for (const std::string& line : Lines(r))
    EXPECT_EQ(line.find_first_of("\n\x1b"), std::string::npos);
}

TEST(SafeDiagnostics, AMultiLineScalarIsNotEchoedWhole) {
  std::string text = "kind: BackupVault\napiVersion: backupctl/v1\nmetadata: {name: v}\nspec: ";
  for (int i = 0; i < 1000; ++i) text += "secret" + std::to_string(i) + ":x:0:0\n  ";
  LoadResult r = LoadOne(text + "\n");
  ASSERT_FALSE(r.ok());
  for (const std::string& line : Lines(r)) {
    EXPECT_LT(line.size(), 1000u);
    EXPECT_EQ(line.find("secret999"), std::string::npos);
  }
}

}  // namespace
}  // namespace backupctl
