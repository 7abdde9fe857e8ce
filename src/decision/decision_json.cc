// writ-decision/1 JSON. Key order is fixed so the same decision always gives the same bytes.
#include "decision/decision_json.h"

namespace writ {

namespace {

void optional_bool(JsonWriter& w, const std::optional<bool>& b) {
  if (b)
    w.value(*b);
  else
    w.null();
}

void strings(JsonWriter& w, const std::vector<std::string>& list) {
  w.begin_array();
  for (const auto& s : list) w.value(s);
  w.end_array();
}

}  // namespace

void write_decision_members(JsonWriter& w, const Decision& d, bool with_case) {
  w.key("format");
  w.value("writ-decision/1");
  if (with_case) {
    w.key("case");
    w.value(d.case_id);
  }
  w.key("policy");
  w.begin_object();
  w.key("id");
  w.value(d.policy.id);
  w.key("version");
  w.value(d.policy.version);
  w.key("digest");
  w.value(d.policy.digest);
  w.end_object();
  w.key("as_of");
  w.value(d.as_of);
  w.key("outcome");
  w.value(d.outcome);
  w.key("actions");
  w.begin_object();
  for (const auto& a : d.actions) {
    w.key(a.name);
    w.begin_object();
    w.key("permitted");
    optional_bool(w, a.permitted);
    if (a.has_until) {
      w.key("until");
      if (a.until)
        w.value(*a.until);
      else
        w.null();
    }
    w.key("requested");
    w.value(a.requested);
    w.end_object();
  }
  w.end_object();
  w.key("reasons");
  w.begin_array();
  for (const auto& r : d.reasons) {
    w.begin_object();
    w.key("rule");
    w.value(r.rule);
    w.key("kind");
    w.value(r.kind);
    w.key("cite");
    w.value(r.cite);
    w.key("holds");
    optional_bool(w, r.holds);
    if (!r.value.empty()) {
      w.key("value");
      w.value(r.value);
    }
    w.key("because");
    w.value(r.because);
    w.key("facts");
    strings(w, r.facts);
    if (!r.decides.empty()) {
      w.key("decides");
      strings(w, r.decides);
    }
    w.end_object();
  }
  w.end_array();
  if (!d.missing.empty() || d.outcome == "review") {
    w.key("missing");
    w.begin_array();
    for (const auto& m : d.missing) {
      w.begin_object();
      w.key("fact");
      w.value(m.fact);
      w.key("settles");
      w.value(m.settles);
      w.end_object();
    }
    w.end_array();
  }
  if (!d.notices.empty()) {
    w.key("notices");
    w.begin_array();
    for (const auto& n : d.notices) {
      w.begin_object();
      w.key("id");
      w.value(n.id);
      w.key("title");
      w.value(n.title);
      w.key("cite");
      w.value(n.cite);
      w.key("text");
      w.value(n.text);
      w.key("certain");
      w.value(n.certain);
      w.end_object();
    }
    w.end_array();
  }
  if (!d.facts.empty()) {
    w.key("facts");
    w.begin_object();
    for (const auto& f : d.facts) {
      w.key(f.name);
      optional_bool(w, f.value);
    }
    w.end_object();
  }
}

std::string to_json(const Decision& d, int indent) {
  std::string out;
  out.reserve(4096);
  JsonWriter w(out, indent);
  w.begin_object();
  write_decision_members(w, d, true);
  w.end_object();
  if (indent >= 0) out += '\n';
  return out;
}

}  // namespace writ
