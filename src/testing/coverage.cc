#include "testing/coverage.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cases/case_decoder.h"
#include "engine/engine_impl.h"

namespace writ::testing {

using Kind = CoverageItem::Kind;

const char* CoverageItem::kind_name() const {
  switch (kind) {
    case Kind::kRule:
      return "rule";
    case Kind::kException:
      return "exception";
    case Kind::kDef:
      return "def";
    case Kind::kBranch:
      return "if";
  }
  return "?";
}

bool CoverageItem::full() const {
  if (kind == Kind::kDef) return applied;
  if (kind == Kind::kBranch) return seen_true && seen_false;
  return applied && (!has_when || (seen_true && seen_false));
}

size_t FileCoverage::count(Kind k, bool covered) const {
  size_t n = 0;
  for (const auto& i : items) {
    if (i.kind != k) continue;
    bool c = k == Kind::kBranch ? i.full() : i.applied;
    if (!covered || c) ++n;
  }
  return n;
}

CoverageRecorder::CoverageRecorder(const Engine& engine) : engine_(engine) {
  const auto& impl = engine.impl();
  auto add = [&](Kind k, const std::string& name, Span sp, bool has_when) {
    const SourceFile& f = impl.sources->file(sp.file);
    auto key = std::make_pair(f.path(), sp.begin);
    if (items_.count(key)) return;
    CoverageItem it;
    it.kind = k;
    it.name = name;
    it.file = f.path();
    LineCol lc = f.line_col(sp.begin);
    it.line = lc.line;
    it.col = lc.col;
    it.has_when = has_when;
    items_.emplace(key, std::move(it));
  };
  for (const auto& lp : impl.policies) {
    const auto& pol = *lp->checked;
    // Module 0 is the prelude: its declarations are the case format, not rules of a policy.
    for (size_t m = 1; m < pol.modules.size(); ++m) {
      const auto& mod = pol.modules[m];
      for (const auto& r : mod.rules) {
        add(r.exception_to.empty() ? Kind::kRule : Kind::kException, r.label, r.span,
            r.when != syntax::kNoExpr);
      }
      for (const auto& d : mod.defs) add(Kind::kDef, d.name, d.span, false);
      for (const auto& e : mod.exprs) {
        if (e.kind == syntax::ExprKind::kIf) add(Kind::kBranch, "if", e.span, true);
      }
    }
  }
}

void CoverageRecorder::record(const std::string& policy_id, const std::string& case_json,
                              const DecideOptions& options) {
  const auto& impl = engine_.impl();
  const LoadedPolicy* lp = impl.find(policy_id);
  if (!lp) return;
  const auto& pol = *lp->checked;
  auto data = cases::decode_case(case_json, pol, {}, &impl.catalog);
  if (!data) return;
  auto day = decision_date(pol, **data, options.as_of);
  if (!day) return;
  const eval::Program* prog = lp->program_for(*day);
  if (!prog) return;
  eval::Scratch s;
  std::vector<uint8_t> marks(prog->nodes.size(), 0);
  s.coverage = &marks;
  auto verdict = eval::evaluate_explained(*prog, **data, s);
  if (!verdict) return;
  auto item = [&](Span sp) -> CoverageItem* {
    auto it = items_.find({impl.sources->file(sp.file).path(), sp.begin});
    return it == items_.end() ? nullptr : &it->second;
  };
  // Rules: conditions seen, and the rules that decided a target.
  for (size_t i = 0; i < pol.rules.size(); ++i) {
    CoverageItem* it = item(pol.rule(i).span);
    if (!it || s.rule_cond_state[i] != s.epoch) continue;
    const eval::Value& c = s.rule_conds[i];
    if (c.kind != eval::VKind::kBool) {
      it->seen_unknown = true;
    } else if (c.b) {
      it->seen_true = it->applied = true;
    } else {
      it->seen_false = true;
    }
  }
  auto decided = [&](const eval::TargetResult& t) {
    if (t.rule < 0 || t.applies != eval::Tri::kTrue) return;
    const auto& rc = prog->rules[static_cast<uint32_t>(t.rule)];
    if (CoverageItem* it = item(pol.rule(rc.rule).span)) it->applied = true;
  };
  for (const auto& av : verdict->actions) {
    decided(av.permitted);
    decided(av.until);
  }
  // Definitions: bodies evaluated; rule-defined ones computed.
  for (uint32_t g = 0; g < prog->defs.size(); ++g) {
    const auto& dc = prog->defs[g];
    if (!dc.decl) continue;
    bool run = dc.body != eval::kNone32 ? (marks[dc.body] & eval::Scratch::kCovRun) != 0
                                        : s.def_state[g] == s.epoch;
    if (!run) continue;
    if (CoverageItem* it = item(dc.decl->span)) it->applied = true;
  }
  for (const auto& b : prog->branches) {
    CoverageItem* it = item(pol.modules[b.module].exprs[b.expr].span);
    if (!it) continue;
    uint8_t m = marks[b.node];
    it->seen_true |= (m & eval::Scratch::kCovThen) != 0;
    it->seen_false |= (m & eval::Scratch::kCovElse) != 0;
    it->seen_unknown |= (m & eval::Scratch::kCovUnknown) != 0;
    it->applied = it->seen_true && it->seen_false;
  }
}

std::vector<FileCoverage> CoverageRecorder::report() const {
  std::vector<FileCoverage> out;
  for (const auto& [key, it] : items_) {
    if (out.empty() || out.back().file != key.first) out.push_back(FileCoverage{key.first, {}});
    out.back().items.push_back(it);
  }
  return out;
}

namespace {
std::string ratio(size_t a, size_t b) {
  return b == 0 ? std::string("-") : fmt::format("{}/{}", a, b);
}
std::string seen(const CoverageItem& i) {
  std::string s;
  if (i.seen_true) s += "true";
  if (i.seen_false) s += s.empty() ? "false" : ", false";
  if (i.seen_unknown) s += s.empty() ? "unknown" : ", unknown";
  return s.empty() ? "never evaluated" : "seen " + s;
}
}  // namespace

std::string coverage_table(const std::vector<FileCoverage>& files) {
  std::string out = fmt::format("{:<40} {:>9} {:>11} {:>8} {:>9} {:>9}\n", "file", "rules",
                                "exceptions", "whens", "defs", "ifs");
  for (const auto& f : files) {
    size_t whens = 0, whens_full = 0;
    for (const auto& i : f.items) {
      if ((i.kind == Kind::kRule || i.kind == Kind::kException) && i.has_when) {
        ++whens;
        whens_full += i.seen_true && i.seen_false;
      }
    }
    out += fmt::format("{:<40} {:>9} {:>11} {:>8} {:>9} {:>9}\n", f.file,
                       ratio(f.count(Kind::kRule, true), f.count(Kind::kRule, false)),
                       ratio(f.count(Kind::kException, true), f.count(Kind::kException, false)),
                       ratio(whens_full, whens),
                       ratio(f.count(Kind::kDef, true), f.count(Kind::kDef, false)),
                       ratio(f.count(Kind::kBranch, true), f.count(Kind::kBranch, false)));
  }
  std::string gaps;
  for (const auto& f : files) {
    for (const auto& i : f.items) {
      if (i.full()) continue;
      std::string what;
      if (i.kind == Kind::kDef) {
        what = "never evaluated";
      } else if (i.kind == Kind::kBranch) {
        what = fmt::format("condition {}", seen(i));
      } else {
        what = fmt::format("{}{}", i.applied ? "applied" : "NEVER APPLIED",
                           i.has_when ? "; when " + seen(i) : "");
      }
      gaps += fmt::format("  {}:{}:{}: {} {}: {}\n", i.file, i.line, i.col, i.kind_name(), i.name,
                          what);
    }
  }
  if (!gaps.empty()) out += "\nNot fully exercised:\n" + gaps;
  return out;
}

std::string coverage_json(const std::vector<FileCoverage>& files) {
  using ordered = nlohmann::ordered_json;
  ordered j;
  j["format"] = "writ-coverage/1";
  ordered arr = ordered::array();
  for (const auto& f : files) {
    ordered items = ordered::array();
    for (const auto& i : f.items) {
      ordered o;
      o["kind"] = i.kind_name();
      o["name"] = i.name;
      o["line"] = i.line;
      o["col"] = i.col;
      if (i.kind != Kind::kDef) {
        ordered seen_o;
        seen_o["true"] = i.seen_true;
        seen_o["false"] = i.seen_false;
        seen_o["unknown"] = i.seen_unknown;
        if (i.kind == Kind::kBranch || i.has_when) o["condition"] = std::move(seen_o);
      }
      o[i.kind == Kind::kBranch ? "both_branches"
        : i.kind == Kind::kDef  ? "evaluated"
                                : "applied"] = i.applied;
      items.push_back(std::move(o));
    }
    arr.push_back(ordered{{"file", f.file}, {"items", std::move(items)}});
  }
  j["files"] = std::move(arr);
  return j.dump(2) + "\n";
}

std::vector<std::string> unapplied_rules(const std::vector<FileCoverage>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) {
    for (const auto& i : f.items) {
      if ((i.kind == Kind::kRule || i.kind == Kind::kException) && !i.applied)
        out.push_back(fmt::format("{}:{}: {} {}", i.file, i.line, i.kind_name(), i.name));
    }
  }
  return out;
}

}  // namespace writ::testing
