// A streaming CSV reader for batch inputs: reads a file in large blocks and yields one record at a
// time, so memory stays bounded by the longest record, whatever the file's size.
//   - any one-byte delimiter (',', '|', '\t', ';');
//   - records end at LF or CRLF; a field may be quoted with '"'; inside quotes, '""' is a quote
//     and delimiters and line breaks are data (a record can span lines);
//   - a quote inside an unquoted field is kept as data (real exports have them);
//   - text after a closing quote, or a quote still open at the end of the file, makes that record
//     malformed: it is returned with `error` set (never thrown), and reading resumes on the next
//     line;
//   - a UTF-8 byte order mark at the start is skipped; blank lines are skipped.
// (src/catalog/csv.cc parses a whole text with ',' only and fails on the first error; a batch run
// must stream and must count bad rows rather than stop, hence this reader.)
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace writ::batch {

// One record: its fields in one buffer, one separator byte between two fields (so an unquoted
// line is its own buffer, copied as it is).
struct CsvRow {
  uint64_t line = 0;  // 1-based line where the record starts
  std::string error;  // non-empty: the record is malformed (fields are what could be read)
  std::string buf;
  std::vector<uint32_t> ends;  // end offset of each field in buf

  size_t size() const { return ends.size(); }
  std::string_view field(size_t i) const {
    uint32_t b = i == 0 ? 0 : ends[i - 1] + 1;
    return std::string_view(buf).substr(b, ends[i] - b);
  }
  void clear() {
    error.clear();
    buf.clear();
    ends.clear();
  }
  void swap(CsvRow& o) noexcept {
    std::swap(line, o.line);
    error.swap(o.error);
    buf.swap(o.buf);
    ends.swap(o.ends);
  }
};

class CsvReader {
 public:
  // Reads from `file` (not owned; the caller closes it). `origin` names it in messages.
  CsvReader(std::FILE* file, char delimiter);
  // Reads from a string (tests, and JSON-less inputs held in memory).
  CsvReader(std::string_view text, char delimiter);
  // Line mode (JSON Lines): every non-blank line is a record of one field; no quoting.
  void set_line_mode() { lines_ = true; }

  // The next record; false at the end of the input.
  bool next(CsvRow& row);
  // Bytes consumed so far (for progress).
  uint64_t bytes_read() const { return consumed_; }
  // Limit on one record's size; a longer record is malformed (and skipped to the next line).
  static constexpr size_t kMaxRecordBytes = 16u << 20;

 private:
  bool fill();  // more input into buf_; false at end
  int peek() {
    if (pos_ == end_ && !fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  void skip_to_line_end();
  void init_stops();
  // A whole line without quotes or bare carriage returns, in the buffer: read at once.
  bool plain_line(CsvRow& row);

  std::FILE* file_ = nullptr;
  char delim_;
  std::array<bool, 256> stop_{};  // bytes that end an unquoted field
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  bool started_ = false;
  bool lines_ = false;
  uint64_t line_ = 1;
  uint64_t consumed_ = 0;
};

}  // namespace writ::batch
