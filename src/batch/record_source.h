// Reads the records of a dataset as an adapter describes them, streaming: the record table row by
// row (consecutive rows with the same `group_by` value form one record), and each joined table
// merged in alongside — a streaming merge join, so both files must be sorted by the join key
// (byte order). Joined rows whose key has no record are reported as unmapped, as are records
// whose key is out of order. For the built-in `jsonl` adapter every non-blank line is a record.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "batch/adapter.h"
#include "batch/csv_reader.h"
#include "batch/raw_record.h"
#include "writ/result.h"

namespace writ::batch {

class RecordSource {
 public:
  ~RecordSource();
  // `input` is a directory holding the adapter's files, or for a one-table adapter (and jsonl)
  // the file itself.
  static Result<std::unique_ptr<RecordSource>> open(const Adapter& adapter,
                                                    const std::string& input);

  // Column names of each table (the jsonl adapter has one column, "json").
  const std::vector<std::vector<std::string>>& headers() const { return headers_; }
  // Display name of each table's file (per table index).
  const std::vector<std::string>& sources() const { return names_; }

  // The next record into `rec` (its storage is reused); rows that belong to no record go to
  // `unmapped`. False at the end.
  bool next(RawRecord& rec, std::vector<Unmapped>& unmapped);

  uint64_t bytes_read() const;
  uint64_t bytes_total() const { return total_bytes_; }

 private:
  RecordSource() = default;
  struct Input {
    std::FILE* file = nullptr;
    std::unique_ptr<CsvReader> reader;
    CsvRow pending;
    bool has_pending = false;
    int key_col = -1;         // join key (child) or group key (record table)
    int parent_key_col = -1;  // for joined tables: the record table's column
    size_t columns = 0;
  };
  bool advance(size_t t);  // reads the next row of table t into pending
  std::string row_problem(size_t t, const CsvRow& row) const;

  bool jsonl_ = false;
  std::vector<Input> inputs_;
  std::vector<std::vector<std::string>> headers_;
  std::vector<std::string> names_;
  uint64_t total_bytes_ = 0;
  std::string last_key_;
  bool has_last_key_ = false;
};

}  // namespace writ::batch
