// The what-if report as one self-contained HTML file: inline CSS and inline SVG charts, no
// scripts and no external resources; every piece of record data is escaped.
#pragma once

#include <string>

#include "report/tally.h"

namespace writ::report {

std::string render_html(const Tally& t);

}  // namespace writ::report
