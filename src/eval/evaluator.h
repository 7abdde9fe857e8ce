// Evaluates a compiled Program on a case. The program is immutable and shared; all per-call state
// lives in Scratch, which callers keep and reuse so that steady-state evaluation does not allocate.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "eval/case_data.h"
#include "eval/program.h"
#include "writ/result.h"

namespace writ::eval {

enum class Tri : uint8_t { kFalse = 0, kTrue = 1, kUnknown = 2 };
enum class Outcome : uint8_t { kHonor, kDecline, kReview };

// A fact the evaluation read: field `field` of record `rec` (e.g. subject.watchlist_match).
struct Fact {
  const Record* rec = nullptr;
  uint32_t field = 0;
  friend bool operator==(const Fact&, const Fact&) = default;
};

// A definition's value, recorded in explained mode the first time it is computed.
struct DefEvent {
  uint32_t def = 0;
  Value value;
};

struct TargetResult {
  Value value;  // unknown when undetermined; none when no rule applies
  Tri applies = Tri::kFalse;
  int32_t rule = -1;                          // RuleCode that decided (or was decisive for unknown)
  uint32_t events_begin = 0, events_end = 0;  // DefEvents computed while evaluating it
};

struct ActionVerdict {
  TargetResult permitted;
  TargetResult until;
  bool requested = false;
  bool evaluated = false;  // false: not asked for, and the caller asked for requested actions only
};

struct Verdict {
  Outcome outcome = Outcome::kReview;
  std::vector<ActionVerdict> actions;  // by action index
  Value request_kind;                  // the request kind read from the case
  std::vector<Tri> notices;            // by Program::notices index: given (true), maybe, not
};

class Scratch {
 public:
  Scratch() = default;
  void reset(const Program& p, bool explain);

  // Explanation support.
  uint32_t leaf(const Record* rec, uint32_t field);
  uint32_t join(uint32_t a, uint32_t b);
  // Marks the facts of `a` as known but not specific enough to decide (a citation whose listing
  // depends on a subdivision it does not give).
  uint32_t mark_unspecific(uint32_t a);
  std::vector<Fact> flatten(uint32_t facts) const;
  // The facts under a mark_unspecific node within `facts`.
  std::vector<Fact> unspecific(uint32_t facts) const;

  struct Override {
    const Record* rec;
    uint32_t field;
    Value value;
  };
  std::vector<Override> overrides;  // counterfactual values, consulted in explained mode only

  std::vector<Value> locals;
  std::vector<Value> defs;
  std::vector<uint32_t> def_state;  // == epoch: defs[i] is computed for this decision
  std::vector<Value> rule_conds;    // memoized rule conditions, by rule
  std::vector<uint32_t> rule_cond_state;
  uint64_t program = 0;  // serial number of the program the memo tables are sized for
  uint32_t epoch = 0;
  struct CallMemo {
    uint32_t def;
    const Record* arg;
    Value value;
  };
  std::vector<CallMemo> call_memo;                 // definitions called with one record argument
  std::vector<std::pair<int32_t, int32_t>> spans;  // covered_days working storage
  std::vector<DefEvent> events;
  // Test coverage (explained mode only; null otherwise): per program node, kCovThen / kCovElse /
  // kCovUnknown for the `if` conditions seen, kCovRun for definition bodies evaluated.
  std::vector<uint8_t>* coverage = nullptr;
  static constexpr uint8_t kCovThen = 1, kCovElse = 2, kCovUnknown = 4, kCovRun = 8;
  bool explain = false;
  bool failed = false;
  Error error;

  // A list built during evaluation (list literals, comprehensions); storage is reused across calls.
  struct BuiltList {
    List list;
    std::vector<Value> items;
    // Points the list at its items; call after filling `items`.
    const List* seal() {
      list.items = items.data();
      list.size = static_cast<uint32_t>(items.size());
      list.path = 0;
      return &list;
    }
  };
  BuiltList* new_list();

 private:
  struct FactNode {
    uint32_t l = 0, r = 0;
    const Record* rec = nullptr;
    uint32_t field = 0;  // for a leaf; for an inner node 1 marks "unspecific" (see above)
  };
  std::vector<Fact> collect(uint32_t facts, bool only_unspecific) const;
  // Visit marks for collect(): node n was seen (unmarked / marked) in walk number `walk_`.
  mutable std::vector<uint32_t> seen_plain_, seen_marked_;
  mutable std::vector<std::pair<uint32_t, bool>> walk_stack_;
  mutable uint32_t walk_ = 0;
  std::vector<FactNode> facts_;
  std::deque<BuiltList> lists_;  // a deque: elements never move
  size_t lists_used_ = 0;
};

// Which actions to decide: all of the policy's, or only those the request asks for (enough for the
// outcome; what batch runs need).
enum class Actions : uint8_t { kAll, kRequested };

// The hot path: decides into `out`, reusing its storage. No allocation in steady state.
Result<Ok> evaluate_into(const Program& p, const CaseData& c, Scratch& s, Verdict& out,
                         Actions actions = Actions::kAll);

// The value of the zero-parameter definition group `def_group` for this case, evaluated afresh
// (the scratch is reset): kTrue or kFalse for a known boolean, kUnknown otherwise.
Result<Tri> evaluate_bool_definition(const Program& p, const CaseData& c, Scratch& s,
                                     uint32_t def_group);

// Decides the case: every action of the policy and the outcome for the requested ones.
Result<Verdict> evaluate(const Program& p, const CaseData& c, Scratch& s);
// The same, recording definition values and facts for an explanation.
Result<Verdict> evaluate_explained(const Program& p, const CaseData& c, Scratch& s);

}  // namespace writ::eval
