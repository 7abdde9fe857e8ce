// The report formats: JSON is valid and carries the recomputed figures, the CSV files parse back
// to the same figures, and the HTML is self-contained with every piece of record data escaped.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/csv.h"
#include "report/tally.h"
#include "report/what_if.h"

namespace writ::report {
namespace {

const std::string kEvil = "<script>alert('x')</script>&\"quoted\",comma\nnewline";

// 12 records over three months: policy "before" honors all, "after" declines every third and
// leaves every fourth (not third) to review.
WhatIfReport sample() {
  WhatIfReport w({"before", "after"}, "sample <data>");
  for (int i = 0; i < 12; ++i) {
    RecordResult r;
    r.line = static_cast<uint64_t>(i + 2);
    r.source = "in.csv";
    r.record_id = i == 5 ? kEvil : "B" + std::to_string(i);
    r.date = "2016-0" + std::to_string(1 + i % 3) + "-15";
    r.facility = i == 7 ? kEvil : "Jail";
    const std::string after = i % 3 == 0 ? "decline" : (i % 4 == 0 ? "review" : "honor");
    const bool differs = after != "honor";
    r.by_policy = {
        {"honor", "honor-all", differs ? "memo before " + kEvil : ""},
        {after, after == "honor" ? "honor-listed" : "not-listed", differs ? "memo after" : ""}};
    r.attrs = {{"has_felony", i % 2 ? "true" : "false"}};
    w.add(r);
  }
  w.add_unmapped({"in.csv", 99, "booking date " + kEvil});
  return w;
}

TEST(ReportWriters, JsonIsValidAndCarriesTheFigures) {
  const WhatIfReport w = sample();
  const auto j = nlohmann::json::parse(w.json());
  EXPECT_EQ(j["format"], "writ-what-if/1");
  EXPECT_EQ(j["records"], 12);
  // Records 0,3,6,9 decline; 4,8 review: 6 changed.
  EXPECT_EQ(j["changed"], 6);
  EXPECT_EQ(j["unmapped"], 1);
  EXPECT_EQ(j["records_by_month"]["2016-01"], 4);
  EXPECT_EQ(j["by_policy"][1]["outcomes"]["decline"], 4);
  EXPECT_EQ(j["by_policy"][1]["outcomes"]["review"], 2);
  EXPECT_EQ(j["by_policy"][1]["outcomes"]["honor"], 6);
  EXPECT_EQ(j["transitions"][0]["from"], "before");
  EXPECT_EQ(j["transitions"][0]["counts"]["honor"]["decline"], 4);
  EXPECT_EQ(j["transitions"][0]["counts"]["honor"]["review"], 2);
  EXPECT_EQ(j["transitions"][0]["counts"]["honor"]["honor"], 6);
  ASSERT_EQ(j["changed_records"].size(), 6u);
  EXPECT_EQ(j["changed_records"][0]["explanations"][0], "memo before " + kEvil);
  EXPECT_EQ(j["changed_records"][0]["line"], 2);
  EXPECT_EQ(j["unmapped_by_reason"][0]["examples"][0]["line"], 99);
  // has_felony = true for the odd records: 1,3,5,7,9,11; months 2016-02 (1,7), 2016-01 (3,9),
  // 2016-03 (5,11)
  const auto& values = j["attributes"][0]["values"];
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[1]["value"], "true");
  EXPECT_EQ(values[1]["records"], 6);
  EXPECT_EQ(values[1]["by_month"]["2016-02"], 2);
}

TEST(ReportWriters, JsonStaysValidWithInvalidUtf8) {
  WhatIfReport w({"a", "b"}, "bytes \xFF\xFE");
  RecordResult r;
  r.record_id = "id\xC3";
  r.by_policy = {{"honor", "r\x80", "memo \"\xC3\x28\"\n"},
                 {"decline", "\x01changed-records\x01", ""}};
  w.add(r);
  r.by_policy[1].outcome = "honor";  // unchanged: not in changed_records
  w.add(r);
  const auto j = nlohmann::json::parse(w.json(), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["dataset"], "bytes \xEF\xBF\xBD\xEF\xBF\xBD");
  ASSERT_EQ(j["changed_records"].size(), 1u);
  EXPECT_EQ(j["changed_records"][0]["record_id"], "id\xEF\xBF\xBD");
  EXPECT_EQ(j["changed_records"][0]["explanations"][0], "memo \"\xEF\xBF\xBD(\"\n");
  // Control characters in data stay data.
  EXPECT_EQ(j["changed_records"][0]["reasons"][1], "\x01changed-records\x01");
  EXPECT_TRUE(j["unmapped_by_reason"].is_array());

  WhatIfReport none({"a", "b"}, "nothing changed");
  const auto k = nlohmann::json::parse(none.json(), nullptr, false);
  ASSERT_FALSE(k.is_discarded());
  EXPECT_EQ(k["changed_records"], nlohmann::json::array());
}

TEST(ReportWriters, CountsCsvParsesBackToTheFigures) {
  const WhatIfReport w = sample();
  auto rows = catalog::parse_csv(w.counts_csv(), "counts.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ((*rows)[0].fields, (std::vector<std::string>{"policy", "table", "key", "honor",
                                                         "decline", "review", "error", "total"}));
  std::map<std::string, std::vector<std::string>> by_key;  // "policy|table|key" -> fields
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& f = (*rows)[i].fields;
    ASSERT_EQ(f.size(), 8u) << i;
    by_key[f[0] + "|" + f[1] + "|" + f[2]] = f;
  }
  EXPECT_EQ(by_key.at("after|outcome|all")[4], "4");
  EXPECT_EQ(by_key.at("after|outcome|all")[7], "12");
  EXPECT_EQ(by_key.at("after|reason|not-listed")[4], "4");
  EXPECT_EQ(by_key.at("after|reason|not-listed")[5], "2");
  EXPECT_EQ(by_key.at("before|facility|" + kEvil)[3], "1");  // quoted field survives
  EXPECT_EQ(by_key.at("before|month|2016-03")[7], "4");
  EXPECT_EQ(by_key.at("before|transition:after|honor->decline")[7], "4");
  EXPECT_EQ(by_key.at("before|transition:after|review->honor")[7], "0");
  EXPECT_EQ(by_key.at("|records|2016-02")[7], "4");
  EXPECT_EQ(by_key.at("|attribute:has_felony=true|2016-01")[7], "2");
  EXPECT_EQ(by_key.at("|unmapped|booking date " + kEvil)[7], "1");
}

TEST(ReportWriters, ChangedCsvListsEveryChangedRecordWithExplanations) {
  const WhatIfReport w = sample();
  auto rows = catalog::parse_csv(w.changed_csv(), "changed.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 7u);
  EXPECT_EQ((*rows)[0].fields,
            (std::vector<std::string>{"source", "line", "record_id", "date", "facility",
                                      "before:outcome", "before:reason", "before:explanation",
                                      "after:outcome", "after:reason", "after:explanation"}));
  EXPECT_EQ((*rows)[1].fields[2], "B0");
  EXPECT_EQ((*rows)[1].fields[7], "memo before " + kEvil);
  EXPECT_EQ((*rows)[1].fields[8], "decline");
  EXPECT_EQ((*rows)[3].fields[2], "B4");
  EXPECT_EQ((*rows)[3].fields[8], "review");
}

TEST(ReportWriters, HtmlIsSelfContainedAndEscapesRecordData) {
  const std::string html = sample().html();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(kEvil), std::string::npos);
  EXPECT_NE(
      html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;quoted&quot;,comma"),
      std::string::npos);
  EXPECT_NE(html.find("sample &lt;data&gt;"), std::string::npos);
  // No external resources: the only URL is the SVG namespace.
  std::size_t urls = 0;
  for (auto p = html.find("http"); p != std::string::npos; p = html.find("http", p + 1)) {
    EXPECT_EQ(html.compare(p, 26, "http://www.w3.org/2000/svg"), 0) << html.substr(p, 60);
    ++urls;
  }
  EXPECT_GT(urls, 0u);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("class=\"heat\""), std::string::npos);
  EXPECT_NE(html.find("memo after"), std::string::npos);
}

TEST(ReportWriters, HtmlListsOnlyStoredExplanationsButCountsAll) {
  WhatIfReport w({"a", "b"}, "many");
  const std::size_t n = kMaxStoredExplanations + 5;
  for (std::size_t i = 0; i < n; ++i) {
    RecordResult r;
    r.record_id = "R" + std::to_string(i);
    r.by_policy = {{"honor", "x", "EXPLAINED-A-" + std::to_string(i) + "."},
                   {"decline", "y", "EXPLAINED-B"}};
    w.add(r);
  }
  const std::string html = w.html();
  EXPECT_NE(html.find("(" + std::to_string(n) + ")"), std::string::npos);
  EXPECT_NE(html.find("EXPLAINED-A-999."), std::string::npos);
  EXPECT_EQ(html.find("EXPLAINED-A-1000."), std::string::npos);
  auto rows = catalog::parse_csv(w.changed_csv(), "changed.csv");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), n + 1);
  EXPECT_EQ(rows->back().fields[5], "honor");
  EXPECT_EQ(rows->back().fields[7], "");  // beyond the cap: no explanation
}

}  // namespace
}  // namespace writ::report
