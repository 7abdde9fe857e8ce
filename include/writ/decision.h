// The writ-decision/1 result: outcome, actions, reasons with citations, missing facts.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace writ {

struct ActionDecision {
  std::string name;                  // hold | notify_release | transfer | share_information | ...
  std::string title;                 // human title, for memos
  bool requested = false;            // asked for by this request
  std::optional<bool> permitted;     // nullopt = unknown
  bool has_until = false;            // the law bounds the hold
  std::optional<std::string> until;  // ISO date-time; nullopt with has_until = unknown bound
};

struct Reason {
  std::string rule;  // rule label or definition name
  std::string kind;  // "rule" or "definition"
  std::string cite;
  std::optional<bool> holds;  // nullopt = unknown
  std::string value;          // for non-boolean definitions, the value computed
  std::string because;
  std::vector<std::string> facts;    // case paths the reason rests on
  std::vector<std::string> decides;  // for rules: the actions (or "hold.until") this rule decided
};

struct Missing {
  std::string fact;     // case path, e.g. subject.watchlist_match
  std::string settles;  // "honor if true, decline if false"
};

// A written notice the law requires the agency to give the person (e.g. a copy of the request).
struct Notice {
  std::string id;
  std::string title;
  std::string cite;
  std::string text;     // the paragraphs, separated by a blank line
  bool certain = true;  // false: given because its condition could not be ruled out
};

// The value of a boolean definition the caller asked for (DecideOptions::facts).
struct DefinitionValue {
  std::string name;
  std::optional<bool> value;  // nullopt = unknown
};

struct PolicyRef {
  std::string id, version, version_label, digest, title;
};

struct Decision {
  std::string case_id;
  PolicyRef policy;
  std::string as_of;    // ISO date
  std::string outcome;  // honor | decline | review
  std::vector<ActionDecision> actions;
  std::vector<Reason> reasons;
  std::vector<Missing> missing;
  std::string request_kind;     // detainer | ... (empty if unknown)
  std::vector<Notice> notices;  // owed to the person, in declaration order (often none)
  std::vector<DefinitionValue> facts;  // as DecideOptions::facts asked, in that order
};

// The decision as writ-decision/1 JSON (deterministic; `indent` < 0 for one line).
std::string to_json(const Decision& d, int indent = 2);
// A printable memo for the records officer: outcome, actions, reasons with citations, missing
// facts, notices owed to the person.
std::string to_memo(const Decision& d);
// Only the notices owed to the person, ready to print and hand over; empty when there are none.
std::string to_notices(const Decision& d);

}  // namespace writ
