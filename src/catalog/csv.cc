#include "catalog/csv.h"

#include <string>
#include <utility>

namespace writ::catalog {
namespace {

constexpr std::size_t max_csv_bytes = std::size_t{16} << 20;
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

Error csv_error(std::string_view origin, std::size_t line, std::string_view message) {
  std::string m(origin);
  m += ':';
  m += std::to_string(line);
  m += ": ";
  m.append(message);
  return make_error(ErrorCode::kInvalidPolicy, std::move(m));
}

bool blank_line(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  return pos == text.size() || text[pos] == '\n' ||
         (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n');
}

}  // namespace

Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view origin) {
  if (text.size() > max_csv_bytes) {
    return make_error(ErrorCode::kLimit, std::string(origin) + ": file is larger than " +
                                             std::to_string(max_csv_bytes) + " bytes");
  }
  if (text.starts_with(utf8_bom)) text.remove_prefix(utf8_bom.size());

  std::vector<CsvRecord> records;
  std::size_t pos = 0;
  std::size_t line = 1;
  const std::size_t n = text.size();
  auto skip_line = [&] {
    while (pos < n && text[pos] != '\n') ++pos;
    if (pos < n) {
      ++pos;
      ++line;
    }
  };

  while (pos < n) {
    // At the start of a record: comments and blank lines.
    if (text[pos] == '#' || blank_line(text, pos)) {
      skip_line();
      continue;
    }
    CsvRecord record;
    record.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      if (pos < n && text[pos] == '"') {
        const std::size_t open_line = line;
        ++pos;
        bool closed = false;
        while (pos < n) {
          const char c = text[pos];
          if (c == '"') {
            if (pos + 1 < n && text[pos + 1] == '"') {
              field += '"';
              pos += 2;
              continue;
            }
            ++pos;
            closed = true;
            break;
          }
          if (c == '\0') return csv_error(origin, line, "NUL byte in field");
          if (c == '\n') ++line;
          field += c;
          ++pos;
        }
        if (!closed) return csv_error(origin, open_line, "quoted field is not closed");
        if (pos < n && text[pos] != ',' && text[pos] != '\n' &&
            !(text[pos] == '\r' && pos + 1 < n && text[pos + 1] == '\n')) {
          return csv_error(origin, line, "unexpected text after the closing quote of a field");
        }
      } else {
        while (pos < n && text[pos] != ',' && text[pos] != '\n') {
          const char c = text[pos];
          if (c == '"') {
            return csv_error(origin, line,
                             "quote inside an unquoted field (quote the whole field and "
                             "double the quote)");
          }
          if (c == '\r') {
            if (pos + 1 < n && text[pos + 1] == '\n') break;
            return csv_error(origin, line, "carriage return not followed by a line feed");
          }
          if (c == '\0') return csv_error(origin, line, "NUL byte in field");
          field += c;
          ++pos;
        }
      }
      record.fields.push_back(std::move(field));
      if (pos >= n) {
        end_of_record = true;
      } else if (text[pos] == ',') {
        ++pos;
      } else {  // "\n" or "\r\n"
        if (text[pos] == '\r') ++pos;
        ++pos;
        ++line;
        end_of_record = true;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace writ::catalog
