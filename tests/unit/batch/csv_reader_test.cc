// The streaming CSV reader: delimiters, quoting, line numbers, malformed records, block edges.
#include "batch/csv_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace writ::batch {
namespace {

struct Read {
  uint64_t line;
  std::vector<std::string> fields;
  std::string error;
};

std::vector<Read> read_all(CsvReader& r) {
  std::vector<Read> out;
  CsvRow row;
  while (r.next(row)) {
    Read x{row.line, {}, row.error};
    for (size_t i = 0; i < row.size(); ++i) x.fields.emplace_back(row.field(i));
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<Read> read_text(const std::string& text, char delim = ',') {
  CsvReader r(text, delim);
  return read_all(r);
}

using Fields = std::vector<std::string>;

TEST(CsvReader, PlainRecordsAndLineNumbers) {
  auto rows = read_text("a,b,c\n1,2,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(rows[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(rows[0].line, 1u);
  EXPECT_EQ(rows[1].line, 2u);
}

TEST(CsvReader, PipeAndTabDelimiters) {
  auto rows = read_text("a|b,c|d\n", '|');
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b,c", "d"}));
  rows = read_text("x\ty\n", '\t');
  EXPECT_EQ(rows[0].fields, (Fields{"x", "y"}));
}

TEST(CsvReader, QuotedDelimitersNewlinesAndDoubledQuotes) {
  auto rows =
      read_text("id,text\n1,\"a, b\"\n2,\"line one\nline two\"\n3,\"say \"\"hi\"\"\"\n4,x\n");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].fields, (Fields{"1", "a, b"}));
  EXPECT_EQ(rows[2].fields, (Fields{"2", "line one\nline two"}));
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_EQ(rows[3].fields, (Fields{"3", "say \"hi\""}));
  EXPECT_EQ(rows[3].line, 5u);  // the record before spans two lines
  EXPECT_EQ(rows[4].line, 6u);
  for (const auto& r : rows) EXPECT_EQ(r.error, "");
}

TEST(CsvReader, CrlfBomBlankLinesEmptyFields) {
  auto rows = read_text(
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n,\r\n1,\r\n\n2,\"\"");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(rows[1].fields, (Fields{"", ""}));
  EXPECT_EQ(rows[1].line, 3u);
  EXPECT_EQ(rows[2].fields, (Fields{"1", ""}));
  EXPECT_EQ(rows[3].fields, (Fields{"2", ""}));
  EXPECT_EQ(rows[3].line, 6u);
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsData) {
  auto rows = read_text("5'10\",x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (Fields{"5'10\"", "x"}));
}

TEST(CsvReader, TextAfterClosingQuoteIsMalformedAndReadingResumes) {
  auto rows = read_text("a,b\n\"x\"y,z\nc,d\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[1].error, "text after the closing quote of a field");
  EXPECT_EQ(rows[2].fields, (Fields{"c", "d"}));
  EXPECT_EQ(rows[2].line, 3u);
}

TEST(CsvReader, UnclosedQuoteAtEndIsMalformed) {
  auto rows = read_text("a,b\n1,\"open\n2,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].error, "a quoted field is not closed before the end of the file");
  EXPECT_EQ(rows[1].line, 2u);
}

TEST(CsvReader, LineModeKeepsQuotes) {
  CsvReader r(std::string("{\"a\": \"x,y\"}\n\n{\"b\": 1}\r\n"), '\n');
  r.set_line_mode();
  auto rows = read_all(r);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (Fields{"{\"a\": \"x,y\"}"}));
  EXPECT_EQ(rows[1].fields, (Fields{"{\"b\": 1}"}));
  EXPECT_EQ(rows[1].line, 3u);
}

// Records straddling the reader's 1 MiB blocks, read from a file.
TEST(CsvReader, FileAcrossBlockBoundaries) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  std::string expected_long(3000, 'q');
  size_t n = 0;
  std::string text = "id,v\n";
  while (text.size() < (3u << 20)) {
    text += std::to_string(n) + ",\"" + expected_long + "\n\"\"" + std::to_string(n) + "\"\n";
    ++n;
  }
  std::fwrite(text.data(), 1, text.size(), f);
  std::rewind(f);
  CsvReader r(f, ',');
  auto rows = read_all(r);
  std::fclose(f);
  ASSERT_EQ(rows.size(), n + 1);
  for (size_t i = 0; i < n; ++i) {
    const auto& row = rows[i + 1];
    ASSERT_EQ(row.fields.size(), 2u) << i;
    EXPECT_EQ(row.fields[0], std::to_string(i));
    EXPECT_EQ(row.fields[1], expected_long + "\n\"" + std::to_string(i));
    EXPECT_EQ(row.line, 2 + 2 * i);
    EXPECT_EQ(row.error, "");
  }
  EXPECT_EQ(r.bytes_read(), text.size());
}

}  // namespace
}  // namespace writ::batch
