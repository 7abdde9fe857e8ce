#include "eval/value.h"

namespace writ::eval {

bool same_value(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case VKind::kUnknown:
    case VKind::kNone:
      return true;
    case VKind::kBool:
      return a.b == b.b;
    case VKind::kInt:
      return a.i == b.i;
    case VKind::kDate:
      return a.date == b.date;
    case VKind::kDateTime:
      return a.dt.utc == b.dt.utc;
    case VKind::kDuration:
      return a.dur.years == b.dur.years && a.dur.months == b.dur.months &&
             a.dur.days == b.dur.days && a.dur.hours == b.dur.hours;
    case VKind::kEnum:
      return a.member == b.member;
    case VKind::kString:
      return *a.str == *b.str;
    case VKind::kCitation:
      if (a.cit->parsed && b.cit->parsed) return a.cit->citation == b.cit->citation;
      return a.cit->text == b.cit->text;
    case VKind::kRecord:
      return a.rec == b.rec;
    case VKind::kList:
      return a.list == b.list;
  }
  return false;
}

}  // namespace writ::eval
