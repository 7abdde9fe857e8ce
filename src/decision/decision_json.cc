// writ-decision/1 JSON. Key order is fixed so the same decision always gives the same bytes.
#include <nlohmann/json.hpp>

#include "writ/decision.h"

namespace writ {

std::string to_json(const Decision& d, int indent) {
  using ordered = nlohmann::ordered_json;
  ordered j;
  j["format"] = "writ-decision/1";
  j["case"] = d.case_id;
  j["policy"] =
      ordered{{"id", d.policy.id}, {"version", d.policy.version}, {"digest", d.policy.digest}};
  j["as_of"] = d.as_of;
  j["outcome"] = d.outcome;
  ordered actions = ordered::object();
  for (const auto& a : d.actions) {
    ordered o;
    o["permitted"] = a.permitted ? ordered(*a.permitted) : ordered(nullptr);
    if (a.has_until) o["until"] = a.until ? ordered(*a.until) : ordered(nullptr);
    o["requested"] = a.requested;
    actions[a.name] = std::move(o);
  }
  j["actions"] = std::move(actions);
  ordered reasons = ordered::array();
  for (const auto& r : d.reasons) {
    ordered o;
    o["rule"] = r.rule;
    o["kind"] = r.kind;
    o["cite"] = r.cite;
    o["holds"] = r.holds ? ordered(*r.holds) : ordered(nullptr);
    if (!r.value.empty()) o["value"] = r.value;
    o["because"] = r.because;
    o["facts"] = r.facts;
    if (!r.decides.empty()) o["decides"] = r.decides;
    reasons.push_back(std::move(o));
  }
  j["reasons"] = std::move(reasons);
  if (!d.missing.empty() || d.outcome == "review") {
    ordered missing = ordered::array();
    for (const auto& m : d.missing)
      missing.push_back(ordered{{"fact", m.fact}, {"settles", m.settles}});
    j["missing"] = std::move(missing);
  }
  if (!d.notices.empty()) {
    ordered notices = ordered::array();
    for (const auto& n : d.notices) {
      notices.push_back(ordered{{"id", n.id},
                                {"title", n.title},
                                {"cite", n.cite},
                                {"text", n.text},
                                {"certain", n.certain}});
    }
    j["notices"] = std::move(notices);
  }
  if (!d.facts.empty()) {
    ordered facts = ordered::object();
    for (const auto& f : d.facts) facts[f.name] = f.value ? ordered(*f.value) : ordered();
    j["facts"] = std::move(facts);
  }
  return j.dump(indent) + (indent >= 0 ? "\n" : "");
}

}  // namespace writ
