// The syntax tree of one policy (or the prelude). Expressions live in one vector and refer to
// each other by index; spans and, after checking, types are kept beside them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/source.h"

namespace writ::syntax {

using ExprId = uint32_t;
constexpr ExprId kNoExpr = UINT32_MAX;

// A type as written: bool, int, string, date, datetime, duration, citation, Name, [T].
struct TypeRef {
  std::string name;           // "bool", ..., or a record/enum name; empty for a list
  std::vector<TypeRef> elem;  // one element when this is a list type
  Span span;
  bool is_list() const { return !elem.empty(); }
};

enum class ExprKind : unsigned char {
  kBool,
  kInt,
  kString,
  kDate,
  kDateTime,
  kDuration,
  kNone,
  kUnknown,
  kName,   // text
  kField,  // a.text
  kCall,   // text(args...)
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
  kList,  // [args...]
  kExists,
  kAll,
  kCount,
  kSum,
  kMax,
  kMin,            // quantifier: var in a, body b [of c]
  kComprehension,  // [a for vars[i] in args[i] ... where b]
  kIf,             // if a then b else c
};

struct Expr {
  ExprKind kind = ExprKind::kUnknown;
  Span span;
  std::string text;  // name, field, function, literal text, bound variable
  int64_t num = 0;   // int value; duration amount
  char unit = 0;     // duration unit: 'y' 'm' 'd' 'h'
  ExprId a = kNoExpr, b = kNoExpr, c = kNoExpr;
  std::vector<ExprId> args;       // call arguments, list items, comprehension sources
  std::vector<std::string> vars;  // comprehension variables (one per source)
};

struct Says {
  std::string when;  // "true", "false", "unknown", "applies", "" (always)
  std::string text;
};

struct PolicyHeader {
  std::string id;
  Span span;
  std::string title, jurisdiction, agency, timezone, holidays;
  std::vector<std::pair<std::string, std::string>> sources;  // label, url
  struct Version {
    std::string date;  // ISO date: in force from
    std::string label;
    Span span;
  };
  std::vector<Version> versions;
  std::string ends;  // ISO date the last version stops being in force, or empty
  std::vector<std::pair<std::string, Span>> uses;  // libraries of shared definitions
};

struct EnumDecl {
  std::string name;
  Span span;
  std::vector<std::pair<std::string, Span>> members;
};

struct FieldDecl {
  std::string name;
  Span span;
  TypeRef type;
};

struct RecordDecl {
  std::string name;
  Span span;
  std::vector<FieldDecl> fields;
};

struct InputDecl {
  std::string name;
  Span span;
  TypeRef type;
};

struct Param {
  std::string name;
  TypeRef type;
  Span span;
};

// Validity interval of a def or rule, in terms of policy version dates: [since, until).
struct InForce {
  std::string since;  // ISO date or empty
  std::string until;  // ISO date or empty
  Span span;
};

struct DefDecl {
  std::string name;
  Span span;
  std::vector<Param> params;
  bool has_params = false;  // `def f() : T` vs `def f : T`
  TypeRef type;
  InForce in_force;
  std::string cite;
  Span cite_span;
  std::vector<Says> says;
  ExprId body = kNoExpr;  // kNoExpr: defined by rules
};

struct ActionDecl {
  std::string name;
  Span span;
  std::string title;
  std::vector<std::string> requested_by;  // request kinds that ask for this action
};

struct Assignment {
  std::string target;  // "hold", "hold.until", or a rule-defined def
  Span span;
  ExprId value = kNoExpr;
};

struct RuleDecl {
  std::string label;
  Span span;
  std::string exception_to;  // label of the rule this one overrides; empty for a base rule
  Span exception_span;
  InForce in_force;
  std::string cite;
  Span cite_span;
  std::vector<Says> says;
  ExprId when = kNoExpr;  // kNoExpr: always applies
  std::vector<Assignment> assignments;
};

// A written notice the law requires the agency to give the detained person (e.g. a copy of the
// request under California's TRUTH Act). Given when `when` holds; when it is unknown it is still
// given, marked uncertain.
struct NoticeDecl {
  std::string id;
  Span span;
  std::string title;
  InForce in_force;
  std::string cite;
  Span cite_span;
  std::vector<Says> says;
  ExprId when = kNoExpr;          // kNoExpr: always given
  std::vector<std::string> text;  // paragraphs
  Span text_span;
};

// One parsed file (a policy or the prelude).
struct Module {
  uint32_t file = 0;
  std::optional<PolicyHeader> header;
  std::string library;  // `library NAME`: a file of shared definitions, not a policy
  Span library_span;
  std::vector<EnumDecl> enums;
  std::vector<RecordDecl> records;
  std::vector<InputDecl> inputs;
  std::vector<DefDecl> defs;
  std::vector<ActionDecl> actions;
  std::vector<RuleDecl> rules;
  std::vector<NoticeDecl> notices;
  std::vector<Expr> exprs;
};

}  // namespace writ::syntax
