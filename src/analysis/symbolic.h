// Symbolic values: what a policy computes, as Z3 terms over the facts of a case.
//
// A value is three-layered like the evaluator's: `known` (false = unknown), then `none` (no
// value), then the payload `v` (a Bool for booleans; an Int for ints, dates in days, date-times in
// UTC seconds, enum members, string ids and citation classes). Records and lists of a case have a
// fixed shape (lists up to a bound), so they are kept as C++ structures of symbolic values.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <z3++.h>

#include "analysis/civil_terms.h"
#include "eval/value.h"

namespace writ::analysis {

enum class SK : uint8_t {
  kAny,  // the `unknown` and `none` literals: no payload
  kBool,
  kInt,
  kDate,
  kDateTime,
  kDuration,
  kString,
  kEnum,
  kCitation,
  kRecord,
  kList,
};

struct SRecord;
struct SList;

struct SVal {
  SK kind = SK::kAny;
  z3::expr known;
  z3::expr none;
  z3::expr v;    // payload (Bool or Int)
  z3::expr off;  // date-times: the UTC offset in seconds
  eval::Duration dur{};
  std::shared_ptr<const SRecord> rec;
  std::shared_ptr<const SList> list;
  std::shared_ptr<const CivilParts> civil;  // dates: the calendar parts, when at hand

  explicit SVal(z3::context& c)
      : known(c.bool_val(false)), none(c.bool_val(false)), v(c.int_val(0)), off(c.int_val(0)) {}
  // Known and not none: a value of its type.
  z3::expr typed() const { return known && !none; }
};

struct SRecord {
  uint32_t type = 0;  // record index in the schema
  std::vector<SVal> fields;
};

struct SList {
  std::vector<z3::expr> present;  // element i exists
  std::vector<SVal> items;
};

// A construct the translation does not cover; caught at the analysis boundary and reported as an
// error (never a wrong answer).
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace writ::analysis
