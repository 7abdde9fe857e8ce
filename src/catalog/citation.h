// Statute citations as clerks write them, normalized to one canonical form.
//   "PL 120.05", "P.L. § 120.05(2)", "NY PL 120.05 02", "Penal Law §120.05 subd. 2",
//   "NYPL 120.05", "VTL 600(2)(a)", "V.T.L. § 600", "Cal. Penal Code § 261(a)(2)", "PC 266a",
//   "H&S 11351.5", "N.J.S.A. 2C:11-3(a)(1)", "2C:12-1b" ...
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "writ/result.h"

namespace writ::catalog {

struct Citation {
  std::string code;         // canonical code: "PL", "VTL", "CPL", "FCA", "PC", "VC", "HS", "NJSA"
  std::string section;      // "120.05", "265.01-b", "600", "266a", "2C:11-3"
  std::string subdivision;  // normalized "2", "2(b)", "4"; empty when none was cited

  // "PL 120.05" or "PL 120.05(2)" / "PL 135.65(2)(b)": the form used as catalog keys and output.
  std::string canonical() const;
  // "PL 120.05" without the subdivision.
  std::string section_key() const;
  friend bool operator==(const Citation&, const Citation&) = default;
};

// Parses a citation. `subdivision` is the case format's separate subdivision field (may be empty);
// when both the text and the field give one they must agree. Errors name what was not understood.
// Accepted: an optional "NY" / "N.Y." / "New York" or "Cal." / "CA" / "California" prefix (it
// must name the code's state); a code — New York's "PL", "P.L.", "Penal Law", "NYPL", "VTL",
// "V.T.L.", "V&T", "Vehicle and Traffic Law", "CPL", "FCA" ...; California's "PC" ("Penal Code",
// "Pen. Code"), "VC" ("Veh. Code"), "HS" ("H&S", "Health & Saf. Code"); New Jersey's "NJSA"
// ("N.J.S.A.", "N.J. Stat. Ann.") —; an optional "§" or "section"; the section (New York
// "120.05", "265.01-b", "265.01-B"; California "245", "11351.5", "266a"; New Jersey "2C:11-3",
// whose glued letter is the subsection: "2C:12-1b" = 2C:12-1(b)); then an optional subdivision
// written "(2)", "(2)(b)", "(a)(1)", " 2", " 02" (leading zeros dropped), " 02B", " subd. 2",
// " subd. 2, para. b". A bare "2C:" section is read as N.J.S.A. Title 2C.
// Text without a code ("120.05") is an error whose message says "no code"; callers decide.
// If the text and the field name nested subdivisions ("2" and "2(b)"), the more specific is kept.
Result<Citation> normalize_citation(std::string_view text, std::string_view subdivision = {});

// Normalizes a subdivision on its own: "02" -> "2", "(2)(b)" -> "2(b)", "subd. 4, para. a" ->
// "4(a)". Empty text gives an empty subdivision.
Result<std::string> normalize_subdivision(std::string_view text);

// Whether `text` is already in the form normalize_subdivision produces ("2", "2(b)", "2-a(ii)",
// or empty). Does not allocate.
bool is_normalized_subdivision(std::string_view text);

// Whether normalized subdivision `inner` equals or lies within `outer`: "4(a)" is within "4",
// "2(b)" is within "2(b)"; "2" is not within "2(b)", nor "20" within "2".
bool subdivision_within(std::string_view inner, std::string_view outer);

}  // namespace writ::catalog
