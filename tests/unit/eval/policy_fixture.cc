#include "policy_fixture.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace writ::testing {

namespace fs = std::filesystem;

bool run_bug_tests() { return std::getenv("WRIT_RUN_BUG_TESTS") != nullptr; }

const char* const kHeader = R"W(policy t
  title "test policy"
  timezone "America/New_York"
  holidays "us-ny-gcl-24"
  source "test"
  version 2020-01-01 "the first version"
)W";

const char* const kTwoVersions = R"W(policy t
  title "test policy"
  timezone "America/New_York"
  holidays "us-ny-gcl-24"
  source "test"
  version 2020-01-01 "first"
  version 2021-01-01 "second"
)W";

TestPolicy::TestPolicy(const std::string& writ, const std::string& header) {
  std::string tmpl = (fs::temp_directory_path() / "writ-eval-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = buf.data();
  {
    std::ofstream out(dir_ / "t.writ.md", std::ios::binary);
    out << "# Test policy\n\n```writ\n" << header << "\n" << writ << "\n```\n";
  }
  EngineOptions opts;
  opts.home = WRIT_SOURCE_DIR;
  opts.policy_paths = {(dir_ / "t.writ.md").string()};
  auto e = Engine::open(opts);
  if (!e) {
    diagnostics_ = e.error().message;
    return;
  }
  engine_ = std::move(*e);
  diagnostics_ = engine_->diagnostics();
}

TestPolicy::~TestPolicy() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

nlohmann::json TestPolicy::make_case(const nlohmann::json& fields) {
  nlohmann::json c = {{"format", "writ-case/1"},
                      {"id", "c1"},
                      {"request", {{"kind", "detainer"}, {"presented_at", "2024-03-01T10:00:00-05:00"}}}};
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it.value().is_object() && c.contains(it.key()) && c[it.key()].is_object()) {
      for (auto jt = it.value().begin(); jt != it.value().end(); ++jt) c[it.key()][jt.key()] = jt.value();
    } else {
      c[it.key()] = it.value();
    }
  }
  return c;
}

Result<Decision> TestPolicy::decide(const nlohmann::json& fields, const DecideOptions& options) const {
  return decide_text(make_case(fields).dump(), options);
}

Result<Decision> TestPolicy::decide_text(const std::string& case_json, const DecideOptions& options) const {
  if (!ok()) return make_error(ErrorCode::kInvalidPolicy, "test policy did not load:\n" + diagnostics_);
  return engine_->decide("t", case_json, options);
}

std::string tri(const std::optional<bool>& b) { return b ? (*b ? "true" : "false") : "unknown"; }

const ActionDecision* action(const Decision& d, const std::string& name) {
  for (const auto& a : d.actions) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::string permitted(const Decision& d, const std::string& name) {
  const ActionDecision* a = action(d, name);
  return a ? tri(a->permitted) : "absent";
}

const Reason* reason(const Decision& d, const std::string& name) {
  for (const auto& r : d.reasons) {
    if (r.rule == name) return &r;
  }
  return nullptr;
}

std::string eval(const std::string& type, const std::string& expr, const nlohmann::json& fields,
                 const std::string& decls) {
  TestPolicy p(decls + "\ndef probe : " + type + "\n  cite \"probe\"\n  = " + expr +
               "\nrule r\n  cite \"r\"\n  hold = known(probe)\n");
  if (!p.ok()) return "ERROR: " + p.diagnostics();
  auto d = p.decide(fields);
  if (!d) return "ERROR: " + d.error().message;
  const Reason* r = reason(*d, "probe");
  if (!r) return "ERROR: no reason 'probe'";
  if (type == "bool") return tri(r->holds);
  return r->value;
}

}  // namespace writ::testing
