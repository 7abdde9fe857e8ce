// The facts of a decision that the statutory reports count, kept in the decision log apart
// from personal data: the request's kind, form, stated basis and information sought, whether
// an arrest warrant for removal proceedings was served, the outcome per action, and the two
// classifications the NYC reports disaggregate by (violent or serious crime conviction;
// terrorist screening database match). No names, no identifiers, no criminal history.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "writ/decision.h"

namespace writ::statutory {

// The definitions the NYC reports disaggregate by (policies/nyc/definitions.writ.md).
inline constexpr std::string_view kVscDefinition = "convicted_violent_or_serious";
inline constexpr std::string_view kWatchlistDefinition = "watchlist";

// The "report" object stored in a decision entry's body. `case_json` is the decided
// writ-case/1 case (already validated by the engine); fields it lacks are null.
nlohmann::json report_facts(const nlohmann::json& case_json, const Decision& d);

}  // namespace writ::statutory
