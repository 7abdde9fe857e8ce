// The lexer: tokens, literals and the errors it turns into kError tokens (it never fails).
#include "syntax/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace writ::syntax {
namespace {

std::vector<Token> lex_all(const std::string& s) {
  return lex(s, 0, static_cast<uint32_t>(s.size()));
}

std::vector<Tok> kinds(const std::vector<Token>& toks) {
  std::vector<Tok> out;
  for (const auto& t : toks) out.push_back(t.kind);
  return out;
}

TEST(Lexer, EndsWithEndToken) {
  auto t = lex_all("");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].kind, Tok::kEnd);
  t = lex_all("   \n\t  \r\n");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].kind, Tok::kEnd);
  EXPECT_EQ(t[0].begin, 9u);
}

TEST(Lexer, IdentifiersAndHyphenatedLabels) {
  auto t = lex_all("honor-b1 detainer-not-honored x_y _z a-");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].kind, Tok::kIdent);
  EXPECT_EQ(t[0].value, "honor-b1");
  EXPECT_EQ(t[1].value, "detainer-not-honored");
  EXPECT_EQ(t[2].value, "x_y");
  EXPECT_EQ(t[3].value, "_z");
  // A trailing hyphen is not part of the name.
  EXPECT_EQ(t[4].value, "a");
  EXPECT_EQ(t[5].kind, Tok::kMinus);
  EXPECT_EQ(t[6].kind, Tok::kEnd);
}

TEST(Lexer, HyphenWithoutSpacesJoinsNamesButNotNumbers) {
  // `a-b` is one name (the checker hints to put spaces around '-'); `a - b` is a subtraction.
  auto t = lex_all("a-b a - b x-1");
  EXPECT_EQ(t[0].value, "a-b");
  EXPECT_EQ(t[1].value, "a");
  EXPECT_EQ(t[2].kind, Tok::kMinus);
  EXPECT_EQ(t[3].value, "b");
  EXPECT_EQ(t[4].value, "x-1");
}

TEST(Lexer, IntegersDatesAndDateTimes) {
  auto t = lex_all("48 2014-12-14 2024-03-01T10:15:00-05:00 2024-03-01T10:15:00Z 2024-03-01T10:15:00.5+01:00");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].kind, Tok::kInt);
  EXPECT_EQ(t[0].value, "48");
  EXPECT_EQ(t[1].kind, Tok::kDate);
  EXPECT_EQ(t[1].value, "2014-12-14");
  EXPECT_EQ(t[2].kind, Tok::kDateTime);
  EXPECT_EQ(t[2].value, "2024-03-01T10:15:00-05:00");
  EXPECT_EQ(t[3].kind, Tok::kDateTime);
  EXPECT_EQ(t[3].value, "2024-03-01T10:15:00Z");
  EXPECT_EQ(t[4].kind, Tok::kDateTime);
  EXPECT_EQ(t[4].value, "2024-03-01T10:15:00.5+01:00");
}

TEST(Lexer, ImpossibleDatesAreStillDateTokens) {
  // The lexer only knows the shape; the checker rejects 2023-02-30 (E0406).
  auto t = lex_all("2023-02-30 9999-99-99");
  EXPECT_EQ(t[0].kind, Tok::kDate);
  EXPECT_EQ(t[0].value, "2023-02-30");
  EXPECT_EQ(t[1].kind, Tok::kDate);
}

TEST(Lexer, DateTimeWithoutOffsetIsADateTimeTokenTheCheckerRejects) {
  auto t = lex_all("2024-03-01T10:15:00");
  EXPECT_EQ(t[0].kind, Tok::kDateTime);
  EXPECT_EQ(t[0].value, "2024-03-01T10:15:00");
}

TEST(Lexer, ShortDateShapesAreArithmetic) {
  // 2024-3-1 is not a date: it lexes as 2024 - 3 - 1.
  auto t = lex_all("2024-3-1");
  EXPECT_EQ(kinds(t), (std::vector<Tok>{Tok::kInt, Tok::kMinus, Tok::kInt, Tok::kMinus, Tok::kInt, Tok::kEnd}));
}

TEST(Lexer, NumberRunningIntoANameIsAnError) {
  auto t = lex_all("5years 12abc");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].kind, Tok::kError);
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 6u);
  EXPECT_NE(t[0].value.find("put a space"), std::string::npos);
  EXPECT_EQ(t[1].kind, Tok::kError);
}

TEST(Lexer, StringsWithEscapes) {
  auto t = lex_all(R"("plain" "a \"quoted\" word" "tab\there" "new\nline" "back\\slash" "other\q")");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].kind, Tok::kString);
  EXPECT_EQ(t[0].value, "plain");
  EXPECT_EQ(t[1].value, "a \"quoted\" word");
  EXPECT_EQ(t[2].value, "tab\there");
  EXPECT_EQ(t[3].value, "new\nline");
  EXPECT_EQ(t[4].value, "back\\slash");
  EXPECT_EQ(t[5].value, "otherq");
  // Spans cover the quotes.
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 7u);
}

TEST(Lexer, Utf8InStrings) {
  auto t = lex_all("\"NYC Admin. Code § 9-131(b)(1)\"");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].kind, Tok::kString);
  EXPECT_EQ(t[0].value, "NYC Admin. Code § 9-131(b)(1)");
}

TEST(Lexer, UnterminatedStringStopsAtTheEndOfTheLine) {
  auto t = lex_all("\"never closed\nnext");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].kind, Tok::kError);
  EXPECT_EQ(t[0].value, "this string is not closed on its line");
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 13u);
  EXPECT_EQ(t[1].kind, Tok::kIdent);
  EXPECT_EQ(t[1].value, "next");
}

TEST(Lexer, UnterminatedStringAtTheEndOfInput) {
  for (std::string s : {"\"abc", "\"", "\"abc\\", "\"abc\\\""}) {
    auto t = lex_all(s);
    ASSERT_EQ(t.size(), 2u) << s;
    EXPECT_EQ(t[0].kind, Tok::kError) << s;
    EXPECT_EQ(t[1].kind, Tok::kEnd) << s;
  }
}

TEST(Lexer, BadCharactersBecomeErrorTokensWithTheWholeUtf8Character) {
  auto t = lex_all("a $ b § c !");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[1].kind, Tok::kError);
  EXPECT_EQ(t[1].value, "unexpected character '$'");
  EXPECT_EQ(t[3].kind, Tok::kError);
  EXPECT_EQ(t[3].value, "unexpected character '§'");
  EXPECT_EQ(t[3].end - t[3].begin, 2u);
  EXPECT_EQ(t[4].value, "c");
  EXPECT_EQ(t[5].kind, Tok::kError);  // '!' alone; '!=' is an operator
}

TEST(Lexer, InvalidUtf8DoesNotOverrun) {
  std::string s = "a \xC3";  // a lead byte with nothing after it
  auto t = lex_all(s);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].kind, Tok::kError);
  EXPECT_EQ(t[1].end, 3u);
  s = "\x80\x80\x80 b";  // continuation bytes only: consumed as one character
  t = lex_all(s);
  EXPECT_EQ(t[0].kind, Tok::kError);
  EXPECT_EQ(t[1].value, "b");
}

TEST(Lexer, CommentsRunToTheEndOfTheLine) {
  auto t = lex_all("a # a comment \"with a string\" and $ bad chars\nb #\n# whole line\nc");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].value, "a");
  EXPECT_EQ(t[1].value, "b");
  EXPECT_EQ(t[2].value, "c");
  // A '#' inside a string is not a comment.
  t = lex_all("\"# not a comment\" x");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].value, "# not a comment");
}

TEST(Lexer, Operators) {
  auto t = lex_all("( ) [ ] { } , : . = == != < <= > >= + - *");
  EXPECT_EQ(kinds(t), (std::vector<Tok>{Tok::kLParen, Tok::kRParen, Tok::kLBracket, Tok::kRBracket,
                                        Tok::kLBrace, Tok::kRBrace, Tok::kComma, Tok::kColon, Tok::kDot,
                                        Tok::kAssign, Tok::kEq, Tok::kNe, Tok::kLt, Tok::kLe, Tok::kGt,
                                        Tok::kGe, Tok::kPlus, Tok::kMinus, Tok::kStar, Tok::kEnd}));
  t = lex_all("a<=b==c");
  EXPECT_EQ(kinds(t), (std::vector<Tok>{Tok::kIdent, Tok::kLe, Tok::kIdent, Tok::kEq, Tok::kIdent, Tok::kEnd}));
}

TEST(Lexer, OffsetsAreFileOffsetsWithinTheRange) {
  // Lexing a sub-range gives offsets in the whole file and stops at `end`.
  std::string file = "prose prose\nrule x hold = true\nmore prose";
  uint32_t begin = 12, end = 30;
  auto t = lex(file, begin, end);
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].value, "rule");
  EXPECT_EQ(t[0].begin, 12u);
  EXPECT_EQ(t[4].value, "true");
  EXPECT_EQ(t[4].end, 30u);
  EXPECT_EQ(t[5].kind, Tok::kEnd);
  EXPECT_EQ(t[5].begin, 30u);
}

TEST(Lexer, DateAtTheEndOfTheRangeIsNotReadPastIt) {
  std::string file = "2024-03-01T10:00:00Z";
  auto t = lex(file, 0, 10);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].kind, Tok::kDate);
  EXPECT_EQ(t[0].value, "2024-03-01");
}

TEST(Lexer, TokenNames) {
  EXPECT_STREQ(token_name(Tok::kEnd), "end of block");
  EXPECT_STREQ(token_name(Tok::kAssign), "'='");
  EXPECT_STREQ(token_name(Tok::kError), "invalid token");
}

}  // namespace
}  // namespace writ::syntax
