// Statute citations as clerks write them, normalized to one canonical form.
//   "PL 120.05", "P.L. § 120.05(2)", "NY PL 120.05 02", "Penal Law §120.05 subd. 2",
//   "NYPL 120.05", "VTL 600(2)(a)", "V.T.L. § 600" ...
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "writ/result.h"

namespace writ::catalog {

struct Citation {
  std::string code;         // canonical code abbreviation: "PL", "VTL", "CPL", ... (upper case)
  std::string section;      // "120.05", "265.01-b", "600"
  std::string subdivision;  // normalized "2", "2(b)", "4"; empty when none was cited

  // "PL 120.05" or "PL 120.05(2)" / "PL 135.65(2)(b)": the form used as catalog keys and output.
  std::string canonical() const;
  // "PL 120.05" without the subdivision.
  std::string section_key() const;
  friend bool operator==(const Citation&, const Citation&) = default;
};

// Parses a citation. `subdivision` is the case format's separate subdivision field (may be empty);
// when both the text and the field give one they must agree. Errors name what was not understood.
Result<Citation> normalize_citation(std::string_view text, std::string_view subdivision = {});

}  // namespace writ::catalog
