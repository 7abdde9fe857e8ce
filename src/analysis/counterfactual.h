// `writ explain`: the decision of a case plus counterfactuals — the smallest sets of changed facts
// (fewest fields set or changed, list elements appended) under which the same policy version
// would decide differently, found by the solver with every other fact held at the case's value and
// each confirmed by deciding the changed case again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "writ/decision.h"
#include "writ/engine.h"
#include "writ/result.h"

namespace writ::analysis {

struct FactChange {
  std::string pointer;  // JSON pointer into the case
  nlohmann::json value;
};

struct Counterfactual {
  std::string outcome;  // what the changed case is decided
  std::vector<FactChange> changes;
  bool reproduced = false;  // deciding the changed case gives `outcome`
};

struct ExplainReport {
  Decision decision;
  std::vector<Counterfactual> counterfactuals;
  std::string domain;
};

struct ExplainOptions {
  std::optional<std::string> as_of;
  int per_outcome = 3;  // at most this many alternatives for each other outcome
};

Result<ExplainReport> explain_case(const Engine& engine, const std::string& policy_id,
                                   const std::string& case_json,
                                   const ExplainOptions& options = {});

// {"decision": writ-decision/1, "counterfactuals": [...], "domain": "..."}
std::string explain_json(const ExplainReport& r);
// The memo followed by the counterfactuals in words.
std::string explain_text(const ExplainReport& r);

// "/request/documents/1/type" -> "request.documents[1].type".
std::string pointer_to_path(const std::string& pointer);

}  // namespace writ::analysis
