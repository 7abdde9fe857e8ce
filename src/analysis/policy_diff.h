// `writ diff`: do two policy versions decide every case of the declared domain the same way? If
// not, the smallest case (fewest facts set) on which each action's decision differs, re-decided by
// the engine to confirm it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analysis_setup.h"
#include "writ/decision.h"
#include "writ/engine.h"

namespace writ::analysis {

struct DiffOptions {
  int max_elements = 2;  // the most elements of each list in the domain
};

// How one version decided a case: the decision, or the error deciding stopped with.
struct Decided {
  std::optional<Decision> decision;
  std::string error;  // when !decision
};

struct DiffCase {
  std::string what;  // the action whose decision differs, or "error" (only one side fails)
  nlohmann::json case_json;
  int facts = 0;  // facts set in the case
  Decided a, b;
  bool reproduced = false;  // the engine confirms the difference
};

struct DiffReport {
  std::string a, b;  // labels, "nyc-doc@2014-12-14"
  std::string domain;
  bool equivalent = false;
  std::vector<DiffCase> cases;
};

Result<DiffReport> diff_versions(const Engine& engine, const VersionRef& a, const VersionRef& b,
                                 const DiffOptions& options = {});

// The engine's decision of a case under one version (as `writ decide --as-of` would give it).
Decided decide_as(const Engine& engine, const VersionRef& v, const nlohmann::json& c);

// The difference text of one action (or of "error") between two decisions; empty when alike.
std::string describe_difference(const std::string& what, const Decided& a, const Decided& b);

// Text report; `files` (same order as cases; may be empty) are where the cases were written.
std::string render_diff(const DiffReport& r, const std::vector<std::string>& files);

}  // namespace writ::analysis
