#include "batch/record_source.h"

#include <filesystem>

#include <fmt/format.h>

namespace writ::batch {
namespace fs = std::filesystem;

RecordSource::~RecordSource() {
  for (auto& in : inputs_) {
    if (in.file) std::fclose(in.file);
  }
}

namespace {
int column_of(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

Result<std::unique_ptr<RecordSource>> RecordSource::open(const Adapter& a,
                                                         const std::string& input) {
  std::unique_ptr<RecordSource> s(new RecordSource());
  std::error_code ec;
  bool is_dir = fs::is_directory(input, ec);
  if (!is_dir && !fs::is_regular_file(input, ec)) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("--input: no such file or directory: {}", input));
  }
  s->jsonl_ = a.jsonl;
  std::vector<std::string> files;
  if (a.jsonl) {
    if (is_dir)
      return make_error(ErrorCode::kInvalidInput,
                        "--input: the jsonl adapter reads one file of writ-case/1 lines");
    files.push_back(input);
  } else {
    if (!is_dir && a.tables.size() > 1) {
      return make_error(ErrorCode::kInvalidInput,
                        fmt::format("--input: adapter '{}' joins {} files; give the directory "
                                    "holding them",
                                    a.name, a.tables.size()));
    }
    for (const auto& t : a.tables) {
      files.push_back(is_dir ? (fs::path(input) / t.file).string() : input);
    }
  }
  for (size_t t = 0; t < files.size(); ++t) {
    Input in;
    in.file = std::fopen(files[t].c_str(), "rb");
    if (!in.file) {
      s->inputs_.push_back(std::move(in));
      return make_error(ErrorCode::kNotFound,
                        fmt::format("cannot read {}{}", files[t],
                                    a.jsonl ? ""
                                            : fmt::format(" (table '{}' of adapter '{}')",
                                                          a.tables[t].name, a.name)));
    }
    s->total_bytes_ += fs::file_size(files[t], ec);
    in.reader = std::make_unique<CsvReader>(in.file, a.jsonl ? '\n' : a.tables[t].delimiter);
    if (a.jsonl) in.reader->set_line_mode();
    s->names_.push_back(files[t]);
    s->inputs_.push_back(std::move(in));
    std::vector<std::string> header;
    if (a.jsonl) {
      header.push_back("json");
    } else {
      CsvRow h;
      if (!s->inputs_.back().reader->next(h) || !h.error.empty()) {
        return make_error(
            ErrorCode::kInvalidInput,
            fmt::format("{}:1: no header line{}", files[t], h.error.empty() ? "" : ": " + h.error));
      }
      for (size_t i = 0; i < h.size(); ++i) header.emplace_back(h.field(i));
    }
    s->inputs_.back().columns = header.size();
    s->headers_.push_back(std::move(header));
  }
  // Keys.
  auto need = [&](size_t t, const std::string& col, const char* what) -> Result<int> {
    int c = column_of(s->headers_[t], col);
    if (c < 0) {
      return make_error(
          ErrorCode::kInvalidInput,
          fmt::format("{}: adapter '{}' {} column '{}', which {} does not have "
                      "(columns: {})",
                      a.path, a.name, what, col, files[t], fmt::join(s->headers_[t], ", ")));
    }
    return c;
  };
  if (!a.jsonl) {
    if (!a.group_by.empty()) {
      auto c = need(0, a.group_by, "groups rows by");
      if (!c) return c.error();
      s->inputs_[0].key_col = *c;
    }
    for (size_t t = 1; t < a.tables.size(); ++t) {
      auto c = need(t, a.tables[t].join.key, "joins on");
      if (!c) return c.error();
      auto p = need(0, a.tables[t].join.parent_key, "joins on");
      if (!p) return p.error();
      s->inputs_[t].key_col = *c;
      s->inputs_[t].parent_key_col = *p;
    }
  }
  for (size_t t = 0; t < s->inputs_.size(); ++t) s->advance(t);
  return s;
}

bool RecordSource::advance(size_t t) {
  Input& in = inputs_[t];
  in.has_pending = in.reader->next(in.pending);
  return in.has_pending;
}

uint64_t RecordSource::bytes_read() const {
  uint64_t n = 0;
  for (const auto& in : inputs_) n += in.reader->bytes_read();
  return n;
}

std::string RecordSource::row_problem(size_t t, const CsvRow& row) const {
  if (!row.error.empty()) return row.error;
  if (!jsonl_ && row.size() != inputs_[t].columns) {
    return fmt::format("the row has {} fields; the header has {}", row.size(), inputs_[t].columns);
  }
  return {};
}

bool RecordSource::next(RawRecord& rec, std::vector<Unmapped>& unmapped) {
  rec.clear();
  Input& root = inputs_[0];
  if (!root.has_pending) {
    // Joined rows left over have no record.
    for (size_t t = 1; t < inputs_.size(); ++t) {
      while (inputs_[t].has_pending) {
        unmapped.push_back(
            {names_[t], inputs_[t].pending.line, "joined row whose key matches no record"});
        advance(t);
      }
    }
    return false;
  }
  rec.source = 0;
  rec.line = root.pending.line;
  rec.add_row(0).swap(root.pending);
  advance(0);
  const CsvRow& first = rec.rows[0];
  std::string problem = row_problem(0, first);
  if (!problem.empty()) {
    rec.error = problem;
    rec.error_line = first.line;
    return true;  // a malformed row is its own record (it cannot be grouped or joined)
  }
  if (root.key_col >= 0) {
    std::string key(first.field(static_cast<size_t>(root.key_col)));
    while (root.has_pending && row_problem(0, root.pending).empty() &&
           root.pending.field(static_cast<size_t>(root.key_col)) == key) {
      rec.add_row(0).swap(root.pending);
      advance(0);
    }
  }
  // Joined tables: a merge join on the key, both sides in ascending byte order.
  for (size_t t = 1; t < inputs_.size(); ++t) {
    Input& in = inputs_[t];
    std::string key(rec.rows[0].field(static_cast<size_t>(in.parent_key_col)));
    if (t == 1) {
      if (has_last_key_ && key < last_key_ && rec.error.empty()) {
        rec.error = fmt::format(
            "the record's key '{}' comes after '{}' in the file, but sorts before it; joins need "
            "both files sorted by the key",
            key, last_key_);
        rec.error_line = rec.line;
      }
      if (!has_last_key_ || key > last_key_) last_key_ = key;
      has_last_key_ = true;
    }
    while (in.has_pending) {
      std::string p = row_problem(t, in.pending);
      if (!p.empty()) {
        unmapped.push_back({names_[t], in.pending.line, p});
        advance(t);
        continue;
      }
      std::string_view ck = in.pending.field(static_cast<size_t>(in.key_col));
      if (ck < key) {
        unmapped.push_back({names_[t], in.pending.line, "joined row whose key matches no record"});
        advance(t);
      } else if (ck == key) {
        rec.add_row(static_cast<uint32_t>(t)).swap(in.pending);
        advance(t);
      } else {
        break;
      }
    }
  }
  return true;
}

}  // namespace writ::batch
