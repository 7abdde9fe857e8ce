#include "statutory/render.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/escape.h"
#include "report/svg_chart.h"

namespace writ::statutory {
namespace {

using nlohmann::json;
using report::csv_field;
using report::html_escape;

std::string count_text(const std::optional<int64_t>& c) {
  return c ? fmt::format("{}", *c) : std::string("not recorded");
}

// A bar chart of the items that have a count (one bar each).
std::string items_chart(const AnnualReport& r) {
  std::vector<std::string> categories;
  report::Series s{"count", "#2f5d8a", {}};
  for (const auto& it : r.items) {
    if (!it.count) continue;
    categories.push_back(fmt::format("item {}", it.number));
    s.values.push_back(static_cast<uint64_t>(*it.count));
  }
  return report::stacked_bar_svg("Items of the report", categories, {s});
}

// A chart of an item's breakdown when it has any non-zero entry.
std::string breakdown_chart(const Item& it) {
  std::vector<std::string> categories;
  report::Series s{"count", "#8a5d2f", {}};
  for (const auto& b : it.breakdown) {
    if (b.count == 0) continue;
    categories.push_back(b.key);
    s.values.push_back(static_cast<uint64_t>(b.count));
  }
  if (categories.empty()) return {};
  return report::stacked_bar_svg(fmt::format("Item {} by category", it.number), categories, {s});
}

}  // namespace

std::string to_json(const AnnualReport& r, int indent) {
  json items = json::array();
  for (const auto& it : r.items) {
    json breakdown = json::array();
    for (const auto& b : it.breakdown) {
      breakdown.push_back({{"key", b.key}, {"label", b.label}, {"count", b.count}});
    }
    items.push_back({{"number", it.number},
                     {"cite", it.cite},
                     {"text", it.text},
                     {"count", it.count ? json(*it.count) : json()},
                     {"note", it.note},
                     {"breakdown", std::move(breakdown)}});
  }
  json out = {{"report", r.id},
              {"title", r.title},
              {"cite", r.cite},
              {"policy", r.policy},
              {"period", {{"from", r.period.from}, {"to", r.period.to}, {"label", r.period.label}}},
              {"decisions", r.decisions},
              {"pending_review", r.pending_review},
              {"undetermined", r.undetermined},
              {"items", std::move(items)}};
  return out.dump(indent) + "\n";
}

std::string to_csv(const AnnualReport& r) {
  std::string out = "item,cite,key,label,count\n";
  for (const auto& it : r.items) {
    out += fmt::format("{},{},total,{},{}\n", it.number, csv_field(it.cite), csv_field(it.text),
                       it.count ? fmt::format("{}", *it.count) : std::string());
    for (const auto& b : it.breakdown) {
      out += fmt::format("{},{},{},{},{}\n", it.number, csv_field(it.cite), csv_field(b.key),
                         csv_field(b.label), b.count);
    }
  }
  return out;
}

std::string to_html(const AnnualReport& r) {
  std::string out = fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>{0} — {1}</title>\n<style>\n"
      "body{{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1a1a1a}}"
      "h1{{font-size:1.5rem}} table{{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}}"
      "th,td{{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}}"
      "td.n{{text-align:right;font-variant-numeric:tabular-nums}} "
      ".note{{color:#555;font-size:.9em}}"
      "details{{margin:.3rem 0}} @media print{{details{{display:block}} svg{{max-width:100%}}}}\n"
      "</style></head><body>\n<h1>{0}</h1>\n<p>{1}. Reporting period: {2}. Computed by Writ from "
      "the decision log (policy <code>{3}</code>).</p>\n"
      "<p>{4} decisions in the period; {5} still pending review; {6} with the conviction "
      "classification undetermined.</p>\n",
      html_escape(r.title), html_escape(r.cite), html_escape(r.period.label), html_escape(r.policy),
      r.decisions, r.pending_review, r.undetermined);
  out += items_chart(r);
  out +=
      "<table><thead><tr><th>Item</th><th>What the law "
      "asks</th><th>Count</th></tr></thead><tbody>\n";
  for (const auto& it : r.items) {
    out += fmt::format(
        "<tr><td>{}<br><span class=\"note\">{}</span></td><td>{}<br><span class=\"note\">{}"
        "</span></td><td class=\"n\">{}</td></tr>\n",
        html_escape(it.number), html_escape(it.cite), html_escape(it.text), html_escape(it.note),
        html_escape(count_text(it.count)));
  }
  out += "</tbody></table>\n";
  for (const auto& it : r.items) {
    if (it.breakdown.empty()) continue;
    out += fmt::format("<h2>Item {} — breakdown</h2>\n", html_escape(it.number));
    out += breakdown_chart(it);
    out += "<table><thead><tr><th>Category</th><th>Count</th></tr></thead><tbody>\n";
    for (const auto& b : it.breakdown) {
      out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>\n", html_escape(b.label),
                         b.count);
    }
    out += "</tbody></table>\n";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace writ::statutory
