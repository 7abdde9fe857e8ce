// A compiled policy version: a flat, immutable array of nodes plus the rule trees of every target.
// Compiled once per (policy, version); evaluated many times with per-call Scratch state.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "check/checker.h"
#include "eval/value.h"

namespace writ::catalog {
class Catalog;
}
namespace writ::cal {
class HolidayCalendar;
class TimeZone;
}  // namespace writ::cal

namespace writ::eval {

enum class Op : uint8_t {
  kConst,
  kInput,
  kLocal,
  kField,
  kDef,
  kCallDef,
  kNot,
  kNeg,
  kAnd,
  kOr,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAdd,
  kSub,
  kMul,
  kIn,
  kList,
  kExists,
  kAll,
  kCount,
  kSum,
  kMax,
  kMin,
  kComp,
  kIf,
  kBuiltin,
  // Fused forms the compiler emits for the most common shapes (fewer dispatches):
  kLocalField,  // local slot a, field k        (`c.level` inside a quantifier or definition)
  kInputField,  // input slot a, field k        (`request.documents`)
  kEqConst,     // node a == consts[k]          (`d.type == warrant`)
  kNeConst,     // node a != consts[k]
};

constexpr uint32_t kNone32 = UINT32_MAX;

struct Node {
  Op op = Op::kConst;
  uint8_t aux = 0;  // builtin id
  uint32_t a = kNone32, b = kNone32, c = kNone32;
  uint32_t k = 0;     // const index, slot, field index, def index
  uint32_t args = 0;  // first index in Program::pool
  uint32_t nargs = 0;
};

struct DefCode {
  std::string name;
  uint32_t group = 0;
  uint32_t body = kNone32;  // node; kNone32 for rule-defined (see target)
  int target = -1;          // for rule-defined defs: the target index
  std::vector<uint32_t> param_slots;
  const syntax::DefDecl* decl = nullptr;
};

struct RuleCode {
  uint32_t rule = 0;                 // index into CheckedPolicy::rules
  uint32_t target = 0;               // index into CheckedPolicy::targets
  uint32_t cond = kNone32;           // node
  uint32_t value = kNone32;          // node
  std::vector<uint32_t> exceptions;  // RuleCode indices
};

struct TargetCode {
  uint32_t target = 0;          // index into CheckedPolicy::targets
  std::vector<uint32_t> roots;  // base RuleCode indices (no exception_to)
};

// A notice to the person, in force in this version: given when `cond` is true or unknown.
struct NoticeCode {
  uint32_t notice = 0;      // index into CheckedPolicy::notices
  uint32_t cond = kNone32;  // node; kNone32: always given
};

// Where an `if` of the source was lowered to (for test coverage of its branches).
struct BranchSite {
  uint32_t node = 0;
  uint32_t module = 0;  // index into CheckedPolicy::modules
  syntax::ExprId expr = 0;
};

struct Program {
  uint64_t serial = 0;  // unique per compiled program in this process (never 0)
  std::shared_ptr<const check::CheckedPolicy> policy;
  std::string version;  // ISO date it came into force
  std::string version_label;
  int32_t from = 0, to = 0;  // [from, to) in days; to = INT32_MAX when open-ended
  std::vector<Node> nodes;
  std::vector<uint32_t> pool;
  std::vector<Value> consts;
  std::deque<std::string> const_strings;  // backing store for string constants (a deque: stable)
  std::vector<DefCode> defs;              // one per def group (body kNone32 if not in force)
  std::vector<RuleCode> rules;
  std::vector<TargetCode> targets;   // one per CheckedPolicy target
  std::vector<NoticeCode> notices;   // in declaration order
  std::vector<BranchSite> branches;  // every lowered `if`
  uint32_t local_slots = 0;
  uint32_t request_kind_enum = 0;  // enum index of RequestKind, for requested actions
  // Resolved once so a decision reads the request kind without looking anything up by name.
  uint32_t request_slot = kNone32;        // root input slot of `request`
  uint32_t request_kind_field = kNone32;  // field index of `kind` in the request record
  std::vector<uint64_t> requested_by;  // per action: bit k set if RequestKind member k asks for it
  std::deque<std::vector<Value>> const_lists;  // storage of constant list values
  std::deque<List> const_list_heads;

  const catalog::Catalog* catalog = nullptr;
  const cal::HolidayCalendar* holidays = nullptr;
  const cal::TimeZone* zone = nullptr;
};

// Resolves what a program needs from the engine's loaded data (catalog list ids). Call once after
// setting `catalog`; returns false (with a message in `error`) when a list id is unknown.
bool link_program(Program& p, std::string& error);

// Lowers the checked policy for the version starting at `version_index`. Errors (a rule that
// overrides a rule not in force, a definition not in force where it is used) go to `diags`.
std::unique_ptr<Program> compile_version(std::shared_ptr<const check::CheckedPolicy> policy,
                                         size_t version_index, Diagnostics& diags);

}  // namespace writ::eval
