// Resolves names and checks types of the prelude and one policy, validates rule trees, citations
// and versions. Produces a CheckedPolicy (the modules plus side tables) or diagnostics.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "check/types.h"
#include "syntax/ast.h"

namespace writ::check {

enum class Builtin : unsigned char {
  kDate,                // date(datetime) -> date (local date in the instant's own offset)
  kListed,              // listed("list", citation [, subdivision string]) -> bool
  kBusinessHoursAfter,  // business_hours_after(datetime, int) -> datetime
  kDaysBetween,         // days_between(date a, date b) -> int  (b - a)
  kCoveredDays,         // covered_days([Period], date until) -> int  (union of periods, clipped)
  kKnown,               // known(x) -> bool, never unknown
  kLength,              // length([T]) -> int
  kMaxOf,
  kMinOf,  // max(a, b), min(a, b) on int, date
};

enum class RefKind : unsigned char { kNone, kInput, kDef, kLocal, kEnumConst, kBuiltin, kField };

// What a name, field or call expression refers to.
struct Ref {
  RefKind kind = RefKind::kNone;
  uint32_t index = 0;   // input slot, def group, local slot, enum index, builtin, field index
  uint32_t member = 0;  // enum member
};

struct ExprInfo {
  TypeId type = Schema::kErrorT;
  Ref ref;
  std::vector<uint32_t> locals;  // binding slots for quantifiers/comprehensions
};

// All definitions sharing a name (one per version range).
// Definitions take at most this many parameters (the evaluator binds them without allocating).
inline constexpr size_t kMaxParams = 8;

struct DefGroup {
  std::string name;
  TypeId type = Schema::kErrorT;
  std::vector<TypeId> params;
  std::vector<uint32_t> param_slots;  // per version: see DefVariant
  struct Variant {
    uint32_t module = 0;
    uint32_t decl = 0;                  // index into Module::defs
    std::vector<uint32_t> param_slots;  // local slots of its parameters
  };
  std::vector<Variant> variants;
  bool rule_defined = false;  // no body: set by rules
};

struct ActionInfo {
  std::string name;
  std::string title;
  std::vector<std::string> requested_by;
};

// A rule target: an action's permission, an action's `until`, or a rule-defined definition.
struct TargetInfo {
  std::string name;  // "hold", "hold.until", "window_start"
  TypeId type = Schema::kErrorT;
  int action = -1;  // action index, or -1
  bool is_until = false;
  int def_group = -1;  // for rule-defined defs
};

struct RuleRef {
  uint32_t module = 0;
  uint32_t decl = 0;  // index into Module::rules
};

struct NoticeRef {
  uint32_t module = 0;
  uint32_t decl = 0;  // index into Module::notices
};

struct CheckedPolicy {
  std::shared_ptr<const SourceMap> sources;
  std::vector<syntax::Module> modules;      // [0] prelude, then libraries, last the policy
  std::vector<std::vector<ExprInfo>> info;  // per module, per expression
  Schema schema;
  std::vector<std::pair<std::string, TypeId>> inputs;  // root record fields in slot order
  std::vector<DefGroup> defs;
  std::vector<ActionInfo> actions;
  std::vector<TargetInfo> targets;
  std::vector<RuleRef> rules;      // all rules, policy order
  std::vector<NoticeRef> notices;  // all notices, declaration order
  uint32_t local_slots = 0;
  // Where a case keeps the request and the time it was presented (for the as-of date), or -1.
  int request_input = -1;
  int presented_at_field = -1;
  const syntax::PolicyHeader& header() const { return *modules.back().header; }
  const syntax::Module& policy() const { return modules.back(); }
  const syntax::RuleDecl& rule(size_t i) const {
    return modules[rules[i].module].rules[rules[i].decl];
  }
  const syntax::NoticeDecl& notice(size_t i) const {
    return modules[notices[i].module].notices[notices[i].decl];
  }
  const syntax::DefDecl& def_decl(const DefGroup::Variant& v) const {
    return modules[v.module].defs[v.decl];
  }
};

// Environment the checker validates references against (catalog lists, holiday calendars, zones).
struct CheckEnv {
  std::function<bool(const std::string&)> has_catalog_list;
  std::function<bool(const std::string&)> has_calendar;
  std::function<bool(const std::string&)> has_time_zone;
};

// Checks `policy` against `prelude` and the libraries it uses. Returns nullptr when there are
// errors (all in `diags`).
std::unique_ptr<CheckedPolicy> check_policy(std::shared_ptr<const SourceMap> sources,
                                            syntax::Module prelude,
                                            std::vector<syntax::Module> libraries,
                                            syntax::Module policy, const CheckEnv& env,
                                            Diagnostics& diags);

}  // namespace writ::check
