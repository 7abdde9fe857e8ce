// Golden before/after snippets for the layout rules of writ fmt.
#include <gtest/gtest.h>

#include "format/format.h"

namespace writ::format {
namespace {

TEST(FormatLayout, SpacesAroundOperatorsAndAfterCommas) {
  EXPECT_EQ(format_block("def x : bool\n  = a==b  and c!=d or e<=f\n"),
            "def x : bool\n  = a == b and c != d or e <= f\n");
  EXPECT_EQ(format_block("  = f(a ,b,c )\n"), "  = f(a, b, c)\n");
  EXPECT_EQ(format_block("  = x in [ a,b ]\n"), "  = x in [a, b]\n");
  EXPECT_EQ(format_block("  = request . presented_at\n"), "  = request.presented_at\n");
}

TEST(FormatLayout, KeepsTheAuthorsChoiceWhereBothAreHouseStyle) {
  // Call against parenthesized operand; parameter colon against return-type colon.
  EXPECT_EQ(format_block("def f(d: Document) : bool\n  = g(d) and (h or i)\n"),
            "def f(d: Document) : bool\n  = g(d) and (h or i)\n");
  // Unary against binary minus.
  EXPECT_EQ(format_block("  = a -5\n  = a - 5\n  = a-5\n"), "  = a -5\n  = a - 5\n  = a-5\n");
  EXPECT_EQ(format_block("enum E { a, b }\n"), "enum E { a, b }\n");
}

TEST(FormatLayout, KeepsLineBreaksIndentationAndComments) {
  const char* in =
      "def x : bool\n"
      "  = a\n"
      "    and (b   # why b\n"
      "         or c)  # aligned\n"
      "# a whole-line comment, kept as written:  x==y\n";
  const char* out =
      "def x : bool\n"
      "  = a\n"
      "    and (b   # why b\n"
      "         or c)  # aligned\n"
      "# a whole-line comment, kept as written:  x==y\n";
  EXPECT_EQ(format_block(in), out);
  EXPECT_EQ(format_block("  = a#c\n"), "  = a #c\n");
}

TEST(FormatLayout, TrailingWhitespaceAndBlankLines) {
  EXPECT_EQ(format_block("\n\ndef a : int  \n  = 1\t\n\n\n\ndef b : int\n  = 2\n\n\n"),
            "def a : int\n  = 1\n\ndef b : int\n  = 2\n");
}

TEST(FormatLayout, StringsKeepTheirSpelling) {
  EXPECT_EQ(format_block("  says  \"a==b ,  \\\"q\\\" # not a comment\"\n"),
            "  says \"a==b ,  \\\"q\\\" # not a comment\"\n");
}

TEST(FormatLayout, ABlockTheLexerRejectsIsOnlyTrimmed) {
  EXPECT_EQ(format_block("  = a==b @  \n  = c==d\n"), "  = a==b @\n  = c==d\n");
}

TEST(FormatLayout, OnlyWritBlocksChange) {
  const char* md =
      "# Title  \n\nProse  a==b  \n\n```writ\n  = a==b  \n```\n\n```json\n{ \"a\" :1 }  \n```\n"
      "\n> ```writ\n> = a==b\n> ```\n";
  const char* want =
      "# Title  \n\nProse  a==b  \n\n```writ\n  = a == b\n```\n\n```json\n{ \"a\" :1 }  \n```\n"
      "\n> ```writ\n> = a==b\n> ```\n";
  EXPECT_EQ(format_policy(md), want);
}

}  // namespace
}  // namespace writ::format
