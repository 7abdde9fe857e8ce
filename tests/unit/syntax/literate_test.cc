// The literate layer: which fenced blocks of a Markdown policy hold writ code, and where they are.
#include "syntax/literate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "base/source.h"
#include "syntax/parser.h"

namespace writ::syntax {
namespace {

using ::testing::IsEmpty;

std::string_view content(std::string_view doc, const CodeBlock& b) {
  return doc.substr(b.begin, b.end - b.begin);
}

uint32_t line_of(std::string_view doc, uint32_t offset) {
  SourceFile f("x.md", std::string(doc));
  return f.line_col(offset).line;
}

// A block's range runs from its first content byte to the end of its last line (the final newline
// is not part of it).
TEST(Literate, FindsFencedBlocksWithTheirLanguageAndInfo) {
  const std::string doc =
      "# Title\n"
      "\n"
      "Some prose with `inline code`.\n"
      "\n"
      "```writ\n"
      "rule a cite \"x\" hold = true\n"
      "```\n"
      "\n"
      "```json fixture=doc-base\n"
      "{ \"id\": 1 }\n"
      "```\n";
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].lang, "writ");
  EXPECT_EQ(blocks[0].info, "writ");
  EXPECT_EQ(content(doc, blocks[0]), "rule a cite \"x\" hold = true");
  EXPECT_EQ(blocks[1].lang, "json");
  EXPECT_EQ(blocks[1].info, "json fixture=doc-base");
  EXPECT_EQ(content(doc, blocks[1]), "{ \"id\": 1 }");
}

TEST(Literate, OffsetsMapToTheLinesOfTheFile) {
  const std::string doc =
      "# Policy\n"           // 1
      "\n"                   // 2
      "```writ\n"            // 3
      "policy p\n"           // 4
      "  title \"t\"\n"      // 5
      "```\n"                // 6
      "\n"                   // 7
      "More prose.\n"        // 8
      "\n"                   // 9
      "```writ\n"            // 10
      "rule r\n"             // 11
      "  hold = true\n"      // 12
      "```\n";               // 13
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(line_of(doc, blocks[0].begin), 4u);
  EXPECT_EQ(line_of(doc, blocks[0].fence_offset), 3u);
  EXPECT_EQ(doc.substr(blocks[0].begin, 8), "policy p");
  EXPECT_EQ(line_of(doc, blocks[1].begin), 11u);
  EXPECT_EQ(line_of(doc, blocks[1].fence_offset), 10u);
  EXPECT_EQ(line_of(doc, blocks[1].end - 1), 12u);
  EXPECT_EQ(doc.substr(blocks[1].begin, 6), "rule r");
}

TEST(Literate, NonWritBlocksAreFoundButNotParsed) {
  const std::string doc =
      "```json\n{ not writ at all }\n```\n"
      "```writ-test\npolicy nyc-doc\ntest \"x\"\n```\n"
      "```\nuntagged ( ] garbage\n```\n"
      "```python\nprint('x')\n```\n";
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].lang, "json");
  EXPECT_EQ(blocks[1].lang, "writ-test");
  EXPECT_EQ(blocks[2].lang, "");
  EXPECT_EQ(blocks[3].lang, "python");
  SourceMap sources;
  uint32_t f = sources.add("x.writ.md", doc);
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_FALSE(m.header.has_value());
  EXPECT_THAT(m.rules, IsEmpty());
}

TEST(Literate, IndentedCodeBlocksHaveNoLanguageAndAreIgnored) {
  const std::string doc =
      "Prose.\n"
      "\n"
      "    rule indented cite \"x\" hold = true\n"
      "\n"
      "More prose.\n";
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].lang, "");
  EXPECT_EQ(content(doc, blocks[0]), "rule indented cite \"x\" hold = true");
  SourceMap sources;
  uint32_t f = sources.add("x.writ.md", doc);
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_THAT(m.rules, IsEmpty());
}

TEST(Literate, TildeFencesAndIndentedFencesCount) {
  const std::string doc =
      "~~~writ\n"
      "enum A { x }\n"
      "~~~\n"
      "\n"
      "  ```writ\n"
      "  enum B { y }\n"
      "  ```\n";
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].lang, "writ");
  EXPECT_EQ(content(doc, blocks[0]), "enum A { x }");
  EXPECT_EQ(blocks[1].lang, "writ");
  EXPECT_EQ(line_of(doc, blocks[1].begin), 6u);
  SourceMap sources;
  uint32_t f = sources.add("x.writ.md", doc);
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  EXPECT_TRUE(diags.empty()) << render_all(diags, sources);
  ASSERT_EQ(m.enums.size(), 2u);
  EXPECT_EQ(m.enums[0].name, "A");
  EXPECT_EQ(m.enums[1].name, "B");
}

TEST(Literate, AWritBlockShownInsideALongerFenceIsNotCode) {
  // docs/language.md shows policies inside ````markdown fences; those must not be parsed.
  const std::string doc =
      "````markdown\n"
      "```writ\n"
      "rule shown cite \"x\" hold = true\n"
      "```\n"
      "````\n";
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].lang, "markdown");
  SourceMap sources;
  uint32_t f = sources.add("x.writ.md", doc);
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_THAT(m.rules, IsEmpty());
}

TEST(Literate, FenceInAListItemIsParsedAtTheRightLine) {
  const std::string doc =
      "- item\n"
      "\n"
      "  ```writ\n"
      "  enum InList { a, b }\n"
      "  ```\n";
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].lang, "writ");
  EXPECT_EQ(line_of(doc, blocks[0].begin), 4u);
  SourceMap sources;
  uint32_t f = sources.add("x.writ.md", doc);
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  EXPECT_TRUE(diags.empty()) << render_all(diags, sources);
  ASSERT_EQ(m.enums.size(), 1u);
  EXPECT_EQ(m.enums[0].name, "InList");
}

TEST(Literate, EmptyAndUnclosedBlocks) {
  // An empty block has no content and is skipped; an unclosed fence runs to the end of the file.
  const std::string doc =
      "```writ\n"
      "```\n"
      "\n"
      "```writ\n"
      "enum Open { a }\n";
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(content(doc, blocks[0]), "enum Open { a }");
}

TEST(Literate, CrLfLineEndings) {
  const std::string doc = "# T\r\n\r\n```writ\r\nenum E { a }\r\n```\r\n";
  auto blocks = code_blocks(doc);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(line_of(doc, blocks[0].begin), 4u);
  SourceMap sources;
  uint32_t f = sources.add("x.writ.md", doc);
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  EXPECT_TRUE(diags.empty()) << render_all(diags, sources);
  ASSERT_EQ(m.enums.size(), 1u);
}

TEST(Literate, DiagnosticsInALaterBlockPointAtTheirFileLine) {
  const std::string doc =
      "# P\n"                      // 1
      "\n"                         // 2
      "```writ\n"                  // 3
      "enum E { a }\n"             // 4
      "```\n"                      // 5
      "\n"                         // 6
      "Prose `code` here.\n"       // 7
      "\n"                         // 8
      "```writ\n"                  // 9
      "enum F { b }\n"             // 10
      "enum $ { c }\n"             // 11
      "```\n";                     // 12
  SourceMap sources;
  uint32_t f = sources.add("p.writ.md", doc);
  Diagnostics diags;
  (void)parse_module(sources, f, diags);
  auto sorted = diags.sorted();
  ASSERT_FALSE(sorted.empty());
  LineCol lc = sources.file(f).line_col(sorted[0].span.begin);
  EXPECT_EQ(lc.line, 11u);
  EXPECT_EQ(lc.col, 6u);
  EXPECT_EQ(sorted[0].code, "E0101");
}

TEST(Literate, BlockquotedFenceIsParsedWithoutTheQuoteMarkers) {
  // A ```writ block inside a blockquote: md4c strips the "> " markers from the content; the parser
  // must not see them either (regression: the block used to be lexed as one byte range, markers
  // and all). Positions still point into the file.
  const std::string doc =
      "> ```writ\n"
      "> enum Quoted {\n"
      ">   a }\n"
      "> enum Other { b } $\n"
      "> ```\n";
  SourceMap sources;
  uint32_t f = sources.add("q.writ.md", doc);
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  auto sorted = diags.sorted();
  ASSERT_EQ(sorted.size(), 1u) << render_all(diags, sources);
  EXPECT_EQ(sorted[0].code, "E0101");
  LineCol lc = sources.file(f).line_col(sorted[0].span.begin);
  EXPECT_EQ(lc.line, 4u);
  EXPECT_EQ(lc.col, 20u);
  ASSERT_EQ(m.enums.size(), 2u);
  EXPECT_EQ(m.enums[0].name, "Quoted");
  ASSERT_EQ(m.enums[0].members.size(), 1u);
  EXPECT_EQ(m.enums[0].members[0].first, "a");
}

TEST(Literate, FenceInsideAListItemInsideABlockquote) {
  const std::string doc =
      "> - item\n"
      ">\n"
      ">   ```writ\n"
      ">   enum Deep {\n"
      ">     x, y }\n"
      ">   ```\n";
  SourceMap sources;
  uint32_t f = sources.add("q.writ.md", doc);
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  EXPECT_TRUE(diags.empty()) << render_all(diags, sources);
  ASSERT_EQ(m.enums.size(), 1u);
  EXPECT_EQ(m.enums[0].members.size(), 2u);
}

}  // namespace
}  // namespace writ::syntax
