// The YAML document tree: node kinds, scalar styles, marks, aliases and the
// limits that keep hostile input bounded.
#include "desired/yaml_doc.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace backupctl {
namespace {

constexpr size_t kManyNodes = 1000000;

std::vector<YamlNode> Parse(YamlFile& file, const std::string& text) {
  YamlError error;
  EXPECT_TRUE(file.Parse(text, kManyNodes, &error)) << error.message;
  return file.Documents();
}

YamlError ParseError(const std::string& text, size_t max_nodes = kManyNodes) {
  YamlFile file;
  YamlError error;
  EXPECT_FALSE(file.Parse(text, max_nodes, &error));
  EXPECT_TRUE(file.Documents().empty());
  return error;
}

TEST(YamlDoc, MapsKeepOrderDuplicatesAndMarks) {
  YamlFile file;
  auto docs = Parse(file, "b: 1\na: [x, y]\nb: 2\n");
  ASSERT_EQ(docs.size(), 1u);
  YamlNode doc = docs[0];
  ASSERT_TRUE(doc.IsMap());
  EXPECT_EQ(doc.size(), 3u);
  std::vector<std::string> keys;
  for (const auto& kv : doc.Entries()) keys.emplace_back(kv.first.Scalar());
  EXPECT_THAT(keys, testing::ElementsAre("b", "a", "b"));
  EXPECT_EQ(doc.Get("b").Scalar(), "1");  // the first of duplicates
  YamlNode list = doc.Get("a");
  ASSERT_TRUE(list.IsSequence());
  EXPECT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].Scalar(), "y");
  EXPECT_EQ(list[1].Mark().line, 1);
  EXPECT_EQ(list[1].Mark().column, 7);
  EXPECT_FALSE(list[2].IsDefined());
  EXPECT_FALSE(doc.Get("c").IsDefined());
  EXPECT_FALSE(list.Get("a").IsDefined());
}

TEST(YamlDoc, PlainQuotedAndNull) {
  YamlFile file;
  auto docs =
      Parse(file, "a: 7\nb: \"7\"\nc: 'yes'\nd: |\n  text\ne:\nf: ~\ng: \"null\"\nh: !!str 7\n");
  YamlNode d = docs[0];
  EXPECT_TRUE(d.Get("a").IsPlain());
  EXPECT_TRUE(d.Get("b").IsScalar());
  EXPECT_FALSE(d.Get("b").IsPlain());
  EXPECT_FALSE(d.Get("c").IsPlain());
  EXPECT_EQ(d.Get("d").Scalar(), "text\n");
  EXPECT_FALSE(d.Get("d").IsPlain());
  EXPECT_TRUE(d.Get("e").IsNull());
  EXPECT_TRUE(d.Get("e").IsDefined());
  EXPECT_TRUE(d.Get("f").IsNull());
  EXPECT_TRUE(d.Get("g").IsScalar());
  EXPECT_FALSE(d.Get("h").IsPlain());
}

TEST(YamlDoc, DocumentsIncludingEmptyOnes) {
  YamlFile file;
  auto docs = Parse(file, "a: 1\n---\n---\n- x\n");
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_TRUE(docs[0].IsMap());
  EXPECT_TRUE(docs[1].IsNull());
  EXPECT_TRUE(docs[2].IsSequence());
  EXPECT_EQ(docs[2].Mark().line, 3);
  YamlFile empty;
  EXPECT_TRUE(Parse(empty, "# only a comment\n").empty());
}

TEST(YamlDoc, AnAliasIsTheAnchoredNode) {
  YamlFile file;
  auto docs = Parse(file, "base: &b {x: 1}\nuse: *b\n");
  YamlNode use = docs[0].Get("use");
  ASSERT_TRUE(use.IsMap());
  EXPECT_EQ(use.Get("x").Scalar(), "1");
  EXPECT_EQ(use.Mark().line, 0);  // where the anchored node is written
}

TEST(YamlDoc, BadAliasesAreRefused) {
  YamlError undefined = ParseError("a: *nowhere\n");
  EXPECT_THAT(undefined.message, testing::HasSubstr("undefined alias \"nowhere\""));
  EXPECT_EQ(undefined.mark.line, 0);
  EXPECT_EQ(undefined.mark.column, 3);
  EXPECT_THAT(ParseError("a: &loop [*loop]\n").message, testing::HasSubstr("contains it"));
  // Anchors do not cross documents.
  EXPECT_THAT(ParseError("a: &x 1\n---\nb: *x\n").message, testing::HasSubstr("undefined alias"));
}

TEST(YamlDoc, SyntaxErrorsNameTheProblemAndItsPlace) {
  YamlError e = ParseError("a: [1, 2\nb: 3\n");
  EXPECT_THAT(e.message, testing::StartsWith("YAML syntax error: "));
  EXPECT_THAT(e.message, testing::HasSubstr("flow sequence that starts at 1:4"));
  EXPECT_GE(e.mark.line, 0);
  YamlError control = ParseError("a: b\nc: \x01\n");
  EXPECT_THAT(control.message, testing::HasSubstr("control characters"));
  EXPECT_EQ(control.mark.line, 1);
}

TEST(YamlDoc, NodeLimitCountsEveryAliasOnce) {
  // The map, a, [1, 2, 3], b, [*a, *a, *a]: 11 nodes.
  std::string text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n";
  YamlFile file;
  YamlError error;
  EXPECT_TRUE(file.Parse(text, 11, &error)) << error.message;
  YamlError over = ParseError(text, 10);
  EXPECT_EQ(over.message, "more than 10 YAML nodes in one file; split it");
  EXPECT_EQ(over.mark.line, -1);
}

TEST(YamlDoc, NestingIsBounded) {
  YamlFile file;
  std::string ok = std::string(kMaxYamlDepth, '[') + std::string(kMaxYamlDepth, ']');
  EXPECT_EQ(Parse(file, ok).size(), 1u);
  YamlError deep = ParseError(std::string(100000, '['));
  EXPECT_THAT(deep.message, testing::HasSubstr("nested more than"));
  EXPECT_EQ(deep.mark.line, 0);
  EXPECT_EQ(deep.mark.column, kMaxYamlDepth);
}

}  // namespace
}  // namespace backupctl
