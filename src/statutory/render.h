// The annual reports as JSON, CSV and a printable HTML page with charts.
#pragma once

#include <string>

#include "statutory/annual_report.h"

namespace writ::statutory {

// {"report", "title", "cite", "policy", "period": {from, to, label}, "decisions",
//  "pending_review", "undetermined", "items": [{number, cite, text, count|null, note,
//  breakdown: [{key, label, count}]}]}
std::string to_json(const AnnualReport& r, int indent = 2);
// `item,cite,key,label,count` — one row per item (key "total", empty count when not recorded)
// and one per breakdown entry.
std::string to_csv(const AnnualReport& r);
// One self-contained page (inline CSS and SVG; no scripts).
std::string to_html(const AnnualReport& r);

}  // namespace writ::statutory
