#include "statutory/report_facts.h"

#include <string>

namespace writ::statutory {
namespace {

using nlohmann::json;

const json& at(const json& j, std::string_view key) {
  static const json null_value;
  if (!j.is_object()) return null_value;
  auto it = j.find(key);
  return it == j.end() ? null_value : *it;
}

json string_or_null(const json& j) {
  return j.is_string() ? j : json();
}

json string_list(const json& j) {
  if (!j.is_array()) return json();
  json out = json::array();
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v);
  }
  return out;
}

// A definition's value in the decision: from the facts the engine was asked for
// (DecideOptions::facts), else from the reasons that used it; null when neither has it.
json definition_value(const Decision& d, std::string_view name) {
  for (const auto& f : d.facts) {
    if (f.name == name) return f.value ? json(*f.value) : json();
  }
  for (const auto& r : d.reasons) {
    if (r.kind == "definition" && r.rule == name) return r.holds ? json(*r.holds) : json();
  }
  return json();
}

// An arrest warrant in removal proceedings (Form I-200) served with the request: NYC
// § 9-131(f)(1)(iii) counts detainers "accompanied by" one.
json arrest_warrant_served(const json& documents) {
  if (!documents.is_array()) return json();
  bool unknown = false;
  for (const auto& d : documents) {
    const json& form = at(d, "form");
    if (form.is_string() && form.get<std::string>() == "I-200") return true;
    if (!form.is_string() && at(d, "type") == "warrant" &&
        at(d, "issuer") == "immigration_officer") {
      unknown = true;  // an immigration officer's warrant whose form is not recorded
    }
  }
  return unknown ? json() : json(false);
}

}  // namespace

json report_facts(const json& case_json, const Decision& d) {
  const json& request = at(case_json, "request");
  json actions = json::object();
  for (const auto& a : d.actions) {
    actions[a.name] = {{"requested", a.requested},
                       {"permitted", a.permitted ? json(*a.permitted) : json()}};
  }
  return {
      {"request_kind", string_or_null(at(request, "kind"))},
      {"request_form", string_or_null(at(request, "form"))},
      {"from", string_or_null(at(request, "from"))},
      {"presented_at", string_or_null(at(request, "presented_at"))},
      {"basis", string_list(at(request, "basis"))},
      {"information_sought", string_list(at(request, "information_sought"))},
      {"arrest_warrant_served", arrest_warrant_served(at(request, "documents"))},
      {"outcome", d.outcome},
      {"actions", std::move(actions)},
      {"vsc_conviction", definition_value(d, kVscDefinition)},
      {"watchlist_match", definition_value(d, kWatchlistDefinition)},
  };
}

}  // namespace writ::statutory
