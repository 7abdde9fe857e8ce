// Runtime values: a 24-byte tagged union. Unknown is a value of its own, never false.
#pragma once

#include <cstdint>
#include <string>

#include "catalog/citation.h"

namespace writ::eval {

enum class VKind : uint8_t {
  kUnknown,  // absent or null input, or anything computed from one
  kNone,     // "no value" (e.g. a hold with no time bound); distinct from unknown
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

struct Record;
struct List;

// A statute citation as written in the case, with its normalized form when it could be parsed.
struct CitationValue {
  std::string text;
  bool parsed = false;
  catalog::Citation citation;
  std::string problem;        // why it could not be read, when !parsed
  bool row_resolved = false;  // `row` was looked up in the engine's catalog when decoding
  uint32_t row = 0;           // the catalog row of its section (or the catalog's "no row")
};

struct Duration {
  int32_t years = 0, months = 0, days = 0, hours = 0;
};

struct Instant {
  int64_t utc;     // seconds since 1970-01-01T00:00:00Z
  int32_t offset;  // the UTC offset it was written with, in seconds
};

struct Value {
  VKind kind = VKind::kUnknown;
  uint32_t facts = 0;  // explanation: id of the fact set this value depends on (0 = none)
  union {
    bool b;
    int64_t i;
    int32_t date;  // days since 1970-01-01
    Instant dt;
    Duration dur;
    uint32_t member;  // enum member index
    const std::string* str;
    const CitationValue* cit;
    const Record* rec;
    const List* list;
  };

  Value() : i(0) {}
  static Value unknown(uint32_t facts = 0) {
    Value v;
    v.facts = facts;
    return v;
  }
  static Value none() {
    Value v;
    v.kind = VKind::kNone;
    return v;
  }
  static Value boolean(bool x) {
    Value v;
    v.kind = VKind::kBool;
    v.b = x;
    return v;
  }
  static Value integer(int64_t x) {
    Value v;
    v.kind = VKind::kInt;
    v.i = x;
    return v;
  }
  static Value day(int32_t d) {
    Value v;
    v.kind = VKind::kDate;
    v.date = d;
    return v;
  }
  static Value datetime(int64_t utc, int32_t off) {
    Value v;
    v.kind = VKind::kDateTime;
    v.dt.utc = utc;
    v.dt.offset = off;
    return v;
  }
  static Value duration(Duration d) {
    Value v;
    v.kind = VKind::kDuration;
    v.dur = d;
    return v;
  }
  static Value enumeration(uint32_t m) {
    Value v;
    v.kind = VKind::kEnum;
    v.member = m;
    return v;
  }
  static Value string(const std::string* s) {
    Value v;
    v.kind = VKind::kString;
    v.str = s;
    return v;
  }
  static Value citation(const CitationValue* c) {
    Value v;
    v.kind = VKind::kCitation;
    v.cit = c;
    return v;
  }
  static Value record(const Record* r) {
    Value v;
    v.kind = VKind::kRecord;
    v.rec = r;
    return v;
  }
  static Value of_list(const List* l) {
    Value v;
    v.kind = VKind::kList;
    v.list = l;
    return v;
  }

  bool known() const { return kind != VKind::kUnknown; }
  bool is_true() const { return kind == VKind::kBool && b; }
  bool is_false() const { return kind == VKind::kBool && !b; }
};
static_assert(sizeof(Value) <= 24, "Value must stay small");

// A record of the case: one slot per declared field, in declaration order.
struct Record {
  uint32_t type = 0;  // record index in the schema
  uint32_t path = 0;  // index of its JSON path in the CaseData ("subject.convictions[2]")
  Value* slots = nullptr;
  uint32_t size = 0;
};

struct List {
  const Value* items = nullptr;
  uint32_t size = 0;
  uint32_t path = 0;
};

// Structural equality of two known values (unknown handling is the caller's).
bool same_value(const Value& a, const Value& b);

}  // namespace writ::eval
