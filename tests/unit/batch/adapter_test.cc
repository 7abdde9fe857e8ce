// Adapter files: the format, and errors that name the adapter file and line.
#include "batch/adapter.h"

#include <gtest/gtest.h>

#include "batch/date_format.h"
#include "batch/mapper.h"
#include "calendar/civil.h"
#include "engine/engine_impl.h"

namespace writ::batch {
namespace {

const char* kMinimal = R"({
  "adapter": "t",
  "tables": [ { "name": "rows", "file": "rows.csv" } ],
  "record": { "id": "id", "date": "date" },
  "fields": { "request.kind": { "const": "detainer" } }
})";

TEST(Adapter, ParsesAMinimalAdapter) {
  auto a = parse_adapter(kMinimal, "t.adapter.json", false);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->name, "t");
  ASSERT_EQ(a->tables.size(), 1u);
  EXPECT_EQ(a->tables[0].delimiter, ',');
  ASSERT_EQ(a->fields.size(), 1u);
  EXPECT_EQ(a->fields[0].path, "request.kind");
  EXPECT_EQ(a->fields[0].value.line, 5);
}

TEST(Adapter, JsonSyntaxErrorNamesTheLine) {
  auto a = parse_adapter("{\n  \"adapter\": \"t\",\n  \"tables\": [ }\n}", "x.adapter.json", false);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message.rfind("x.adapter.json:3: not valid JSON", 0), 0u)
      << a.error().message;
}

TEST(Adapter, UnknownKeyNamesTheLine) {
  auto a = parse_adapter(
      "{\n  \"adapter\": \"t\",\n  \"tables\": [ { \"name\": \"r\", \"file\": \"r.csv\" } ],\n"
      "  \"feilds\": {}\n}",
      "x.adapter.json", false);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message,
            "x.adapter.json:4: unknown key 'feilds' (expected one of: adapter, description, "
            "dataset, tables, group_by, null_values, date_formats, timezone, record, fields, "
            "lists, codes, report_attributes) (at /feilds)");
}

TEST(Adapter, MarkdownBlockLinesCountFromTheFile) {
  std::string md =
      "# Title\n\nProse.\n\n```\nnot json\n```\n\n```json\n{\n  \"adapter\": \"t\",\n"
      "  \"tables\": [ { \"name\": \"r\", \"file\": \"r.csv\", \"delimiter\": \"||\" } ]\n}\n```\n";
  auto a = parse_adapter(md, "t.adapter.md", true);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message.rfind("t.adapter.md:12: a delimiter is one character", 0), 0u)
      << a.error().message;
}

TEST(Adapter, MarkdownNeedsExactlyOneJsonBlock) {
  auto a = parse_adapter("# nothing here\n", "t.adapter.md", true);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message,
            "t.adapter.md:1: an adapter file has exactly one ```json block (found 0)");
}

TEST(Adapter, UnknownCodeTableAndJoinParent) {
  auto a = parse_adapter(R"({
  "adapter": "t",
  "tables": [ { "name": "r", "file": "r.csv" } ],
  "fields": { "custody.charges": { "column": "x", "codes": "nope" } }
})",
                         "t.json", false);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message.rfind("t.json:4: no code table named 'nope'", 0), 0u)
      << a.error().message;
  a = parse_adapter(R"({
  "adapter": "t",
  "tables": [ { "name": "r", "file": "r.csv" },
              { "name": "c", "file": "c.csv",
                "join": { "parent": "elsewhere", "parent_key": "k", "key": "k" } } ]
})",
                    "t.json", false);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(
      a.error().message.rfind("t.json:5: a joined table's parent must be the record table", 0), 0u)
      << a.error().message;
}

TEST(DateFormat, Formats) {
  int32_t d = 0, s = 0;
  ASSERT_TRUE(parse_with_format("2017-04-21 11:43:00", "%Y-%m-%d %H:%M:%S", d, s));
  EXPECT_EQ(cal::format_date(d), "2017-04-21");
  EXPECT_EQ(s, 11 * 3600 + 43 * 60);
  ASSERT_TRUE(parse_with_format("4/9/17", "%m/%d/%y", d, s));
  EXPECT_EQ(cal::format_date(d), "2017-04-09");
  ASSERT_TRUE(parse_with_format("09-Mar-2015", "%d-%b-%Y", d, s));
  EXPECT_EQ(cal::format_date(d), "2015-03-09");
  EXPECT_FALSE(parse_with_format("2023-02-30", "%Y-%m-%d", d, s));
  EXPECT_FALSE(parse_with_format("2023-02-03 extra", "%Y-%m-%d", d, s));
  EXPECT_FALSE(parse_with_format("23-02-03", "%Y-%m-%d", d, s));
}

// Compiling against a policy's schema: case paths and types, with the adapter's line.
class MapperCompile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions eo;
    eo.home = WRIT_SOURCE_DIR;
    auto e = Engine::open(eo);
    ASSERT_TRUE(e.ok()) << e.error().message;
    engine_ = e->release();
  }
  static void TearDownTestSuite() { delete engine_; }
  Result<Mapper> compile(const std::string& text) {
    auto a = parse_adapter(text, "m.json", false);
    EXPECT_TRUE(a.ok()) << a.error().message;
    adapter_ = *a;
    std::vector<std::vector<std::string>> headers = {{"id", "date", "level", "form"}};
    return Mapper::compile(adapter_, headers, *engine_->impl().find("nyc-doc")->checked,
                           &engine_->impl().catalog);
  }
  static Engine* engine_;
  Adapter adapter_;
};
Engine* MapperCompile::engine_ = nullptr;

TEST_F(MapperCompile, UnknownCasePath) {
  auto m = compile(R"({
  "adapter": "t",
  "tables": [ { "name": "r", "file": "r.csv" } ],
  "fields": {
    "custody.facility": "id",
    "custody.facilty": "id"
  }
})");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message.rfind("m.json:6: 'custody.facilty' has no field 'facilty'", 0), 0u)
      << m.error().message;
}

TEST_F(MapperCompile, CodeTableValueMustBeAnEnumMember) {
  auto m = compile(R"({
  "adapter": "t",
  "tables": [ { "name": "r", "file": "r.csv" } ],
  "lists": [ { "path": "custody.charges",
               "fields": { "level": { "column": "level", "codes": "lv" } } } ],
  "codes": { "lv": { "map": { "F": "felony", "M": "misdemeanour" } } }
})");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message,
            "m.json:5: custody.charges[].level: code table 'lv' maps 'M' to a value that does not "
            "fit: 'misdemeanour' is not one of: felony, misdemeanor, violation, infraction, "
            "indictable, disorderly_persons");
}

TEST_F(MapperCompile, MissingColumnAndBadConstant) {
  auto m = compile(R"({
  "adapter": "t",
  "tables": [ { "name": "r", "file": "r.csv" } ],
  "fields": { "custody.facility": "facility" }
})");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message,
            "m.json:4: table 'r' has no column 'facility' (columns: id, date, level, form)");
  auto m2 = compile(R"({
  "adapter": "t",
  "tables": [ { "name": "r", "file": "r.csv" } ],
  "fields": { "request.kind": { "const": "detain" } }
})");
  ASSERT_FALSE(m2.ok());
  EXPECT_EQ(m2.error().message.rfind("m.json:4: request.kind: 'detain' is not one of: detainer", 0),
            0u)
      << m2.error().message;
}

TEST_F(MapperCompile, ListPathMustBeAListOfRecords) {
  auto m = compile(R"({
  "adapter": "t",
  "tables": [ { "name": "r", "file": "r.csv" } ],
  "lists": [ { "path": "custody.facility", "fields": {} } ]
})");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "m.json:4: 'custody.facility' is a string, not a list of records");
}

}  // namespace
}  // namespace writ::batch
