// Cases stored by column for the batch evaluator: only the fields a compiled program reads, one
// typed column per field path, lists flattened into child tables with offsets.
//
// A Layout (built by compile_batch, see batch_program.h) names the tables and columns. Table 0 has
// one row per case; a list field is a column of its parent table whose items are the rows of a
// child table. A column holds, per row, a state (unknown / known / none) and one 64-bit payload:
// bool 0/1, int, date (days), datetime (UTC seconds; the UTC offset in a side column), enum member,
// interned string id, interned citation id. Records are not stored: a record-valued column holds
// only its state, and its fields are columns of the same table with a longer path.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "check/types.h"
#include "eval/case_data.h"

namespace writ::catalog {
class Catalog;
}

namespace writ::eval::batch {

// Per-row state of a column value.
enum St : uint8_t { kUnknown = 0, kKnown = 1, kNoneSt = 2 };

constexpr uint32_t kNoTable = UINT32_MAX;

// The value kind of a declared type (kUnknown for `any` and errors).
VKind kind_of(const check::Schema& schema, check::TypeId t);

struct ColumnSpec {
  uint32_t table = 0;          // the table whose rows it describes
  std::vector<uint32_t> path;  // field indices from the table's row value ([] = the row value)
  check::TypeId type = 0;      // the declared type
  VKind kind = VKind::kUnknown;
  uint32_t child = kNoTable;  // for a list column: the table of its items
};

struct TableSpec {
  uint32_t parent = kNoTable;  // the parent table (kNoTable for the case table)
  uint32_t list_col = 0;       // the list column of the parent whose items are this table's rows
  check::TypeId elem = 0;      // the item type
  std::vector<uint32_t> cols;  // the columns of this table
};

struct Layout {
  std::vector<TableSpec> tables;  // tables[0]: one row per case
  std::vector<ColumnSpec> cols;
  // The column for (table, path), added when missing (a list column also adds its child table and
  // the child's item column).
  uint32_t column(const check::Schema& schema, uint32_t table, const std::vector<uint32_t>& path,
                  check::TypeId type);
  // The column for (table, path), or UINT32_MAX.
  uint32_t find(uint32_t table, const std::vector<uint32_t>& path) const;
};

struct Column {
  std::vector<uint8_t> st;
  std::vector<int64_t> x;
  std::vector<int32_t> off;  // datetime columns: the UTC offset each value was written with
  std::vector<uint32_t>
      begin;  // list columns: items of row r are child rows [begin[r], begin[r+1])
};

// The program's inputs for many cases. Not thread-safe while cases are added; read-only after.
class ColumnStore {
 public:
  // `strings`: the program's string constants, interned first (ids 0..n-1) so that compiled
  // constants and case strings share ids. `lists`: the catalog lists the program asks `listed` of.
  ColumnStore(const check::Schema& schema, const Layout& layout,
              const std::vector<std::string>& strings, std::vector<uint32_t> lists,
              const catalog::Catalog* catalog);

  // Appends a case (one row of table 0). A case whose values do not fit the layout (a value of an
  // unexpected kind) is still added, marked for the per-case evaluator (needs_fallback).
  void add(const CaseData& c);
  void clear();
  // Appends the rows it holds `times - 1` more times (benchmarks: many rows from fewer cases).
  void repeat(size_t times);
  // The id of an interned string, or -1 when no case or constant has it.
  int64_t string_id(const std::string& s) const;
  // Bytes held by the columns.
  size_t bytes() const;

  size_t cases() const { return fallback_.size(); }
  size_t rows(uint32_t table) const { return rows_[table]; }
  bool needs_fallback(size_t row) const { return fallback_[row] != 0; }
  const Column& col(uint32_t c) const { return cols_[c]; }
  const Layout& layout() const { return layout_; }
  // Catalog answer (catalog::Listed as 0/1/2) of list slot `list` (index into `lists`) for an
  // interned citation; 2 for a citation that could not be parsed. Computed once per citation.
  uint8_t listed(uint32_t list, int64_t citation) const { return listed_[list][citation]; }
  const uint8_t* listed_table(uint32_t list) const { return listed_[list].data(); }
  const std::vector<uint32_t>& lists() const { return lists_; }
  // The interned citation `id` (for same_value semantics: equal ids are equal citations).
  const CitationValue& citation(int64_t id) const { return citations_[static_cast<size_t>(id)]; }

 private:
  void fill(uint32_t table, const Value& row_value);
  bool put(uint32_t c, const Value& v);  // false: the value does not fit the column
  uint32_t intern_string(const std::string& s);
  uint32_t intern_citation(const CitationValue& c);

  const check::Schema& schema_;
  const Layout& layout_;
  std::vector<Column> cols_;
  std::vector<size_t> rows_;
  std::vector<uint8_t> fallback_;
  bool bad_ = false;  // the case being added does not fit
  std::unordered_map<std::string, uint32_t> strings_;
  std::unordered_map<std::string, uint32_t> citation_ids_;
  std::deque<CitationValue> citations_;
  std::vector<uint32_t> lists_;
  std::vector<std::vector<uint8_t>> listed_;
  const catalog::Catalog* catalog_;
};

}  // namespace writ::eval::batch
