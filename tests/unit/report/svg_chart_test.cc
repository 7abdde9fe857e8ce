// SVG charts: axis arithmetic, month axes without gaps, escaped labels, one segment per count.
#include "report/svg_chart.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace writ::report {
namespace {

std::size_t occurrences(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(ReportSvg, NiceCeiling) {
  EXPECT_EQ(nice_ceiling(0), 1u);
  EXPECT_EQ(nice_ceiling(1), 1u);
  EXPECT_EQ(nice_ceiling(3), 5u);
  EXPECT_EQ(nice_ceiling(7), 10u);
  EXPECT_EQ(nice_ceiling(11), 20u);
  EXPECT_EQ(nice_ceiling(200), 200u);
  EXPECT_EQ(nice_ceiling(201), 500u);
}

TEST(ReportSvg, MonthAxisFillsGapsAndPutsOtherKeysLast) {
  EXPECT_EQ(month_axis({"(no date)", "2016-11", "2017-02"}),
            (std::vector<std::string>{"2016-11", "2016-12", "2017-01", "2017-02", "(no date)"}));
  EXPECT_EQ(month_axis({}), std::vector<std::string>{});
  EXPECT_EQ(month_axis({"2016-05"}), std::vector<std::string>{"2016-05"});
}

TEST(ReportSvg, StackedBarsOneSegmentPerNonZeroCountWithEscapedLabels) {
  std::vector<Series> series = {{"honor", "#111111", {3, 0, 2}},
                                {"<decline>", "#222222", {1, 4, 0}}};
  const std::string svg = stacked_bar_svg("T & \"x\"", {"a", "b<", "c"}, series);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  // 4 non-zero segments plus 2 legend squares.
  EXPECT_EQ(occurrences(svg, "<rect"), 6u);
  EXPECT_NE(svg.find("b&lt; &lt;decline&gt;: 4"), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"T &amp; &quot;x&quot;\""), std::string::npos);
  EXPECT_EQ(svg.find("<decline>"), std::string::npos);
  EXPECT_EQ(svg.find("b<"), std::string::npos);
  // The y axis tops at the rounded maximum stack (5).
  EXPECT_NE(svg.find(">5</text>"), std::string::npos);
}

TEST(ReportSvg, EmptyChartIsStillWellFormed) {
  const std::string svg = stacked_bar_svg("empty", {}, {});
  EXPECT_EQ(occurrences(svg, "<svg"), 1u);
  EXPECT_EQ(occurrences(svg, "</svg>"), 1u);
}

}  // namespace
}  // namespace writ::report
