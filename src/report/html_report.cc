#include "report/html_report.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "report/escape.h"
#include "report/svg_chart.h"

namespace writ::report {

namespace {

constexpr std::array<const char*, kOutcomes> kOutcomeColors = {"#1f77b4", "#ff7f0e", "#9467bd",
                                                               "#7f7f7f"};
constexpr const char* kValueColors[] = {"#d62728", "#2ca02c", "#8c564b", "#e377c2",
                                        "#17becf", "#bcbd22", "#1f77b4", "#ff7f0e"};
// Tables of facilities and reasons list their largest rows first, at most this many.
constexpr std::size_t kMaxTableRows = 50;
// Attribute charts and month tables show this many values; the rest are summed.
constexpr std::size_t kMaxAttributeSeries = 7;
// The changed-records section lists at most this many records (all stored explanations).
constexpr std::size_t kMaxChangedShown = kMaxStoredExplanations;

constexpr const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       max-width: 1100px; margin: 1.5em auto; padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { margin-top: 1.4em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f2f2f2; }
pre { white-space: pre-wrap; font-size: 0.8em; background: #fafafa; border: 1px solid #eee;
      padding: 4px; margin: 2px 0; max-height: 24em; overflow: auto; }
.note { color: #555; font-size: 0.9em; }
.chart { display: block; margin: 0.5em 0; max-width: 100%; height: auto; }
.heat td.n { min-width: 4em; }
.record table { width: 100%; } .record td:last-child { width: 60%; }
nav ul { columns: 2; }
.wide { overflow-x: auto; }
@media print { body { max-width: none; } pre { max-height: none; overflow: visible; }
  h2 { page-break-before: auto; } table, svg, .record { page-break-inside: avoid; } nav { display: none; } }
)";

std::string esc(std::string_view s) {
  return html_escape(s);
}
std::string n(uint64_t v) {
  return std::to_string(v);
}

std::string percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

std::string outcome_header() {
  std::string s;
  for (std::size_t o = 0; o < kOutcomes; ++o)
    s += "<th class=\"n\">" + std::string(outcome_name(o)) + "</th>";
  return s + "<th class=\"n\">total</th>";
}

std::string outcome_cells(const OutcomeCounts& c) {
  std::string s;
  for (std::size_t o = 0; o < kOutcomes; ++o) s += "<td class=\"n\">" + n(c[o]) + "</td>";
  return s + "<td class=\"n\">" + n(total(c)) + "</td>";
}

// A table of keyed outcome counts, largest first, at most kMaxTableRows rows.
std::string keyed_table(const BoundedMap<OutcomeCounts>& m, const char* key_name) {
  std::vector<std::pair<std::string, OutcomeCounts>> rows(m.rows().begin(), m.rows().end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return total(a.second) > total(b.second); });
  std::string s =
      "<table><tr><th>" + std::string(key_name) + "</th>" + outcome_header() + "</tr>\n";
  for (std::size_t i = 0; i < rows.size() && i < kMaxTableRows; ++i) {
    const std::string key = rows[i].first.empty() ? "(none)" : rows[i].first;
    s += "<tr><td>" + esc(key) + "</td>" + outcome_cells(rows[i].second) + "</tr>\n";
  }
  s += "</table>\n";
  if (rows.size() > kMaxTableRows) {
    s += "<p class=\"note\">" + n(rows.size() - kMaxTableRows) +
         " smaller rows are in the JSON and CSV files.</p>\n";
  }
  if (m.folded()) {
    s += "<p class=\"note\">More than " + n(kMaxKeys) +
         " distinct keys: the rest are counted under " + esc(kOtherKey) + ".</p>\n";
  }
  return s;
}

// Background of a heat-table cell: white to dark blue by share of the maximum.
std::string heat(uint64_t v, uint64_t max) {
  if (v == 0 || max == 0) return "#ffffff";
  const double f = 0.15 + 0.85 * static_cast<double>(v) / static_cast<double>(max);
  const int r = static_cast<int>(255 - f * (255 - 33)), g = static_cast<int>(255 - f * (255 - 102)),
            b = static_cast<int>(255 - f * (255 - 172));
  char buf[64];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
  return buf;
}

std::string summary(const Tally& t) {
  std::string s =
      "<h2 id=\"summary\">Outcomes</h2>\n<table><tr><th>policy</th>" + outcome_header() + "</tr>\n";
  for (std::size_t i = 0; i < t.policies.size(); ++i) {
    const OutcomeCounts& c = t.policies[i].outcomes;
    s += "<tr><td>" + esc(t.policy_ids[i]) + "</td>";
    for (std::size_t o = 0; o < kOutcomes; ++o) {
      s += "<td class=\"n\">" + n(c[o]) + " <span class=\"note\">" + percent(c[o], total(c)) +
           "</span></td>";
    }
    s += "<td class=\"n\">" + n(total(c)) + "</td></tr>\n";
  }
  return s + "</table>\n";
}

std::string policy_section(const Tally& t, std::size_t i) {
  const PolicyTally& p = t.policies[i];
  const std::string& id = t.policy_ids[i];
  std::string s = "<h2 id=\"policy-" + n(i) + "\">Policy " + esc(id) + "</h2>\n";
  std::vector<std::string> months;
  for (const auto& [m, c] : p.by_month) months.push_back(m);
  const std::vector<std::string> axis = month_axis(months);
  std::vector<Series> series;
  for (std::size_t o = 0; o < kOutcomes; ++o) {
    Series se{std::string(outcome_name(o)), kOutcomeColors[o], {}};
    for (const std::string& m : axis) {
      auto it = p.by_month.find(m);
      se.values.push_back(it == p.by_month.end() ? 0 : it->second[o]);
    }
    series.push_back(std::move(se));
  }
  s += "<h3>By month</h3>\n" + stacked_bar_svg("Outcomes under " + id + " by month", axis, series);
  s += "<h3>By decisive reason</h3>\n" + keyed_table(p.by_reason, "reason");
  s += "<h3>By facility</h3>\n" + keyed_table(p.by_facility, "facility");
  return s;
}

std::string month_table(const Tally& t) {
  std::string s =
      "<h2 id=\"months\">By month</h2>\n<div class=\"wide\"><table><tr><th>month</th><th "
      "class=\"n\">records</th>";
  for (const std::string& id : t.policy_ids) {
    for (std::size_t o = 0; o < kOutcomes; ++o) {
      s += "<th class=\"n\">" + esc(id) + "<br>" + std::string(outcome_name(o)) + "</th>";
    }
  }
  s += "</tr>\n";
  for (const auto& [m, count] : t.records_by_month) {
    s += "<tr><td>" + esc(m) + "</td><td class=\"n\">" + n(count) + "</td>";
    for (const PolicyTally& p : t.policies) {
      auto it = p.by_month.find(m);
      for (std::size_t o = 0; o < kOutcomes; ++o) {
        s += "<td class=\"n\">" + n(it == p.by_month.end() ? 0 : it->second[o]) + "</td>";
      }
    }
    s += "</tr>\n";
  }
  return s + "</table></div>\n";
}

std::string transitions(const Tally& t) {
  if (t.transitions.empty()) return "";
  std::string s =
      "<h2 id=\"transitions\">Transitions</h2>\n<p>Each table counts the records by "
      "their outcome under the first policy (rows) and the second (columns); the "
      "diagonal is unchanged.</p>\n";
  for (const Transition& tr : t.transitions) {
    uint64_t max = 0;
    for (const auto& row : tr.counts)
      max = std::max(max, *std::max_element(row.begin(), row.end()));
    s += "<h3>" + esc(t.policy_ids[tr.a]) + " &rarr; " + esc(t.policy_ids[tr.b]) + "</h3>\n";
    s += "<table class=\"heat\"><tr><th>" + esc(t.policy_ids[tr.a]) + " \\ " +
         esc(t.policy_ids[tr.b]) + "</th>";
    for (std::size_t b = 0; b < kOutcomes; ++b)
      s += "<th class=\"n\">" + std::string(outcome_name(b)) + "</th>";
    s += "</tr>\n";
    for (std::size_t a = 0; a < kOutcomes; ++a) {
      s += "<tr><th>" + std::string(outcome_name(a)) + "</th>";
      for (std::size_t b = 0; b < kOutcomes; ++b) {
        const uint64_t v = tr.counts[a][b];
        const bool dark = max > 0 && v * 2 > max;
        s += "<td class=\"n\" style=\"background:" + heat(v, max) + (dark ? ";color:#fff" : "") +
             "\">" + n(v) + "</td>";
      }
      s += "</tr>\n";
    }
    s += "</table>\n";
  }
  return s;
}

std::string changed(const Tally& t) {
  if (t.policy_ids.size() < 2) return "";
  std::string s =
      "<h2 id=\"changed\">Records whose outcome changed (" + n(t.changed_count) + ")</h2>\n";
  if (t.changed_count == 0)
    return s + "<p>Every record has the same outcome under every policy.</p>\n";
  const std::size_t shown = std::min<std::size_t>(t.changed.size(), kMaxChangedShown);
  s += "<p class=\"note\">The first " + n(shown) + " with their explanations";
  if (t.changed.size() > shown)
    s += "; all " + n(t.changed.size()) + " are listed in changed.csv and the JSON";
  s += ".</p>\n";
  for (std::size_t k = 0; k < shown; ++k) {
    const ChangedRecord& c = t.changed[k];
    s += "<div class=\"record\"><h3>" + esc(c.record_id.empty() ? "(no id)" : c.record_id) +
         " <span class=\"note\">" + esc(c.source) + ":" + n(c.line) + ", " + esc(c.date) +
         (c.facility.empty() ? "" : ", " + esc(c.facility)) +
         "</span></h3>\n<table><tr><th>policy</th><th>outcome</th><th>reason</th><th>explanation</"
         "th></tr>\n";
    for (std::size_t i = 0; i < t.policy_ids.size(); ++i) {
      s += "<tr><td>" + esc(t.policy_ids[i]) + "</td><td>" +
           esc(i < c.outcomes.size() ? c.outcomes[i] : "") + "</td><td>" +
           esc(i < c.reasons.size() ? c.reasons[i] : "") + "</td><td>";
      if (i < c.explanations.size() && !c.explanations[i].empty())
        s += "<pre>" + esc(c.explanations[i]) + "</pre>";
      s += "</td></tr>\n";
    }
    s += "</table></div>\n";
  }
  return s;
}

std::string unmapped(const Tally& t) {
  std::string s =
      "<h2 id=\"unmapped\">Rows not mapped to a case (" + n(t.unmapped_count) + ")</h2>\n";
  if (t.unmapped_count == 0) return s + "<p>Every row was mapped.</p>\n";
  std::vector<std::pair<std::string, const UnmappedGroup*>> rows;
  for (const auto& [reason, g] : t.unmapped.rows()) rows.emplace_back(reason, &g);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second->count > b.second->count; });
  s += "<table><tr><th>reason</th><th class=\"n\">rows</th><th>examples</th></tr>\n";
  for (const auto& [reason, g] : rows) {
    s += "<tr><td>" + esc(reason) + "</td><td class=\"n\">" + n(g->count) + "</td><td>";
    for (std::size_t k = 0; k < g->examples.size(); ++k) {
      s += (k ? ", " : "") + esc(g->examples[k].first) + ":" + n(g->examples[k].second);
    }
    s += "</td></tr>\n";
  }
  return s + "</table>\n";
}

std::string attributes(const Tally& t) {
  if (t.attributes.rows().empty()) return "";
  std::string s =
      "<h2 id=\"attributes\">Record attributes by month</h2>\n<p class=\"note\">Attributes the "
      "dataset's adapter reports for each record, counted by the month of the record "
      "date, independent of the policies.</p>\n";
  for (const auto& [name, values] : t.attributes.rows()) {
    // Values by number of records; the chart and the month table show the largest
    // kMaxAttributeSeries, the rest summed as "other values".
    std::vector<std::pair<uint64_t, const std::string*>> order;
    std::vector<std::string> months;
    for (const auto& [value, by_month] : values.rows()) {
      uint64_t sum = 0;
      for (const auto& [m, k] : by_month) {
        months.push_back(m);
        sum += k;
      }
      order.emplace_back(sum, &value);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    const std::vector<std::string> axis = month_axis(months);
    std::vector<Series> series;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const bool rest = k >= kMaxAttributeSeries;
      if (k <= kMaxAttributeSeries) {
        series.push_back(
            {rest ? "other values"
                  : (order[k].second->empty() ? std::string("(empty)") : *order[k].second),
             rest ? "#bbbbbb" : kValueColors[k % std::size(kValueColors)],
             std::vector<uint64_t>(axis.size(), 0)});
      }
      const auto& by_month = values.rows().at(*order[k].second);
      for (std::size_t a = 0; a < axis.size(); ++a) {
        auto it = by_month.find(axis[a]);
        if (it != by_month.end()) series.back().values[a] += it->second;
      }
    }
    s += "<h3>" + esc(name) + "</h3>\n" + stacked_bar_svg(name + " by month", axis, series);
    if (order.size() > kMaxAttributeSeries) {
      s += "<table><tr><th>value</th><th class=\"n\">records</th></tr>\n";
      for (std::size_t k = 0; k < order.size() && k < kMaxTableRows; ++k) {
        s += "<tr><td>" + esc(order[k].second->empty() ? "(empty)" : *order[k].second) +
             "</td><td class=\"n\">" + n(order[k].first) + "</td></tr>\n";
      }
      s += "</table>\n";
    }
    s += "<div class=\"wide\"><table><tr><th>month</th>";
    for (const Series& se : series) s += "<th class=\"n\">" + esc(se.name) + "</th>";
    s += "</tr>\n";
    for (std::size_t k = 0; k < axis.size(); ++k) {
      bool any = false;
      for (const Series& se : series) any = any || se.values[k] != 0;
      if (!any) continue;
      s += "<tr><td>" + esc(axis[k]) + "</td>";
      for (const Series& se : series) s += "<td class=\"n\">" + n(se.values[k]) + "</td>";
      s += "</tr>\n";
    }
    s += "</table></div>\n";
    if (values.folded())
      s += "<p class=\"note\">More than " + n(kMaxKeys) +
           " distinct values: the rest are under (other).</p>\n";
  }
  return s;
}

}  // namespace

std::string render_html(const Tally& t) {
  std::string title = "What-if report: " + t.dataset;
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                  esc(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  s += "<h1>" + esc(title) + "</h1>\n<p>" + n(t.records) + " records decided under " +
       n(t.policy_ids.size()) + (t.policy_ids.size() == 1 ? " policy" : " policies");
  for (std::size_t i = 0; i < t.policy_ids.size(); ++i)
    s += (i ? ", " : ": ") + esc(t.policy_ids[i]);
  s += ". ";
  if (t.policy_ids.size() > 1) s += n(t.changed_count) + " changed outcome between policies; ";
  s += n(t.unmapped_count) + (t.unmapped_count == 1 ? " row" : " rows") +
       " could not be mapped to a case.</p>\n";
  s += "<nav><ul><li><a href=\"#summary\">Outcomes</a></li>";
  for (std::size_t i = 0; i < t.policy_ids.size(); ++i) {
    s += "<li><a href=\"#policy-" + n(i) + "\">Policy " + esc(t.policy_ids[i]) + "</a></li>";
  }
  s += "<li><a href=\"#months\">By month</a></li>";
  if (!t.transitions.empty())
    s += "<li><a href=\"#transitions\">Transitions</a></li><li><a href=\"#changed\">Changed "
         "records</a></li>";
  s += "<li><a href=\"#unmapped\">Unmapped rows</a></li>";
  if (!t.attributes.rows().empty()) s += "<li><a href=\"#attributes\">Record attributes</a></li>";
  s += "</ul></nav>\n";
  s += summary(t);
  for (std::size_t i = 0; i < t.policies.size(); ++i) s += policy_section(t, i);
  s += transitions(t) + changed(t) + month_table(t) + unmapped(t) + attributes(t);
  s += "<p class=\"note\">Generated by writ batch. Limits: explanations stored for the first " +
       n(kMaxStoredExplanations) + " changed records; at most " + n(kMaxKeys) +
       " distinct keys per table; " + n(kMaxExamples) + " example lines per unmapped reason.</p>\n";
  return s + "</body>\n</html>\n";
}

}  // namespace writ::report
