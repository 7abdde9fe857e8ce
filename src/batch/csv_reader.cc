#include "batch/csv_reader.h"

#include <cstring>

namespace writ::batch {

namespace {
constexpr size_t kBlock = 1u << 20;
}

CsvReader::CsvReader(std::FILE* file, char delimiter) : file_(file), delim_(delimiter) {
  buf_.resize(kBlock);
  init_stops();
}

void CsvReader::init_stops() {
  stop_.fill(false);
  stop_[static_cast<unsigned char>(delim_)] = stop_['\n'] = stop_['\r'] = true;
}

bool CsvReader::plain_line(CsvRow& row) {
  const char* b = buf_.data() + pos_;
  const char* nl = static_cast<const char*>(std::memchr(b, '\n', end_ - pos_));
  if (!nl) return false;
  const char* e = nl > b && nl[-1] == '\r' ? nl - 1 : nl;
  const size_t len = static_cast<size_t>(e - b);
  if (std::memchr(b, '"', len) || std::memchr(b, '\r', len)) return false;
  for (const char* p = b;;) {
    const char* d = static_cast<const char*>(std::memchr(p, delim_, static_cast<size_t>(e - p)));
    if (!d) break;
    row.ends.push_back(static_cast<uint32_t>(d - b));
    p = d + 1;
  }
  row.ends.push_back(static_cast<uint32_t>(len));
  row.buf.assign(b, static_cast<size_t>(e - b));
  size_t n = static_cast<size_t>(nl - b) + 1;
  pos_ += n;
  consumed_ += n;
  ++line_;
  return true;
}

CsvReader::CsvReader(std::string_view text, char delimiter) : delim_(delimiter) {
  init_stops();
  buf_.assign(text.begin(), text.end());
  end_ = buf_.size();
  eof_ = true;
}

bool CsvReader::fill() {
  if (eof_ || !file_) return false;
  size_t n = std::fread(buf_.data(), 1, buf_.size(), file_);
  pos_ = 0;
  end_ = n;
  if (n == 0) {
    eof_ = true;
    return false;
  }
  return true;
}

void CsvReader::skip_to_line_end() {
  for (int c = peek(); c >= 0; c = peek()) {
    ++pos_;
    ++consumed_;
    if (c == '\n') {
      ++line_;
      return;
    }
  }
}

bool CsvReader::next(CsvRow& row) {
  row.clear();
  auto fail = [&](const char* what) {
    if (row.error.empty()) row.error = what;
  };
  if (!started_) {
    started_ = true;
    // A UTF-8 byte order mark.
    if (peek() == 0xEF && end_ - pos_ >= 3 && std::memcmp(&buf_[pos_], "\xEF\xBB\xBF", 3) == 0) {
      pos_ += 3;
      consumed_ += 3;
    }
  }
  // Blank lines.
  for (;;) {
    int c = peek();
    if (c < 0) return false;
    if (c == '\n') {
      ++pos_, ++consumed_, ++line_;
    } else if (c == '\r') {
      ++pos_, ++consumed_;
    } else {
      break;
    }
  }
  row.line = line_;
  if (!lines_ && plain_line(row)) return true;
  if (lines_) {
    for (;;) {
      if (pos_ == end_ && !fill()) break;
      const char* b = &buf_[pos_];
      const char* e = &buf_[0] + end_;
      const char* nl = static_cast<const char*>(std::memchr(b, '\n', static_cast<size_t>(e - b)));
      const char* stop = nl ? nl : e;
      row.buf.append(b, stop);
      consumed_ += static_cast<uint64_t>(stop - b);
      pos_ += static_cast<size_t>(stop - b);
      if (nl) {
        ++pos_, ++consumed_, ++line_;
        break;
      }
    }
    if (!row.buf.empty() && row.buf.back() == '\r') row.buf.pop_back();
    if (row.buf.size() > kMaxRecordBytes) {
      row.buf.clear();
      fail("the record is longer than 16 MiB");
    }
    row.ends.push_back(static_cast<uint32_t>(row.buf.size()));
    return true;
  }
  for (;;) {  // one field per iteration
    int c = peek();
    if (c == '"') {
      ++pos_, ++consumed_;
      for (;;) {
        if (pos_ == end_ && !fill()) {
          fail("a quoted field is not closed before the end of the file");
          row.ends.push_back(static_cast<uint32_t>(row.buf.size()));
          return true;
        }
        // Copy a run of ordinary bytes at once.
        const char* b = &buf_[pos_];
        const char* e = &buf_[0] + end_;
        const char* q = static_cast<const char*>(std::memchr(b, '"', static_cast<size_t>(e - b)));
        const char* stop = q ? q : e;
        for (const char* p = b; p < stop; ++p) line_ += *p == '\n';
        row.buf.append(b, stop);
        consumed_ += static_cast<uint64_t>(stop - b);
        pos_ += static_cast<size_t>(stop - b);
        if (!q) continue;
        ++pos_, ++consumed_;  // the quote
        if (peek() == '"') {
          row.buf.push_back('"');
          ++pos_, ++consumed_;
          continue;
        }
        break;
      }
      c = peek();
      if (c >= 0 && c != delim_ && c != '\n' && c != '\r') {
        fail("text after the closing quote of a field");
        row.ends.push_back(static_cast<uint32_t>(row.buf.size()));
        skip_to_line_end();
        return true;
      }
    } else {
      // Unquoted: up to the delimiter or the end of the line.
      for (;;) {
        if (pos_ == end_ && !fill()) break;
        const char* b = &buf_[pos_];
        const char* e = &buf_[0] + end_;
        const char* p = b;
        while (p < e && !stop_[static_cast<unsigned char>(*p)]) ++p;
        row.buf.append(b, p);
        consumed_ += static_cast<uint64_t>(p - b);
        pos_ += static_cast<size_t>(p - b);
        if (p < e) break;
      }
    }
    row.ends.push_back(static_cast<uint32_t>(row.buf.size()));
    if (row.buf.size() > kMaxRecordBytes) {
      fail("the record is longer than 16 MiB");
      skip_to_line_end();
      return true;
    }
    c = peek();
    if (c == delim_) {
      ++pos_, ++consumed_;
      row.buf.push_back(delim_);
      continue;
    }
    if (c == '\r') {
      ++pos_, ++consumed_;
      c = peek();
    }
    if (c == '\n') {
      ++pos_, ++consumed_, ++line_;
    }
    return true;
  }
}

}  // namespace writ::batch
