// Small policies written inline for the evaluator tests: each is written to a temporary file and
// loaded through Engine::open with the real prelude, catalogs and calendars, then cases are
// decided through Engine::decide. Test policies may declare their own inputs (`input a: bool`),
// which the case then carries as top-level fields.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "writ/engine.h"

namespace writ::testing {

// Tests of known bugs are skipped unless WRIT_RUN_BUG_TESTS is set (then they fail until fixed).
bool run_bug_tests();

// The standard test header: policy `t`, New York time and holidays, one version from 2020-01-01.
extern const char* const kHeader;
// The same with a second version from 2021-01-01.
extern const char* const kTwoVersions;

class TestPolicy {
 public:
  // `writ` is the code of one writ block; `header` is put before it.
  explicit TestPolicy(const std::string& writ, const std::string& header = kHeader);
  ~TestPolicy();
  TestPolicy(const TestPolicy&) = delete;
  TestPolicy& operator=(const TestPolicy&) = delete;

  bool ok() const { return engine_ && engine_->has_policy("t"); }
  const std::string& diagnostics() const { return diagnostics_; }
  const Engine& engine() const { return *engine_; }

  // A case: format, id, a detainer request presented 2024-03-01, then `fields` merged in (objects
  // are merged recursively; a null removes nothing, it sets the field to null).
  static nlohmann::json make_case(const nlohmann::json& fields = nlohmann::json::object());
  Result<Decision> decide(const nlohmann::json& fields = nlohmann::json::object(),
                          const DecideOptions& options = {}) const;
  Result<Decision> decide_text(const std::string& case_json, const DecideOptions& options = {}) const;

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Engine> engine_;
  std::string diagnostics_;
};

// "true", "false" or "unknown".
std::string tri(const std::optional<bool>& b);
// The permission of an action in a decision ("true", "false", "unknown"; "absent" if no such action).
std::string permitted(const Decision& d, const std::string& action);
const ActionDecision* action(const Decision& d, const std::string& name);
const Reason* reason(const Decision& d, const std::string& name);

// Evaluates `expr` of type `type` in a policy with `decls` and the case `fields`: the value as the
// decision's reasons show it ("true"/"false"/"unknown" for bool; the value text otherwise, e.g.
// "2019-02-28", "none", "unknown"). On failure returns "ERROR: ...".
std::string eval(const std::string& type, const std::string& expr,
                 const nlohmann::json& fields = nlohmann::json::object(), const std::string& decls = "");

}  // namespace writ::testing
