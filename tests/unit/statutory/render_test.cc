#include "statutory/render.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace writ::statutory {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

AnnualReport sample() {
  AnnualReport r;
  r.id = "nyc-doc-9-131-f";
  r.title = "Department of Correction: civil immigration detainers";
  r.cite = "NYC Admin. Code § 9-131(f)";
  r.policy = "nyc-doc";
  r.period = *parse_period("2024-2025");
  r.decisions = 12;
  r.pending_review = 2;
  Item a;
  a.number = "1";
  a.cite = "NYC Admin. Code § 9-131(f)(1)";
  a.text = "detainers <lodged> & \"counted\", by reason";
  a.count = 7;
  a.breakdown = {{"reason/i", "(i) reason, to believe", 3}, {"reason/ii", "(ii)", 4}};
  Item b;
  b.number = "6";
  b.cite = "NYC Admin. Code § 9-131(f)(6)";
  b.text = "SCAAP";
  b.note = "not recorded by Writ";
  r.items = {a, b};
  return r;
}

TEST(Render, JsonCarriesEveryFigureAndNullForNotRecorded) {
  auto j = nlohmann::json::parse(to_json(sample()));
  EXPECT_EQ(j["report"], "nyc-doc-9-131-f");
  EXPECT_EQ(j["period"]["from"], "2024-07-01");
  EXPECT_EQ(j["decisions"], 12);
  EXPECT_EQ(j["items"][0]["count"], 7);
  EXPECT_EQ(j["items"][0]["breakdown"][1]["count"], 4);
  EXPECT_TRUE(j["items"][1]["count"].is_null());
}

TEST(Render, CsvRowsPerItemAndBreakdownQuoted) {
  std::string csv = to_csv(sample());
  EXPECT_THAT(csv, HasSubstr("item,cite,key,label,count\n"));
  EXPECT_THAT(csv, HasSubstr("1,NYC Admin. Code § 9-131(f)(1),total,\"detainers <lodged> & "
                             "\"\"counted\"\", by reason\",7\n"));
  EXPECT_THAT(csv,
              HasSubstr("1,NYC Admin. Code § 9-131(f)(1),reason/i,\"(i) reason, to believe\",3\n"));
  EXPECT_THAT(csv, HasSubstr("6,NYC Admin. Code § 9-131(f)(6),total,SCAAP,\n"));
}

TEST(Render, HtmlEscapesTextAndDrawsCharts) {
  std::string html = to_html(sample());
  EXPECT_THAT(html, HasSubstr("detainers &lt;lodged&gt; &amp; &quot;counted&quot;"));
  EXPECT_THAT(html, Not(HasSubstr("<lodged>")));
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("not recorded"));
  EXPECT_THAT(html, HasSubstr("July 1, 2024 – June 30, 2025"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
}

}  // namespace
}  // namespace writ::statutory
