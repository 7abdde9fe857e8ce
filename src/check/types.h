// The type table: every type a policy mentions, interned to a small integer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace writ::check {

using TypeId = uint32_t;

enum class TypeKind : unsigned char {
  kError,  // a type error was already reported; silences follow-on errors
  kAny,    // `unknown` and `none` literals: compatible with every type
  kBool,
  kInt,
  kString,
  kDate,
  kDateTime,
  kDuration,
  kCitation,
  kEnum,
  kRecord,
  kList,
};

struct TypeInfo {
  TypeKind kind = TypeKind::kError;
  uint32_t ref = 0;  // enum or record index in the Schema
  TypeId elem = 0;   // list element type
};

struct EnumInfo {
  std::string name;
  std::vector<std::string> members;
  int member_index(std::string_view m) const {
    for (size_t i = 0; i < members.size(); ++i) {
      if (members[i] == m) return static_cast<int>(i);
    }
    return -1;
  }
};

struct FieldInfo {
  std::string name;
  TypeId type = 0;
};

struct RecordInfo {
  std::string name;
  std::vector<FieldInfo> fields;
  int field_index(std::string_view f) const {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == f) return static_cast<int>(i);
    }
    return -1;
  }
};

// Enums, records and the case's inputs, shared by every policy (the prelude) plus a policy's own.
struct Schema {
  std::vector<TypeInfo> types;  // TypeId -> info; fixed ids below
  std::vector<EnumInfo> enums;
  std::vector<RecordInfo> records;
  uint32_t root_record = 0;  // the synthetic record whose fields are the inputs

  static constexpr TypeId kErrorT = 0, kAnyT = 1, kBoolT = 2, kIntT = 3, kStringT = 4, kDateT = 5,
                          kDateTimeT = 6, kDurationT = 7, kCitationT = 8;

  Schema();
  TypeId enum_type(uint32_t idx);
  TypeId record_type(uint32_t idx);
  TypeId list_of(TypeId elem);
  const TypeInfo& info(TypeId t) const { return types[t]; }
  std::string name(TypeId t) const;
  // Same type, or one side is Any/Error.
  bool compatible(TypeId a, TypeId b) const;
};

}  // namespace writ::check
