// The checker through its own API (check_policy) and through Engine::open, for what the goldens do
// not show: the checked tables, edge cases of versions, and known bugs.
#include "check/checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "syntax/parser.h"
#include "writ/engine.h"

namespace writ::check {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* kHeader = R"W(policy t
  timezone "America/New_York"
  source "test"
  version 2020-01-01
  version 2021-01-01
)W";

// ---------------------------------------------------------------- check_policy directly

struct Checked {
  std::shared_ptr<SourceMap> sources = std::make_shared<SourceMap>();
  Diagnostics diags;
  std::unique_ptr<CheckedPolicy> policy;
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : diags.sorted()) out.push_back(d.code);
    return out;
  }
};

std::unique_ptr<Checked> check(const std::string& writ) {
  auto c = std::make_unique<Checked>();
  fs::path prelude = fs::path(WRIT_SOURCE_DIR) / "policies" / "prelude.writ.md";
  uint32_t pf = c->sources->add("prelude.writ.md", slurp(prelude));
  uint32_t f = c->sources->add("t.writ.md", "```writ\n" + writ + "\n```\n");
  syntax::Module pm = syntax::parse_module(*c->sources, pf, c->diags);
  syntax::Module m = syntax::parse_module(*c->sources, f, c->diags);
  if (c->diags.has_errors()) return c;
  CheckEnv env;
  env.has_catalog_list = [](const std::string& l) { return l == "nyc-vsc"; };
  env.has_calendar = [](const std::string& id) { return id == "us-ny-gcl-24"; };
  env.has_time_zone = [](const std::string& z) { return z == "America/New_York"; };
  c->policy = check_policy(c->sources, std::move(pm), {}, std::move(m), env, c->diags);
  return c;
}

TEST(Checker, ACleanPolicyGivesTheCheckedTables) {
  auto c = check(std::string(kHeader) + R"W(
def window : bool
  since 2021-01-01
  = true
def window : bool
  until 2021-01-01
  = false
def set_by_rules : int
rule base cite "c" hold = false
rule ex exception to base cite "c" when window hold = true
rule n cite "c" set_by_rules = 3
)W");
  ASSERT_TRUE(c->policy) << render_all(c->diags, *c->sources);
  EXPECT_THAT(c->codes(), IsEmpty());
  const CheckedPolicy& p = *c->policy;
  EXPECT_EQ(p.header().id, "t");
  EXPECT_EQ(p.modules.size(), 2u);  // prelude, policy
  // Two targets per action (permission and until) then the rule-defined definitions.
  ASSERT_GE(p.targets.size(), 2 * p.actions.size() + 1);
  EXPECT_EQ(p.targets[0].name, p.actions[0].name);
  EXPECT_EQ(p.targets[1].name, p.actions[0].name + ".until");
  EXPECT_TRUE(p.targets[1].is_until);
  EXPECT_EQ(p.targets.back().name, "set_by_rules");
  EXPECT_EQ(p.targets.back().type, Schema::kIntT);
  // The two versions of `window` are one group with two variants.
  auto it = std::find_if(p.defs.begin(), p.defs.end(), [](const DefGroup& g) { return g.name == "window"; });
  ASSERT_NE(it, p.defs.end());
  EXPECT_EQ(it->variants.size(), 2u);
  EXPECT_FALSE(it->rule_defined);
  // Rules in policy order.
  ASSERT_EQ(p.rules.size(), 3u);
  EXPECT_EQ(p.rule(0).label, "base");
  EXPECT_EQ(p.rule(1).exception_to, "base");
  // Inputs come from the prelude in declaration order.
  ASSERT_FALSE(p.inputs.empty());
  EXPECT_EQ(p.inputs[0].first, "id");
}

TEST(Checker, ReturnsNullWithErrorsAndKeepsWarnings) {
  auto c = check("policy t timezone \"America/New_York\" version 2020-01-01\nrule r cite \"c\" hold = true");
  ASSERT_TRUE(c->policy);
  EXPECT_THAT(c->codes(), ElementsAre("W0201"));
  c = check(std::string(kHeader) + "rule r hold = true");
  EXPECT_FALSE(c->policy);
  EXPECT_THAT(c->codes(), ElementsAre("E0301"));
}

TEST(Checker, EnumValuesResolveByTheTypeTheyAreComparedWith) {
  // `other` is a value of several enums; compared with a field it resolves by the field's type,
  // on either side of the comparison.
  auto c = check(std::string(kHeader) + R"W(
def a : bool = exists d in request.documents where d.type == other
def b : bool = exists d in request.documents where other == d.type
def c : bool = request.form in [I-247A, other]
def d : bool = exists d in request.documents where d.type == DocumentType.other
def e : bool = exists c in subject.convictions where c.inchoate == Inchoate.none
rule r cite "c" hold = a and b and c and d and e
)W");
  EXPECT_TRUE(c->policy) << render_all(c->diags, *c->sources);
}

TEST(Checker, ScopesOfQuantifierVariables) {
  // A quantifier's variable is visible only in its condition; a parameter shadows nothing global.
  auto c = check(std::string(kHeader) + R"W(
def a : bool = exists d in request.documents where d.names_subject
def b : bool = d.names_subject
rule r cite "c" hold = a
)W");
  EXPECT_FALSE(c->policy);
  EXPECT_THAT(c->codes(), ElementsAre("E0405"));
}

TEST(Checker, DidYouMeanSuggestsOnlyCloseNames) {
  auto c = check(std::string(kHeader) + "rule r cite \"c\" hold = subject.watchlist_mach");
  EXPECT_THAT(render_all(c->diags, *c->sources), HasSubstr("did you mean 'watchlist_match'?"));
  c = check(std::string(kHeader) + "rule r cite \"c\" hold = subject.zzzzzzzz");
  std::string out = render_all(c->diags, *c->sources);
  EXPECT_THAT(out, HasSubstr("Subject has no field 'zzzzzzzz'"));
  EXPECT_THAT(out, ::testing::Not(HasSubstr("did you mean")));
}

TEST(Checker, ExceptionsMayChainAcrossVersionsWhenTheirDatesAgree) {
  auto c = check(std::string(kHeader) + R"W(
rule base since 2021-01-01 cite "c" hold = false
rule ex exception to base since 2021-01-01 cite "c" when subject.watchlist_match hold = true
rule old until 2021-01-01 cite "c" hold = false
)W");
  EXPECT_TRUE(c->policy) << render_all(c->diags, *c->sources);
}

// ---------------------------------------------------------------- through Engine::open

class TempPolicy {
 public:
  explicit TempPolicy(const std::string& markdown) {
    std::string tmpl = (fs::temp_directory_path() / "writ-check-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    char* d = mkdtemp(buf.data());
    if (!d) throw std::runtime_error("mkdtemp failed");
    dir_ = d;
    std::ofstream(dir_ / "p.writ.md", std::ios::binary) << markdown;
  }
  ~TempPolicy() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path file() const { return dir_ / "p.writ.md"; }

 private:
  fs::path dir_;
};

struct Loaded {
  std::string diagnostics;
  std::vector<std::string> codes;
  bool loaded = false;
};

Loaded load(const std::string& writ) {
  TempPolicy t("# test\n\n```writ\n" + writ + "\n```\n");
  EngineOptions opts;
  opts.home = WRIT_SOURCE_DIR;
  opts.policy_paths = {t.file().string()};
  auto engine = Engine::open(opts);
  Loaded out;
  if (!engine) {
    out.diagnostics = engine.error().message;
    return out;
  }
  out.diagnostics = (*engine)->diagnostics();
  out.loaded = (*engine)->has_policy("t");
  static const std::regex code_re("(?:error|warning)\\[([EW][0-9]{4})\\]");
  for (std::sregex_iterator it(out.diagnostics.begin(), out.diagnostics.end(), code_re), end; it != end; ++it) {
    out.codes.push_back((*it)[1].str());
  }
  return out;
}

TEST(CheckerEngine, ACleanPolicyLoads) {
  auto l = load(std::string(kHeader) + "rule r cite \"c\" hold = true");
  EXPECT_TRUE(l.loaded) << l.diagnostics;
  EXPECT_EQ(l.diagnostics, "");
}

TEST(CheckerEngine, APolicyWithErrorsIsLeftOut) {
  auto l = load(std::string(kHeader) + "rule r hold = true");
  EXPECT_FALSE(l.loaded);
  EXPECT_THAT(l.codes, ElementsAre("E0301"));
}

TEST(CheckerEngine, ParseErrorsStopBeforeChecking) {
  // A file with a syntax error is not type-checked, so only the syntax error is reported.
  auto l = load(std::string(kHeader) + "rule r hold = \ndef x : bool = undefined_name");
  EXPECT_FALSE(l.loaded);
  EXPECT_THAT(l.codes, ElementsAre("E0111"));
}

TEST(CheckerEngine, EndsMustBeARealDate) {
  // Regression: `ends` used to be stored unvalidated and later dereferenced as
  // *cal::parse_date(h.ends) by the compiler.
  auto l = load("policy t timezone \"America/New_York\" source \"s\" version 2020-01-01 ends 2023-02-30\n"
                "rule r cite \"c\" hold = true");
  EXPECT_FALSE(l.loaded);
  EXPECT_THAT(l.codes, Contains("E0203")) << l.diagnostics;
}

TEST(CheckerEngine, EndsMustComeAfterTheLastVersion) {
  auto l = load("policy t timezone \"America/New_York\" source \"s\" version 2020-01-01 ends 2019-01-01\n"
                "rule r cite \"c\" hold = true");
  EXPECT_FALSE(l.loaded);
  EXPECT_THAT(l.codes, ElementsAre("E0204")) << l.diagnostics;
  l = load("policy t timezone \"America/New_York\" source \"s\" version 2020-01-01 ends 2020-01-01\n"
           "rule r cite \"c\" hold = true");
  EXPECT_THAT(l.codes, ElementsAre("E0204")) << l.diagnostics;
}

TEST(CheckerEngine, RedefinitionWithDifferentParametersIsAnErrorNotACrash) {
  // Regression: declare_defs reported E0217 but kept the variant, and check_defs then indexed the
  // group's (empty) parameter types with the second definition's parameter count.
  auto l = load(std::string(kHeader) +
                "def f : int until 2021-01-01 = 1\n"
                "def f(x: int) : int since 2021-01-01 = x\n"
                "rule r cite \"c\" hold = true");
  EXPECT_FALSE(l.loaded);
  EXPECT_THAT(l.codes, Contains("E0217")) << l.diagnostics;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(CheckerEngine, LongOperatorChainsAreRefusedNotACrash) {
  // The parser builds `1 + 1 + ... + 1` iteratively, producing a tree as deep as the chain is long,
  // and the checker, compiler and evaluator recurse once per level. Regression: 100000 of them
  // overflowed the stack in Checker::check_expr; now a tree taller than 200 is E0109.
  for (const char* op : {" + 1", " and true", " * 1"}) {
    auto l = load(std::string(kHeader) + "def x : int = 1" + repeat(op, 100000) +
                  "\nrule r cite \"c\" hold = true");
    EXPECT_FALSE(l.loaded) << op;
    EXPECT_THAT(l.codes, ElementsAre("E0109")) << op;
  }
}

TEST(CheckerEngine, ChainsUpToTheDepthLimitAreFine) {
  auto l = load(std::string(kHeader) + "def x : int = 1" + repeat(" + 1", 150) +
                "\nrule r cite \"c\" hold = x > 0");
  EXPECT_TRUE(l.loaded) << l.diagnostics;
  l = load(std::string(kHeader) + "def x : int = 1" + repeat(" + 1", 300) + "\nrule r cite \"c\" hold = x > 0");
  EXPECT_THAT(l.codes, ElementsAre("E0109"));
}

TEST(CheckerEngine, ErrorAndWarningCountsMatchTheRenderedSummary) {
  TempPolicy t("```writ\npolicy t timezone \"America/New_York\" version 2020-01-01\n"
               "rule r hold = 1\n```\n");
  EngineOptions opts;
  opts.home = WRIT_SOURCE_DIR;
  opts.policy_paths = {t.file().string()};
  auto engine = Engine::open(opts);
  ASSERT_TRUE(engine);
  EXPECT_EQ((*engine)->error_count(), 2u);    // E0301, E0401
  EXPECT_EQ((*engine)->warning_count(), 1u);  // W0201
  EXPECT_THAT((*engine)->diagnostics(), HasSubstr("2 errors, 1 warning\n"));
}

TEST(CheckerEngine, MissingPolicyPathIsNotFound) {
  EngineOptions opts;
  opts.home = WRIT_SOURCE_DIR;
  opts.policy_paths = {(fs::path(WRIT_SOURCE_DIR) / "no-such-dir" / "x.writ.md").string()};
  auto engine = Engine::open(opts);
  ASSERT_FALSE(engine);
  EXPECT_EQ(engine.error().code, ErrorCode::kNotFound);
}

TEST(CheckerEngine, HomeWithoutCatalogsIsNotFound) {
  EngineOptions opts;
  opts.home = (fs::path(WRIT_SOURCE_DIR) / "no-such-home").string();
  auto engine = Engine::open(opts);
  ASSERT_FALSE(engine);
  EXPECT_EQ(engine.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace writ::check
