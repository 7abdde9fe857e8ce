// The what-if report as JSON (format "writ-what-if/1"); see docs/batch.md, "Reports".
#pragma once

#include <string>

#include "report/tally.h"

namespace writ::report {

inline constexpr const char* kReportFormat = "writ-what-if/1";

// Always valid JSON: invalid UTF-8 in record data is replaced by U+FFFD.
std::string render_json(const Tally& t);

}  // namespace writ::report
