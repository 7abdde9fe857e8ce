// Turns a verdict into writ-decision/1: reasons in evaluation order with citations and the facts
// they rest on, and for a review, the missing facts with what each of their values would decide.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "calendar/civil.h"
#include "engine/engine_impl.h"

namespace writ {
namespace {

using eval::Fact;
using eval::Outcome;
using eval::Tri;
using eval::Value;
using eval::VKind;

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kHonor:
      return "honor";
    case Outcome::kDecline:
      return "decline";
    case Outcome::kReview:
      return "review";
  }
  return "review";
}

std::optional<bool> tri_of(const Value& v) {
  if (v.kind == VKind::kBool) return v.b;
  return std::nullopt;
}

class Explainer {
 public:
  Explainer(const LoadedPolicy& lp, const eval::Program& prog, const eval::CaseData& data,
            eval::Scratch& s)
      : prog_(prog), pol_(*lp.checked), data_(data), s_(s) {}

  std::string leaf_path(const Fact& f) const {
    const std::string& base = data_.path(f.rec->path);
    const auto& name = pol_.schema.records[f.rec->type].fields[f.field].name;
    return base.empty() ? name : base + "." + name;
  }

  // For reasons: a field of a list element is reported as the element ("request.documents[0]").
  std::string reason_path(const Fact& f) const {
    const std::string& base = data_.path(f.rec->path);
    if (base.find('[') != std::string::npos) return base;
    return leaf_path(f);
  }

  std::vector<std::string> reason_facts(uint32_t facts) const {
    std::vector<std::string> out;
    for (const Fact& f : s_.flatten(facts)) {
      std::string p = reason_path(f);
      if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string show(const Value& v, check::TypeId type = check::Schema::kErrorT) const {
    if (v.kind == VKind::kEnum) {
      const auto& ti = pol_.schema.info(type);
      if (ti.kind == check::TypeKind::kEnum &&
          v.member < pol_.schema.enums[ti.ref].members.size()) {
        return pol_.schema.enums[ti.ref].members[v.member];
      }
    }
    switch (v.kind) {
      case VKind::kUnknown:
        return "unknown";
      case VKind::kNone:
        return "none";
      case VKind::kBool:
        return v.b ? "true" : "false";
      case VKind::kInt:
        return std::to_string(v.i);
      case VKind::kDate:
        return cal::format_date(v.date);
      case VKind::kDateTime:
        return cal::format_datetime(cal::DateTime{v.dt.utc, v.dt.offset});
      case VKind::kDuration:
        return fmt::format("{}y{}m{}d{}h", v.dur.years, v.dur.months, v.dur.days, v.dur.hours);
      case VKind::kString:
        return *v.str;
      case VKind::kCitation:
        return v.cit->parsed ? v.cit->citation.canonical() : v.cit->text;
      case VKind::kEnum:
        return "value";
      case VKind::kRecord:
        return "record";
      case VKind::kList:
        return fmt::format("{} item(s)", v.list->size);
    }
    return "?";
  }

  static std::string says(const std::vector<syntax::Says>& says,
                          std::initializer_list<const char*> whens) {
    for (const char* w : whens) {
      for (const auto& s : says) {
        if (s.when == w) return s.text;
      }
    }
    return {};
  }

  void add_def(uint32_t g, const Value& v, Decision& d) {
    const eval::DefCode& dc = prog_.defs[g];
    if (!dc.decl || dc.decl->cite.empty() || !dc.param_slots.empty()) return;
    if (!seen_defs_.insert(g).second) return;
    Reason r;
    r.rule = dc.name;
    r.kind = "definition";
    r.cite = dc.decl->cite;
    r.holds = tri_of(v);
    bool is_bool = pol_.defs[g].type == check::Schema::kBoolT;
    if (!is_bool) r.value = show(v, pol_.defs[g].type);
    const char* w = v.kind == VKind::kBool ? (v.b ? "true" : "false") : v.known() ? "" : "unknown";
    r.because = says(dc.decl->says, {w, ""});
    if (r.because.empty()) {
      r.because =
          v.known() ? fmt::format("{} is {}", dc.name, show(v, pol_.defs[g].type))
                    : fmt::format("whether {} holds depends on facts that are not known", dc.name);
    }
    r.facts = reason_facts(v.facts);
    d.reasons.push_back(std::move(r));
  }

  void add_rule(const eval::TargetResult& t, Decision& d) {
    if (t.rule < 0) return;
    const eval::RuleCode& rc = prog_.rules[static_cast<uint32_t>(t.rule)];
    const std::string& target = pol_.targets[rc.target].name;
    if (auto it = rule_reason_.find(rc.rule); it != rule_reason_.end()) {
      auto& decides = d.reasons[it->second].decides;
      if (std::find(decides.begin(), decides.end(), target) == decides.end())
        decides.push_back(target);
      return;
    }
    rule_reason_[rc.rule] = d.reasons.size();
    const auto& decl = pol_.rule(rc.rule);
    Reason r;
    r.rule = decl.label;
    r.kind = "rule";
    r.cite = decl.cite;
    r.holds = t.applies == Tri::kTrue    ? std::optional<bool>(true)
              : t.applies == Tri::kFalse ? std::optional<bool>(false)
                                         : std::nullopt;
    r.because = says(decl.says, {t.applies == Tri::kUnknown ? "unknown" : "applies", ""});
    if (r.because.empty()) {
      r.because = t.applies == Tri::kUnknown
                      ? "whether this rule applies depends on facts that are not known"
                      : fmt::format("rule {} applies", decl.label);
    }
    r.facts = reason_facts(t.value.facts);
    r.decides.push_back(target);
    d.reasons.push_back(std::move(r));
  }

  void add_target(const eval::TargetResult& t, Decision& d) {
    for (uint32_t e = t.events_begin; e < t.events_end && e < s_.events.size(); ++e) {
      add_def(s_.events[e].def, s_.events[e].value, d);
    }
    add_rule(t, d);
  }

 private:
  const eval::Program& prog_;
  const check::CheckedPolicy& pol_;
  const eval::CaseData& data_;
  eval::Scratch& s_;
  std::set<uint32_t> seen_defs_;
  std::map<uint32_t, size_t> rule_reason_;  // rule -> index in reasons
};

}  // namespace

Decision build_decision(const LoadedPolicy& lp, const eval::Program& prog,
                        const eval::CaseData& data, eval::Scratch& scratch,
                        const eval::Verdict& verdict, const std::string& as_of, bool explain) {
  const auto& pol = *lp.checked;
  Decision d;
  d.case_id = data.id;
  d.policy = PolicyRef{lp.id, prog.version, prog.version_label, lp.digest, pol.header().title};
  d.as_of = as_of;
  d.outcome = outcome_name(verdict.outcome);
  if (verdict.request_kind.kind == VKind::kEnum) {
    d.request_kind = pol.schema.enums[prog.request_kind_enum].members[verdict.request_kind.member];
  }
  for (size_t a = 0; a < pol.actions.size(); ++a) {
    const auto& av = verdict.actions[a];
    ActionDecision ad;
    ad.name = pol.actions[a].name;
    ad.title = pol.actions[a].title;
    ad.requested = av.requested;
    ad.permitted = tri_of(av.permitted.value);
    const Value& u = av.until.value;
    if (u.kind == VKind::kDateTime) {
      ad.has_until = true;
      ad.until = cal::format_datetime(cal::DateTime{u.dt.utc, u.dt.offset});
    } else if (u.kind == VKind::kUnknown) {
      ad.has_until = true;
    }
    d.actions.push_back(std::move(ad));
  }
  for (size_t i = 0; i < prog.notices.size() && i < verdict.notices.size(); ++i) {
    if (verdict.notices[i] == Tri::kFalse) continue;
    const auto& decl = pol.notice(prog.notices[i].notice);
    Notice n;
    n.id = decl.id;
    n.title = decl.title;
    n.cite = decl.cite;
    for (const auto& para : decl.text) n.text += (n.text.empty() ? "" : "\n\n") + para;
    n.certain = verdict.notices[i] == Tri::kTrue;
    d.notices.push_back(std::move(n));
  }
  if (!explain) return d;

  Explainer ex(lp, prog, data, scratch);
  bool any_requested = false;
  for (size_t a = 0; a < pol.actions.size(); ++a) any_requested |= verdict.actions[a].requested;
  for (size_t a = 0; a < pol.actions.size(); ++a) {
    const auto& av = verdict.actions[a];
    if (any_requested && !av.requested) continue;
    ex.add_target(av.permitted, d);
    if (av.permitted.value.is_true()) ex.add_target(av.until, d);
  }

  // Missing facts: the inputs the requested actions' unknown answers depend on. Usually these
  // are unknown inputs; when every input is known but not specific enough to decide (a
  // subdivision broader than the listed one), the known inputs involved are named instead.
  std::vector<Fact> missing;
  std::vector<Fact> unspecific;
  auto collect = [&](const Value& v) {
    if (v.known()) return;
    bool named = false;
    for (const Fact& f : scratch.flatten(v.facts)) {
      const Value& slot = f.rec->slots[f.field];
      bool unreadable = slot.kind == VKind::kCitation && !slot.cit->parsed;
      if (slot.known() && !unreadable) continue;
      named = true;
      if (std::find(missing.begin(), missing.end(), f) == missing.end()) missing.push_back(f);
    }
    if (named) return;
    // Every input is known, yet the answer is open: a citation whose listing depends on a
    // subdivision it does not give. (An unknown the policy assigns on purpose names no fact.)
    for (const Fact& f : scratch.unspecific(v.facts)) {
      if (f.rec->slots[f.field].kind != VKind::kCitation) continue;
      if (std::find(unspecific.begin(), unspecific.end(), f) == unspecific.end())
        unspecific.push_back(f);
    }
  };
  if (verdict.request_kind.kind != VKind::kEnum) collect(verdict.request_kind);
  std::vector<Fact> until_missing;
  for (size_t a = 0; a < pol.actions.size(); ++a) {
    const auto& av = verdict.actions[a];
    if (!av.requested) continue;
    if (verdict.outcome == Outcome::kReview) collect(av.permitted.value);
    if (av.permitted.value.is_true() && !av.until.value.known()) {
      for (const Fact& f : scratch.flatten(av.until.value.facts)) {
        if (!f.rec->slots[f.field].known() &&
            std::find(until_missing.begin(), until_missing.end(), f) == until_missing.end()) {
          until_missing.push_back(f);
        }
      }
    }
  }
  // Counterfactuals: re-decide with each possible value of each missing fact.
  std::vector<std::pair<std::string, Missing>> rows;
  for (const Fact& f : missing) {
    Missing m;
    m.fact = ex.leaf_path(f);
    check::TypeId t = pol.schema.records[f.rec->type].fields[f.field].type;
    const auto& ti = pol.schema.info(t);
    std::vector<std::pair<std::string, Value>> candidates;
    if (ti.kind == check::TypeKind::kBool) {
      candidates = {{"true", Value::boolean(true)}, {"false", Value::boolean(false)}};
    } else if (ti.kind == check::TypeKind::kEnum && pol.schema.enums[ti.ref].members.size() <= 12) {
      const auto& en = pol.schema.enums[ti.ref];
      for (uint32_t i = 0; i < en.members.size(); ++i) {
        candidates.emplace_back(en.members[i], Value::enumeration(i));
      }
    } else if (ti.kind == check::TypeKind::kList) {
      // What a search that found nothing would decide; any other answer depends on what it finds.
      static const eval::List empty_list{};
      candidates = {{"none were found", Value::of_list(&empty_list)}};
    }
    std::vector<std::string> parts;
    for (const auto& [name, value] : candidates) {
      eval::Scratch cf;
      cf.overrides.push_back({f.rec, f.field, value});
      auto r = eval::evaluate_explained(prog, data, cf);
      std::string o = r ? outcome_name(r->outcome) : "error";
      if (o == "review") o = "still review";
      parts.push_back(fmt::format("{} if {}", o, name));
    }
    if (ti.kind == check::TypeKind::kList && !parts.empty()) {
      parts.emplace_back("otherwise it depends on what is found");
    }
    if (parts.empty()) {
      const auto& slot = f.rec->slots[f.field];
      m.settles =
          slot.kind == VKind::kCitation
              ? fmt::format(
                    "the citation '{}' could not be read ({}); give it as e.g. \"PL 120.05\"",
                    slot.cit->text, slot.cit->problem)
              : "needed to decide";
    } else {
      m.settles = fmt::format("{}", fmt::join(parts, ", "));
    }
    rows.emplace_back(m.fact, std::move(m));
  }
  for (const Fact& f : unspecific) {
    if (std::find(missing.begin(), missing.end(), f) != missing.end()) continue;
    Missing m;
    m.fact = ex.leaf_path(f);
    m.settles = fmt::format(
        "given as '{}', which is not specific enough to decide; the exact subdivision is needed",
        f.rec->slots[f.field].cit->citation.canonical());
    rows.emplace_back(m.fact, std::move(m));
  }
  for (const Fact& f : until_missing) {
    if (std::find(missing.begin(), missing.end(), f) != missing.end()) continue;
    Missing m;
    m.fact = ex.leaf_path(f);
    m.settles = "needed to know until when the hold is permitted";
    rows.emplace_back(m.fact, std::move(m));
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [_, m] : rows) d.missing.push_back(std::move(m));
  return d;
}

}  // namespace writ
