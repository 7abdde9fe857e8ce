// Escaping: record data never becomes markup, CSV fields survive a round trip through a reader.
#include "report/escape.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/csv.h"

namespace writ::report {
namespace {

TEST(ReportEscape, HtmlSpecialCharacters) {
  EXPECT_EQ(html_escape("<script>alert(\"x\")</script>"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  EXPECT_EQ(html_escape("a & b 'c'"), "a &amp; b &#39;c&#39;");
  EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");
  EXPECT_EQ(html_escape("plain text"), "plain text");
}

TEST(ReportEscape, HtmlDropsControlCharactersKeepsLineBreaks) {
  EXPECT_EQ(html_escape(std::string("a\0b\x01\x7f"
                                    "c\td\ne\r",
                                    11)),
            "abc\td\ne\r");
}

TEST(ReportEscape, InvalidUtf8IsReplaced) {
  EXPECT_EQ(valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(valid_utf8("a\xFFz"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(valid_utf8("\xC3"), "\xEF\xBF\xBD");                                  // truncated
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(html_escape("<\xFE>"), "&lt;\xEF\xBF\xBD&gt;");
}

TEST(ReportEscape, CsvQuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_field(" padded "), "\" padded \"");
}

TEST(ReportEscape, CsvFieldsRoundTripThroughAReader) {
  const std::vector<std::string> fields = {"plain", "a,b", "say \"hi\"",    "two\nlines",
                                           " x ",   "",    "#not a comment"};
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csv_field(fields[i]);
  auto rows = catalog::parse_csv("h1,h2,h3,h4,h5,h6,h7\n" + line + "\n", "test.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].fields, fields);
}

}  // namespace
}  // namespace writ::report
