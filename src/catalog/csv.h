// A small RFC 4180 CSV reader for the catalog data files.
//   - fields separated by ',', records by LF or CRLF;
//   - a field may be quoted with '"'; inside quotes, '""' is a quote and ',' / line breaks are
//     data; a quote inside an unquoted field, or text after a closing quote, is an error;
//   - extension: a line starting with '#' outside quotes is a comment; blank lines are skipped;
//     a UTF-8 byte order mark at the start is ignored.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "writ/result.h"

namespace writ::catalog {

struct CsvRecord {
  std::size_t line = 0;             // 1-based line where the record starts
  std::vector<std::string> fields;  // unquoted field values, as written (no trimming)
};

// Parses `text`; errors are kInvalidPolicy with messages "origin:line: message".
Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view origin);

}  // namespace writ::catalog
