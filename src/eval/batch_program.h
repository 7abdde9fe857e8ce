// A compiled Program lowered for the batch (columnar) evaluator: the same expressions as a tree of
// BNodes whose record and list values have static shapes (a table and a field path of the column
// store), definitions with parameters inlined at each call, and the column layout the program
// reads. Evaluated over many cases at once by batch_evaluator.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "eval/columns.h"
#include "eval/program.h"

namespace writ::eval::batch {

// The static shape of a value: its kind and, for a record, where its fields are stored.
struct Shape {
  VKind kind = VKind::kUnknown;  // kUnknown: only unknown (or none) values
  check::TypeId type = 0;
  uint32_t rec = kNone32;      // record: its record index in the schema
  uint32_t table = kNoTable;   // record: the table of its row
  std::vector<uint32_t> path;  // record: its path within that table
};

struct BNode {
  Op op = Op::kConst;
  uint8_t aux = 0;  // builtin id
  Shape shape;
  Shape elem;           // list values: the shape of an item
  bool direct = false;  // list: items are consecutive rows of elem.table (a list field of a case)
  bool heavy = false;   // it or an operand opens an item frame (quantifier, comprehension)
  uint32_t frame = 0;   // the frame it is evaluated in (0: one row per case)
  int32_t a = -1, b = -1, c = -1;
  std::vector<int32_t> kids;    // builtin arguments; comprehension sources
  uint32_t col = kNone32;       // field access: the column read (for a list: its offsets)
  uint32_t item_col = kNone32;  // direct list: the column of its items (table elem.table)
  uint32_t k = 0;               // def group, binding id, catalog list slot, field indices ...
  std::vector<uint32_t> binds;  // quantifier / comprehension / call: binding ids it sets
  uint8_t cst = 0;              // constant: state (St)
  int64_t cx = 0;               // constant: payload
  int32_t coff = 0;             // constant datetime offset
  Duration dur;                 // constant duration
  std::vector<std::pair<uint8_t, int64_t>> citems;  // constant list items (state, payload)
  uint32_t from_col = kNone32, to_col = kNone32;    // covered_days: period columns
};

struct BRule {
  uint32_t rule = 0;   // CheckedPolicy rule index (memo key, as the per-case evaluator)
  int32_t cond = -1;   // BNode (-1: always applies)
  int32_t value = -1;  // BNode
  std::vector<uint32_t> exceptions;  // BRule indices
};

struct BatchProgram {
  const Program* program = nullptr;
  Layout layout;
  std::vector<std::string> strings;  // string constants (ids 0..n-1 in every ColumnStore)
  std::vector<uint32_t> lists;       // catalog list indices `listed` asks (slot -> list)
  std::vector<BNode> nodes;
  std::vector<BRule> rules;                  // by RuleCode index
  std::vector<std::vector<uint32_t>> roots;  // per action: root BRule indices of `permitted`
  std::vector<int32_t> def_root;             // per def group: its body (depth 0), -1 if unused
  uint32_t bindings = 0;
  std::vector<uint32_t> bind_frame;     // per binding: the frame its values live in
  std::vector<uint32_t> frame_parent;   // per frame: the frame whose rows own its rows (0: none)
  std::vector<int32_t> frame_list;      // per frame: the list node whose items are its rows
  std::vector<uint32_t> frame_bind;     // per frame: the binding of its items
  uint32_t request_col = kNone32;       // state of the `request` input
  uint32_t request_kind_col = kNone32;  // request.kind
  std::string unsupported;  // non-empty: the program cannot run by column (why); use the fallback

  ColumnStore make_store() const;
};

// Lowers `p` (linked, with its catalog). Never fails: what the columnar form does not support is
// named in `unsupported`, and every case then goes to the per-case evaluator.
std::unique_ptr<BatchProgram> compile_batch(const Program& p);

}  // namespace writ::eval::batch
