// Escaping of record data for the report formats: HTML text and attributes, CSV fields.
#pragma once

#include <string>
#include <string_view>

namespace writ::report {

// Text safe in HTML element content and in double-quoted attribute values: & < > " ' escaped;
// control characters other than tab and line breaks dropped; invalid UTF-8 bytes replaced by
// U+FFFD.
std::string html_escape(std::string_view text);

// One RFC 4180 CSV field: quoted (with '"' doubled) when it contains a comma, a quote, a line
// break or leading/trailing spaces; otherwise as is.
std::string csv_field(std::string_view text);

// `text` with invalid UTF-8 sequences replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace writ::report
