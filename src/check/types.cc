#include "check/types.h"

namespace writ::check {

Schema::Schema() {
  for (TypeKind k :
       {TypeKind::kError, TypeKind::kAny, TypeKind::kBool, TypeKind::kInt, TypeKind::kString,
        TypeKind::kDate, TypeKind::kDateTime, TypeKind::kDuration, TypeKind::kCitation}) {
    types.push_back(TypeInfo{k, 0, 0});
  }
}

TypeId Schema::enum_type(uint32_t idx) {
  for (TypeId i = 0; i < types.size(); ++i) {
    if (types[i].kind == TypeKind::kEnum && types[i].ref == idx) return i;
  }
  types.push_back(TypeInfo{TypeKind::kEnum, idx, 0});
  return static_cast<TypeId>(types.size() - 1);
}

TypeId Schema::record_type(uint32_t idx) {
  for (TypeId i = 0; i < types.size(); ++i) {
    if (types[i].kind == TypeKind::kRecord && types[i].ref == idx) return i;
  }
  types.push_back(TypeInfo{TypeKind::kRecord, idx, 0});
  return static_cast<TypeId>(types.size() - 1);
}

TypeId Schema::list_of(TypeId elem) {
  for (TypeId i = 0; i < types.size(); ++i) {
    if (types[i].kind == TypeKind::kList && types[i].elem == elem) return i;
  }
  types.push_back(TypeInfo{TypeKind::kList, 0, elem});
  return static_cast<TypeId>(types.size() - 1);
}

std::string Schema::name(TypeId t) const {
  const TypeInfo& i = types[t];
  switch (i.kind) {
    case TypeKind::kError:
      return "<error>";
    case TypeKind::kAny:
      return "any";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kString:
      return "string";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kDateTime:
      return "datetime";
    case TypeKind::kDuration:
      return "duration";
    case TypeKind::kCitation:
      return "citation";
    case TypeKind::kEnum:
      return enums[i.ref].name;
    case TypeKind::kRecord:
      return records[i.ref].name;
    case TypeKind::kList:
      return "[" + name(i.elem) + "]";
  }
  return "?";
}

bool Schema::compatible(TypeId a, TypeId b) const {
  if (a == b) return true;
  TypeKind ka = types[a].kind, kb = types[b].kind;
  if (ka == TypeKind::kAny || kb == TypeKind::kAny || ka == TypeKind::kError ||
      kb == TypeKind::kError) {
    return true;
  }
  if (ka == TypeKind::kList && kb == TypeKind::kList) {
    return compatible(types[a].elem, types[b].elem);
  }
  return false;
}

}  // namespace writ::check
