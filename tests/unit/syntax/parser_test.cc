// The parser: every declaration kind, expression precedence, quantifiers, recovery and limits.
#include "syntax/parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace writ::syntax {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Parsed {
  SourceMap sources;
  Diagnostics diags;
  Module m;
  uint32_t file = 0;

  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : diags.sorted()) out.push_back(d.code);
    return out;
  }
  std::string rendered() const { return render_all(diags, sources); }
  uint32_t line(const Diagnostic& d) const { return sources.file(file).line_col(d.span.begin).line; }
};

// Parses `code` as the only writ block of a file whose first code line is line 2.
std::unique_ptr<Parsed> parse(const std::string& code) {
  auto p = std::make_unique<Parsed>();
  p->file = p->sources.add("t.writ.md", "```writ\n" + code + "\n```\n");
  p->m = parse_module(p->sources, p->file, p->diags);
  return p;
}

const char* kind_name(ExprKind k) {
  switch (k) {
    case ExprKind::kBool: return "bool";
    case ExprKind::kInt: return "int";
    case ExprKind::kString: return "str";
    case ExprKind::kDate: return "date";
    case ExprKind::kDateTime: return "datetime";
    case ExprKind::kDuration: return "dur";
    case ExprKind::kNone: return "none";
    case ExprKind::kUnknown: return "unknown";
    case ExprKind::kName: return "name";
    case ExprKind::kField: return "field";
    case ExprKind::kCall: return "call";
    case ExprKind::kNot: return "not";
    case ExprKind::kNeg: return "neg";
    case ExprKind::kAnd: return "and";
    case ExprKind::kOr: return "or";
    case ExprKind::kEq: return "==";
    case ExprKind::kNe: return "!=";
    case ExprKind::kLt: return "<";
    case ExprKind::kLe: return "<=";
    case ExprKind::kGt: return ">";
    case ExprKind::kGe: return ">=";
    case ExprKind::kAdd: return "+";
    case ExprKind::kSub: return "-";
    case ExprKind::kMul: return "*";
    case ExprKind::kIn: return "in";
    case ExprKind::kList: return "list";
    case ExprKind::kExists: return "exists";
    case ExprKind::kAll: return "all";
    case ExprKind::kCount: return "count";
    case ExprKind::kSum: return "sum";
    case ExprKind::kMax: return "max";
    case ExprKind::kMin: return "min";
    case ExprKind::kComprehension: return "for";
    case ExprKind::kIf: return "if";
  }
  return "?";
}

// An S-expression of the tree, e.g. (or a (and b c)).
std::string sexpr(const Module& m, ExprId id) {
  if (id == kNoExpr) return "_";
  const Expr& e = m.exprs.at(id);
  switch (e.kind) {
    case ExprKind::kBool: return e.num ? "true" : "false";
    case ExprKind::kInt: return std::to_string(e.num);
    case ExprKind::kString: return "\"" + e.text + "\"";
    case ExprKind::kDate:
    case ExprKind::kDateTime:
    case ExprKind::kName: return e.text;
    case ExprKind::kDuration: return std::to_string(e.num) + e.unit;
    case ExprKind::kNone: return "none";
    case ExprKind::kUnknown: return "unknown";
    case ExprKind::kField: return "(. " + sexpr(m, e.a) + " " + e.text + ")";
    case ExprKind::kCall:
    case ExprKind::kList: {
      std::string s = "(" + std::string(e.kind == ExprKind::kCall ? e.text : "list");
      for (ExprId a : e.args) s += " " + sexpr(m, a);
      return s + ")";
    }
    case ExprKind::kNot:
    case ExprKind::kNeg: return "(" + std::string(kind_name(e.kind)) + " " + sexpr(m, e.a) + ")";
    case ExprKind::kExists:
    case ExprKind::kAll:
    case ExprKind::kCount:
    case ExprKind::kSum:
    case ExprKind::kMax:
    case ExprKind::kMin:
      return "(" + std::string(kind_name(e.kind)) + " " + e.text + " " + sexpr(m, e.a) + " " +
             sexpr(m, e.b) + " " + sexpr(m, e.c) + ")";
    case ExprKind::kComprehension: {
      std::string s = "(for " + sexpr(m, e.a);
      for (size_t i = 0; i < e.args.size(); ++i) s += " [" + e.vars[i] + " " + sexpr(m, e.args[i]) + "]";
      return s + " " + sexpr(m, e.b) + ")";
    }
    case ExprKind::kIf: return "(if " + sexpr(m, e.a) + " " + sexpr(m, e.b) + " " + sexpr(m, e.c) + ")";
    default:
      return "(" + std::string(kind_name(e.kind)) + " " + sexpr(m, e.a) + " " + sexpr(m, e.b) + ")";
  }
}

// Parses `def x : bool = EXPR` and returns the body as an S-expression ("ERROR: ..." on errors).
std::string expr(const std::string& text) {
  auto p = parse("def x : bool = " + text);
  if (!p->diags.empty()) return "ERROR: " + p->rendered();
  if (p->m.defs.size() != 1) return "ERROR: no def";
  return sexpr(p->m, p->m.defs[0].body);
}

// ---------------------------------------------------------------- declarations

TEST(Parser, PolicyHeader) {
  auto p = parse(R"W(policy nyc-doc
  title "T"
  jurisdiction "US-NY-NYC"
  agency "DOC"
  timezone "America/New_York"
  holidays "us-ny-gcl-24"
  uses "nyc-definitions"
  source "the law" "https://example.org/law"
  source "a second source"
  version 2014-12-14 "first"
  version 2015-02-12
  ends 2030-01-01)W");
  ASSERT_TRUE(p->diags.empty()) << p->rendered();
  ASSERT_TRUE(p->m.header.has_value());
  const auto& h = *p->m.header;
  EXPECT_EQ(h.id, "nyc-doc");
  EXPECT_EQ(h.title, "T");
  EXPECT_EQ(h.jurisdiction, "US-NY-NYC");
  EXPECT_EQ(h.agency, "DOC");
  EXPECT_EQ(h.timezone, "America/New_York");
  EXPECT_EQ(h.holidays, "us-ny-gcl-24");
  ASSERT_EQ(h.uses.size(), 1u);
  EXPECT_EQ(h.uses[0].first, "nyc-definitions");
  ASSERT_EQ(h.sources.size(), 2u);
  EXPECT_EQ(h.sources[0], (std::pair<std::string, std::string>{"the law", "https://example.org/law"}));
  EXPECT_EQ(h.sources[1].second, "");
  ASSERT_EQ(h.versions.size(), 2u);
  EXPECT_EQ(h.versions[0].date, "2014-12-14");
  EXPECT_EQ(h.versions[0].label, "first");
  EXPECT_EQ(h.versions[1].date, "2015-02-12");
  EXPECT_EQ(h.versions[1].label, "");
  EXPECT_EQ(h.ends, "2030-01-01");
}

TEST(Parser, Library) {
  auto p = parse("library nyc-definitions\ndef a : bool = true");
  ASSERT_TRUE(p->diags.empty()) << p->rendered();
  EXPECT_EQ(p->m.library, "nyc-definitions");
  EXPECT_FALSE(p->m.header.has_value());
  EXPECT_EQ(p->m.defs.size(), 1u);
}

TEST(Parser, PolicyAndLibraryInOneFileIsAnError) {
  auto p = parse("library a\npolicy b version 2020-01-01");
  EXPECT_THAT(p->codes(), ElementsAre("E0104"));
  p = parse("policy b version 2020-01-01\npolicy c version 2020-01-01");
  EXPECT_THAT(p->codes(), ElementsAre("E0104"));
  p = parse("policy b version 2020-01-01\nlibrary a");
  EXPECT_THAT(p->codes(), ElementsAre("E0104"));
}

TEST(Parser, UnknownPolicyField) {
  auto p = parse("policy b\n  colour \"red\"\n  version 2020-01-01");
  EXPECT_THAT(p->codes(), ElementsAre("E0105"));
  EXPECT_THAT(p->rendered(), HasSubstr("unknown policy field 'colour'"));
}

TEST(Parser, VersionNeedsADate) {
  auto p = parse("policy b\n  version \"2020-01-01\"");
  EXPECT_THAT(p->codes(), ElementsAre("E0102"));
  EXPECT_THAT(p->rendered(), HasSubstr("expected a date (YYYY-MM-DD) for the date the version comes into force"));
}

TEST(Parser, EnumRecordInput) {
  auto p = parse(R"W(enum Form { I-247A, I-247, other, }
record Doc {
  type: Form
  when_seen: datetime,
  parts: [[Form]]
}
input docs: [Doc]
input flag: bool)W");
  ASSERT_TRUE(p->diags.empty()) << p->rendered();
  ASSERT_EQ(p->m.enums.size(), 1u);
  const auto& e = p->m.enums[0];
  EXPECT_EQ(e.name, "Form");
  ASSERT_EQ(e.members.size(), 3u);
  EXPECT_EQ(e.members[0].first, "I-247A");
  EXPECT_EQ(e.members[2].first, "other");
  ASSERT_EQ(p->m.records.size(), 1u);
  const auto& r = p->m.records[0];
  ASSERT_EQ(r.fields.size(), 3u);
  EXPECT_EQ(r.fields[0].name, "type");
  EXPECT_EQ(r.fields[0].type.name, "Form");
  EXPECT_EQ(r.fields[1].type.name, "datetime");
  ASSERT_TRUE(r.fields[2].type.is_list());
  ASSERT_TRUE(r.fields[2].type.elem[0].is_list());
  EXPECT_EQ(r.fields[2].type.elem[0].elem[0].name, "Form");
  ASSERT_EQ(p->m.inputs.size(), 2u);
  EXPECT_EQ(p->m.inputs[0].name, "docs");
  EXPECT_TRUE(p->m.inputs[0].type.is_list());
  EXPECT_EQ(p->m.inputs[1].type.name, "bool");
}

TEST(Parser, DefsWithParamsVersionsCitesAndSays) {
  auto p = parse(R"W(def f(a: int, b: [Doc]) : int
  since 2015-01-01 until 2016-01-01
  cite "§ 1"
  says true "yes"
  says false "no"
  says unknown "maybe"
  says "always"
  = a
def g() : bool = true
def h : date
def k : bool cite "c" says applies "x" says otherwise "y")W");
  ASSERT_TRUE(p->diags.empty()) << p->rendered();
  ASSERT_EQ(p->m.defs.size(), 4u);
  const auto& f = p->m.defs[0];
  EXPECT_EQ(f.name, "f");
  EXPECT_TRUE(f.has_params);
  ASSERT_EQ(f.params.size(), 2u);
  EXPECT_EQ(f.params[0].name, "a");
  EXPECT_EQ(f.params[1].name, "b");
  EXPECT_TRUE(f.params[1].type.is_list());
  EXPECT_EQ(f.type.name, "int");
  EXPECT_EQ(f.in_force.since, "2015-01-01");
  EXPECT_EQ(f.in_force.until, "2016-01-01");
  EXPECT_EQ(f.cite, "§ 1");
  ASSERT_EQ(f.says.size(), 4u);
  EXPECT_EQ(f.says[0].when, "true");
  EXPECT_EQ(f.says[0].text, "yes");
  EXPECT_EQ(f.says[2].when, "unknown");
  EXPECT_EQ(f.says[3].when, "");
  EXPECT_EQ(f.says[3].text, "always");
  EXPECT_NE(f.body, kNoExpr);
  EXPECT_TRUE(p->m.defs[1].has_params);
  EXPECT_TRUE(p->m.defs[1].params.empty());
  EXPECT_FALSE(p->m.defs[2].has_params);
  EXPECT_EQ(p->m.defs[2].body, kNoExpr);  // rule-defined
  EXPECT_EQ(p->m.defs[3].says[0].when, "applies");
  EXPECT_EQ(p->m.defs[3].says[1].when, "otherwise");
}

TEST(Parser, SaysWithABadQualifier) {
  auto p = parse("def k : bool cite \"c\" says sometimes \"x\" = true");
  EXPECT_THAT(p->codes(), ElementsAre("E0107"));
}

TEST(Parser, Actions) {
  auto p = parse(R"W(action hold "Hold past release" requested by detainer
action notify_release "Notify" requested by detainer, notification
action quiet)W");
  ASSERT_TRUE(p->diags.empty()) << p->rendered();
  ASSERT_EQ(p->m.actions.size(), 3u);
  EXPECT_EQ(p->m.actions[0].name, "hold");
  EXPECT_EQ(p->m.actions[0].title, "Hold past release");
  EXPECT_THAT(p->m.actions[0].requested_by, ElementsAre("detainer"));
  EXPECT_THAT(p->m.actions[1].requested_by, ElementsAre("detainer", "notification"));
  EXPECT_EQ(p->m.actions[2].title, "");
  EXPECT_TRUE(p->m.actions[2].requested_by.empty());
}

TEST(Parser, Rules) {
  auto p = parse(R"W(rule base
  cite "§ b"
  says "no"
  hold = false
  notify_release = false
rule honor-b1 exception to base
  since 2015-02-12
  cite "§ b(1)"
  says applies "yes"
  says unknown "maybe"
  when a and b
  hold = true, hold.until = none
  notify_release = true)W");
  ASSERT_TRUE(p->diags.empty()) << p->rendered();
  ASSERT_EQ(p->m.rules.size(), 2u);
  const auto& base = p->m.rules[0];
  EXPECT_EQ(base.label, "base");
  EXPECT_EQ(base.exception_to, "");
  EXPECT_EQ(base.when, kNoExpr);
  ASSERT_EQ(base.assignments.size(), 2u);
  EXPECT_EQ(base.assignments[0].target, "hold");
  const auto& ex = p->m.rules[1];
  EXPECT_EQ(ex.label, "honor-b1");
  EXPECT_EQ(ex.exception_to, "base");
  EXPECT_EQ(ex.in_force.since, "2015-02-12");
  EXPECT_EQ(ex.cite, "§ b(1)");
  ASSERT_EQ(ex.says.size(), 2u);
  EXPECT_EQ(sexpr(p->m, ex.when), "(and a b)");
  ASSERT_EQ(ex.assignments.size(), 3u);
  EXPECT_EQ(ex.assignments[1].target, "hold.until");
  EXPECT_EQ(sexpr(p->m, ex.assignments[1].value), "none");
  EXPECT_EQ(ex.assignments[2].target, "notify_release");
}

TEST(Parser, RuleThatSetsNothing) {
  auto p = parse("rule empty cite \"x\" when true");
  EXPECT_THAT(p->codes(), ElementsAre("E0108"));
  EXPECT_THAT(p->rendered(), HasSubstr("rule 'empty' sets nothing"));
}

TEST(Parser, RuleLabelMustNotBeAKeyword) {
  auto p = parse("rule when cite \"x\" hold = true");
  EXPECT_THAT(p->codes(), ElementsAre("E0102"));
}

TEST(Parser, SpansOfDeclarations) {
  auto p = parse("enum E { a }\nrule my-rule cite \"x\" hold = true");
  ASSERT_TRUE(p->diags.empty());
  const auto& f = p->sources.file(p->file);
  EXPECT_EQ(f.text().substr(p->m.rules[0].span.begin, p->m.rules[0].span.end - p->m.rules[0].span.begin), "my-rule");
  EXPECT_EQ(f.line_col(p->m.rules[0].span.begin).line, 3u);
  EXPECT_EQ(f.line_col(p->m.rules[0].span.begin).col, 6u);
}

// ---------------------------------------------------------------- expressions

TEST(ParserExpr, Literals) {
  EXPECT_EQ(expr("true"), "true");
  EXPECT_EQ(expr("false"), "false");
  EXPECT_EQ(expr("unknown"), "unknown");
  EXPECT_EQ(expr("none"), "none");
  EXPECT_EQ(expr("42"), "42");
  EXPECT_EQ(expr("\"s\""), "\"s\"");
  EXPECT_EQ(expr("2024-02-29"), "2024-02-29");
  EXPECT_EQ(expr("2024-03-01T10:15:00-05:00"), "2024-03-01T10:15:00-05:00");
}

TEST(ParserExpr, DurationLiterals) {
  EXPECT_EQ(expr("5 years"), "5y");
  EXPECT_EQ(expr("1 year"), "1y");
  EXPECT_EQ(expr("6 months"), "6m");
  EXPECT_EQ(expr("1 month"), "1m");
  EXPECT_EQ(expr("10 days"), "10d");
  EXPECT_EQ(expr("1 day"), "1d");
  EXPECT_EQ(expr("48 hours"), "48h");
  EXPECT_EQ(expr("1 hour"), "1h");
  EXPECT_EQ(expr("d - 5 years"), "(- d 5y)");
  EXPECT_EQ(expr("d - 5 years + 3 days"), "(+ (- d 5y) 3d)");
  // Not a unit: an int followed by a name is two things (here a parse error: the name is stray).
  EXPECT_THAT(expr("5 weeks"), HasSubstr("ERROR"));
}

TEST(ParserExpr, NumberTooLarge) {
  auto p = parse("def x : int = 99999999999999999999");
  EXPECT_THAT(p->codes(), ElementsAre("E0110"));
  EXPECT_EQ(expr("9223372036854775807"), "9223372036854775807");
}

TEST(ParserExpr, PrecedenceOfOrAndNot) {
  EXPECT_EQ(expr("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(expr("a and b or c"), "(or (and a b) c)");
  EXPECT_EQ(expr("not a and b"), "(and (not a) b)");
  EXPECT_EQ(expr("not a or not b"), "(or (not a) (not b))");
  EXPECT_EQ(expr("not not a"), "(not (not a))");
  EXPECT_EQ(expr("a or b or c"), "(or (or a b) c)");
  EXPECT_EQ(expr("a and b and c"), "(and (and a b) c)");
  EXPECT_EQ(expr("(a or b) and c"), "(and (or a b) c)");
}

TEST(ParserExpr, ComparisonBindsTighterThanLogic) {
  EXPECT_EQ(expr("a == b and c != d"), "(and (== a b) (!= c d))");
  EXPECT_EQ(expr("not a == b"), "(not (== a b))");
  EXPECT_EQ(expr("a < b or a <= b"), "(or (< a b) (<= a b))");
  EXPECT_EQ(expr("a > b and a >= b"), "(and (> a b) (>= a b))");
}

TEST(ParserExpr, ArithmeticBindsTighterThanComparison) {
  EXPECT_EQ(expr("a + b == c - d"), "(== (+ a b) (- c d))");
  EXPECT_EQ(expr("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(expr("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(expr("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(expr("-a + b"), "(+ (neg a) b)");
  EXPECT_EQ(expr("- - a"), "(neg (neg a))");
  EXPECT_EQ(expr("a > b - 5 years"), "(> a (- b 5y))");
}

TEST(ParserExpr, ComparisonDoesNotChain) {
  // `a < b < c` is not an expression: the second '<' is left over.
  EXPECT_THAT(expr("a < b < c"), HasSubstr("ERROR"));
}

TEST(ParserExpr, MembershipAndNotIn) {
  EXPECT_EQ(expr("x in [a, b]"), "(in x (list a b))");
  EXPECT_EQ(expr("x not in [a, b]"), "(not (in x (list a b)))");
  EXPECT_EQ(expr("x in xs and y not in ys"), "(and (in x xs) (not (in y ys)))");
  EXPECT_EQ(expr("[]"), "(list)");
  EXPECT_EQ(expr("[1]"), "(list 1)");
}

TEST(ParserExpr, FieldsAndCalls) {
  EXPECT_EQ(expr("request.documents"), "(. request documents)");
  EXPECT_EQ(expr("a.b.c"), "(. (. a b) c)");
  EXPECT_EQ(expr("f()"), "(f)");
  EXPECT_EQ(expr("f(a, b.c, 1 + 2)"), "(f a (. b c) (+ 1 2))");
  EXPECT_EQ(expr("f(a).b"), "(. (f a) b)");
  EXPECT_EQ(expr("DocumentType.other"), "(. DocumentType other)");
}

TEST(ParserExpr, MaxAndMinBuiltinCalls) {
  // docs/language.md lists max(a, b) and min(a, b) as built-ins beside the `max x in L of E`
  // quantifiers (regression: the calls used to be refused with E0111).
  EXPECT_EQ(expr("max(a, b)"), "(max a b)");
  EXPECT_EQ(expr("min(a, b)"), "(min a b)");
}

TEST(ParserExpr, Quantifiers) {
  EXPECT_EQ(expr("exists d in request.documents where d.names_subject"),
            "(exists d (. request documents) (. d names_subject) _)");
  EXPECT_EQ(expr("all c in cs where c.ok"), "(all c cs (. c ok) _)");
  EXPECT_EQ(expr("count c in cs where c.ok"), "(count c cs (. c ok) _)");
  EXPECT_EQ(expr("sum c in cs of c.days"), "(sum c cs _ (. c days))");
  EXPECT_EQ(expr("sum c in cs where c.ok of c.days"), "(sum c cs (. c ok) (. c days))");
  EXPECT_EQ(expr("max c in cs of c.date"), "(max c cs _ (. c date))");
  EXPECT_EQ(expr("min c in cs where c.ok of c.date"), "(min c cs (. c ok) (. c date))");
  // ':' may stand for 'where'.
  EXPECT_EQ(expr("exists x in xs: x"), "(exists x xs x _)");
}

TEST(ParserExpr, QuantifierBodyExtendsAsFarAsPossible) {
  EXPECT_EQ(expr("exists x in xs where a and b"), "(exists x xs (and a b) _)");
  EXPECT_EQ(expr("c and exists x in xs where a or b"), "(and c (exists x xs (or a b) _))");
  EXPECT_EQ(expr("(exists x in xs where a) or b"), "(or (exists x xs a _) b)");
  // The condition is one comparison; a comparison after it applies to the whole quantifier.
  EXPECT_EQ(expr("count x in xs where x > 1 >= 2"), "(>= (count x xs (> x 1) _) 2)");
}

TEST(ParserExpr, QuantifierNeedsWhereOrOf) {
  EXPECT_THAT(expr("exists x in xs"), HasSubstr("expected 'where' and a condition"));
  EXPECT_THAT(expr("sum x in xs where x"), HasSubstr("expected 'of'"));
  EXPECT_THAT(expr("exists in xs where x"), HasSubstr("expected a variable name"));
  EXPECT_THAT(expr("exists x of xs where x"), HasSubstr("expected 'in'"));
}

TEST(ParserExpr, ListComprehensions) {
  EXPECT_EQ(expr("[c.x for c in cs]"), "(for (. c x) [c cs] _)");
  EXPECT_EQ(expr("[p for c in cs, p in c.incarcerations where ok(c)]"),
            "(for p [c cs] [p (. c incarcerations)] (ok c))");
  EXPECT_EQ(expr("length([x for x in xs where x > 1]) > 0"), "(> (length (for x [x xs] (> x 1))) 0)");
}

TEST(ParserExpr, IfThenElse) {
  EXPECT_EQ(expr("if a then b else c"), "(if a b c)");
  EXPECT_EQ(expr("if a then b else if c then d else e"), "(if a b (if c d e))");
  EXPECT_EQ(expr("if a or b then 1 + 2 else 3"), "(if (or a b) (+ 1 2) 3)");
  EXPECT_EQ(expr("x and (if a then b else c)"), "(and x (if a b c))");
  EXPECT_THAT(expr("if a then b"), HasSubstr("expected 'else'"));
  EXPECT_THAT(expr("if a b else c"), HasSubstr("expected 'then'"));
}

TEST(ParserExpr, ReservedWordsCannotStartAnExpression) {
  auto p = parse("def x : bool = where");
  EXPECT_THAT(p->codes(), ElementsAre("E0111"));
  EXPECT_THAT(p->rendered(), HasSubstr("'where' cannot start an expression"));
  p = parse("def x : bool = )");
  EXPECT_THAT(p->codes(), ElementsAre("E0111"));
}

TEST(ParserExpr, SpansCoverTheWholeExpression) {
  auto p = parse("def x : bool = exists d in ds where d.ok and e");
  ASSERT_TRUE(p->diags.empty()) << p->rendered();
  const Expr& body = p->m.exprs[p->m.defs[0].body];
  const auto& text = p->sources.file(p->file).text();
  EXPECT_EQ(text.substr(body.span.begin, body.span.end - body.span.begin), "exists d in ds where d.ok and e");
  auto q = parse("def x : bool = a.b.c == [1, 2]");
  ASSERT_TRUE(q->diags.empty()) << q->rendered();
  const Expr& eq = q->m.exprs[q->m.defs[0].body];
  const auto& t2 = q->sources.file(q->file).text();
  EXPECT_EQ(t2.substr(eq.span.begin, eq.span.end - eq.span.begin), "a.b.c == [1, 2]");
}

// ---------------------------------------------------------------- recovery and limits

TEST(ParserRecovery, LaterErrorsAreStillReported) {
  auto p = parse(R"W(enum A { x y }
record R { a int }
def ok1 : bool = true
def bad : bool = a and
  or b
def ok2 : bool = false
action act requested detainer
rule fine cite "c" hold = true
rule r2 cite 42 hold = true)W");
  // One error per broken declaration; the good ones between them are parsed.
  std::vector<uint32_t> lines;
  for (const auto& d : p->diags.sorted()) lines.push_back(p->line(d));
  EXPECT_THAT(lines, ElementsAre(2u, 3u, 6u, 8u, 10u)) << p->rendered();
  EXPECT_THAT(p->codes(), ElementsAre("E0102", "E0102", "E0111", "E0102", "E0102"));
  ASSERT_EQ(p->m.defs.size(), 2u);
  EXPECT_EQ(p->m.defs[0].name, "ok1");
  EXPECT_EQ(p->m.defs[1].name, "ok2");
  ASSERT_EQ(p->m.rules.size(), 1u);
  EXPECT_EQ(p->m.rules[0].label, "fine");
}

TEST(ParserRecovery, AnExpressionCutShortByTheNextDeclaration) {
  // `def bad : bool = (a and` runs into the `rule` keyword of the next declaration. The error is
  // reported at `rule`, and recovery keeps that keyword, so the rule is parsed and its own error
  // reported (regression: recovery used to skip the keyword and lose the rule silently).
  auto p = parse("def bad : bool = (a and\nrule r2 cite \"x\"\nenum After { z }");
  EXPECT_THAT(p->codes(), ElementsAre("E0111", "E0108")) << p->rendered();
}

TEST(ParserRecovery, StrayTokensBetweenDeclarations) {
  auto p = parse("enum A { x }\n) ) garbage here\nenum B { y }");
  EXPECT_THAT(p->codes(), ElementsAre("E0103"));
  ASSERT_EQ(p->m.enums.size(), 2u);
  EXPECT_EQ(p->m.enums[1].name, "B");
}

TEST(ParserRecovery, LexErrorsAreReportedAndSkipped) {
  auto p = parse("enum A { x }\ndef d : bool = a $ and b\nenum B { y }");
  auto codes = p->codes();
  ASSERT_FALSE(codes.empty());
  EXPECT_EQ(codes[0], "E0101");
  EXPECT_EQ(p->m.enums.size(), 2u);
  // The bad character is skipped by the parser, which still reads `a and b`.
  ASSERT_EQ(p->m.defs.size(), 1u);
  EXPECT_EQ(sexpr(p->m, p->m.defs[0].body), "(and a b)");
}

TEST(ParserRecovery, UnterminatedStringReportsAndContinues) {
  auto p = parse("rule r cite \"unclosed\n  hold = true\nenum B { y }");
  auto codes = p->codes();
  ASSERT_GE(codes.size(), 1u);
  EXPECT_EQ(codes[0], "E0101");
  EXPECT_THAT(p->rendered(), HasSubstr("this string is not closed on its line"));
  ASSERT_EQ(p->m.enums.size(), 1u);
}

TEST(ParserRecovery, ErrorsInSeveralBlocks) {
  SourceMap sources;
  uint32_t f = sources.add("t.writ.md",
                           "```writ\nenum A {\n```\n\nprose\n\n```writ\nrule r hold =\n```\n\n```writ\nenum C { c }\n```\n");
  Diagnostics diags;
  Module m = parse_module(sources, f, diags);
  auto sorted = diags.sorted();
  ASSERT_EQ(sorted.size(), 2u) << render_all(diags, sources);
  // Each block ends its declarations: an unclosed enum does not swallow the next block.
  // Both are reported at the end of their block's last line.
  EXPECT_EQ(sources.file(f).line_col(sorted[0].span.begin).line, 2u);
  EXPECT_EQ(sources.file(f).line_col(sorted[1].span.begin).line, 8u);
  ASSERT_EQ(m.enums.size(), 1u);
  EXPECT_EQ(m.enums[0].name, "C");
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ParserLimits, ParenthesesNestedTooDeeply) {
  auto p = parse("def x : bool = " + repeat("(", 300) + "a" + repeat(")", 300) + "\nenum After { a }");
  EXPECT_THAT(p->codes(), ElementsAre("E0109"));
  EXPECT_THAT(p->rendered(), HasSubstr("nested too deeply"));
  EXPECT_EQ(p->m.enums.size(), 1u);  // recovered
}

TEST(ParserLimits, NestingJustUnderTheLimitIsFine) {
  auto p = parse("def x : bool = " + repeat("(", 150) + "a" + repeat(")", 150));
  EXPECT_TRUE(p->diags.empty()) << p->rendered();
}

TEST(ParserLimits, NotNestedTooDeeply) {
  auto p = parse("def x : bool = " + repeat("not ", 300) + "a");
  EXPECT_THAT(p->codes(), ElementsAre("E0109"));
}

TEST(ParserLimits, ListsAndIfsNestedTooDeeply) {
  auto p = parse("def x : bool = " + repeat("[", 300) + repeat("]", 300));
  EXPECT_THAT(p->codes(), ElementsAre("E0109"));
  p = parse("def x : bool = " + repeat("if a then b else ", 300) + "c");
  EXPECT_THAT(p->codes(), ElementsAre("E0109"));
}

TEST(ParserLimits, TheDepthBudgetIsRestoredAfterAnError) {
  // After one too-deep expression, a later expression of ordinary depth still parses.
  auto p = parse("def x : bool = " + repeat("not ", 300) + "a\n" +
                 "def y : bool = " + repeat("(", 150) + "a" + repeat(")", 150));
  EXPECT_THAT(p->codes(), ElementsAre("E0109")) << p->rendered();
}

TEST(ParserLimits, TheDepthBudgetDoesNotLeakAcrossErrors) {
  // Regression: parse_not used to return on "nested too deeply" without undoing its ++depth_, so
  // each such error lowered the limit for the rest of the file by one.
  auto p = parse(repeat("def x : bool = " + repeat("not ", 250) + "a\n", 10) +
            "def y : bool = " + repeat("(", 195) + "a" + repeat(")", 195));
  EXPECT_EQ(p->codes(), std::vector<std::string>(10, "E0109")) << p->rendered();
}

TEST(ParserLimits, UnaryMinusNestedDeeplyIsRefusedNotACrash) {
  // Regression: parse_unary recursed once per '-' without counting depth; 200000 of them
  // exhausted the stack.
  auto p = parse("def x : int = " + repeat("- ", 200000) + "1");
  EXPECT_THAT(p->codes(), ElementsAre("E0109"));
}

TEST(ParserLimits, ManyDeclarationsAreFine) {
  auto p = parse(repeat("enum E { a }\n", 2000));
  EXPECT_TRUE(p->diags.empty());
  EXPECT_EQ(p->m.enums.size(), 2000u);
}

}  // namespace
}  // namespace writ::syntax
