// Test coverage of policies: which rules (and exceptions), definitions and `if` branches the
// literate tests exercised, per policy file. `writ test --coverage` prints it.
//
// A rule is *applied* when some test saw its `when` condition true (or, for a rule without one,
// when it decided a target); its condition is also reported as seen true, false or unknown. A
// definition is *exercised* when its body was evaluated. An `if` is covered when both its `then`
// and its `else` were taken.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "writ/engine.h"

namespace writ::testing {

struct CoverageItem {
  enum class Kind { kRule, kException, kDef, kBranch } kind = Kind::kRule;
  std::string name;  // rule label, definition name, or "if" with its position
  std::string file;
  uint32_t line = 0, col = 0;
  bool has_when = false;
  bool seen_true = false, seen_false = false, seen_unknown = false;  // rules: `when`; ifs: cond
  bool applied = false;  // rules: applied; defs: body evaluated; ifs: both branches taken
  const char* kind_name() const;
  bool full() const;  // everything this item can show was seen
};

struct FileCoverage {
  std::string file;
  std::vector<CoverageItem> items;  // in source order
  size_t count(CoverageItem::Kind k, bool covered) const;
};

class CoverageRecorder {
 public:
  explicit CoverageRecorder(const Engine& engine);
  // Decides the case again with coverage recording (the test runner's decision is unchanged).
  void record(const std::string& policy_id, const std::string& case_json,
              const DecideOptions& options);
  std::vector<FileCoverage> report() const;

 private:
  const Engine& engine_;
  std::map<std::pair<std::string, uint32_t>, CoverageItem> items_;  // (file, offset) -> item
};

// A table: one line per file with rules applied/total, definitions and branches, then each
// rule, exception or definition not applied and each branch not covered.
std::string coverage_table(const std::vector<FileCoverage>& files);
// The same as JSON (every item).
std::string coverage_json(const std::vector<FileCoverage>& files);
// Rules and exceptions no test applied, as "file:line: rule LABEL".
std::vector<std::string> unapplied_rules(const std::vector<FileCoverage>& files);

}  // namespace writ::testing
