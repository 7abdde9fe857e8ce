// Adapters: data files (adapters/<name>.adapter.md or .adapter.json) that say how the rows of a
// dataset become writ-case/1 cases — its files and delimiters, joins, the column -> case-field
// mapping, code tables, date formats, constants and report attributes. The complete format is in
// docs/batch.md. Loading checks everything that does not depend on a policy; errors name the
// adapter file and line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "writ/result.h"

namespace writ::batch {

// Where a value comes from: a column (optionally through a code table) or a constant.
struct ValueSpec {
  std::string column;                // empty: a constant
  nlohmann::json constant;           // when column is empty
  std::string codes;                 // code table name; empty: the column's text as is
  std::vector<std::string> formats;  // date formats for this value (else the adapter's)
  int line = 0;                      // line in the adapter file, for messages
};

// A condition on a row: the value (a column, optionally through codes) is / is not in a set.
struct Condition {
  ValueSpec value;
  std::vector<std::string> in;  // matches when the value is one of these
  bool negate = false;          // "not_in"
};

struct CodeTable {
  std::string name;
  std::map<std::string, nlohmann::json, std::less<>> map;  // code -> value (null = unknown)
  bool has_default = false;
  nlohmann::json default_value;  // for codes not in the map, when has_default
  bool ignore_case = false;
  int line = 0;
};

struct Join {
  std::string parent;      // parent table
  std::string parent_key;  // column of the parent
  std::string key;         // column of this table
};

struct Table {
  std::string name;
  std::string file;  // relative to the input directory
  char delimiter = ',';
  bool has_join = false;
  Join join;
  int line = 0;
};

struct FieldMapping {
  std::string path;  // writ-case/1 path, e.g. custody.arrest_date
  ValueSpec value;
};

// One list of records built from rows: e.g. custody.charges from the rows of table "charges".
struct ListMapping {
  std::string path;  // e.g. custody.charges
  std::string rows;  // table whose rows become items (the record's own table: its row(s))
  std::vector<Condition> when;
  std::vector<FieldMapping> fields;  // relative to the item, e.g. level
  int line = 0;
};

struct Attribute {
  std::string name;
  std::string rows;  // empty: the record's own row(s)
  std::vector<Condition> when;
  std::optional<ValueSpec> value;  // absent: "true"/"false" (does any row match)
  int line = 0;
};

struct Adapter {
  std::string name;
  std::string path;  // the adapter file
  std::string description;
  std::string dataset;
  bool jsonl = false;         // the built-in "jsonl" adapter: one writ-case/1 per line
  std::vector<Table> tables;  // [0] is the record table
  std::string group_by;       // record table: consecutive rows with equal values are one record
  std::vector<std::string> null_values = {""};
  std::vector<std::string> date_formats = {"%Y-%m-%d"};
  std::string timezone;  // for date-time fields built from local times
  std::optional<ValueSpec> record_id, record_date, record_facility;
  std::vector<FieldMapping> fields;
  std::vector<ListMapping> lists;
  std::map<std::string, CodeTable, std::less<>> codes;
  std::vector<Attribute> attributes;

  int table_index(std::string_view name) const;
};

// Loads adapters/<name>.adapter.md (or .json) under `home`, or the file `name` when it is a path.
Result<Adapter> load_adapter(const std::string& home, const std::string& name);
// Parses an adapter from text (`origin` names it in messages; `markdown` selects the literate
// form, whose one ```json block is the adapter).
Result<Adapter> parse_adapter(std::string_view text, const std::string& origin, bool markdown);

}  // namespace writ::batch
