// One record as read from a dataset, before mapping: its row(s) of the record table and the rows
// of joined tables, each with the file and line it came from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "batch/csv_reader.h"
#include "report/what_if.h"

namespace writ::batch {

// A row, a record or a line that could not be turned into a case, and why (file, 1-based line,
// reason): the report's type.
using Unmapped = report::Unmapped;

struct RawRecord {
  uint32_t source = 0;  // index into RecordSource::sources() of the record table
  uint64_t line = 0;    // line of its first row
  uint64_t byte_offset = 0;
  size_t nrows = 0;             // rows[0..nrows) are in use (rows are reused between records)
  std::vector<CsvRow> rows;     // the record table's row(s) first, then joined rows
  std::vector<uint32_t> table;  // table index of each row
  // Set by the reader when the record cannot be used (e.g. out of key order).
  std::string error;
  uint32_t error_source = 0;
  uint64_t error_line = 0;

  CsvRow& add_row(uint32_t t) {
    if (nrows == rows.size()) rows.emplace_back();
    if (table.size() < rows.size()) table.resize(rows.size());
    table[nrows] = t;
    return rows[nrows++];
  }
  void clear() {
    nrows = 0;
    error.clear();
  }
};

}  // namespace writ::batch
