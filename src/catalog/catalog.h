// Offense catalogs: data files (catalogs/<jurisdiction>/*.csv) listing statute sections with their
// names, classes, the subdivisions a list is restricted to, and which lists each is on.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/citation.h"
#include "writ/result.h"

namespace writ::catalog {

// Three-valued answer: listed, not listed, or unknown (e.g. a section whose listing is restricted
// to some subdivisions, cited without its subdivision).
enum class Listed : unsigned char { kNo = 0, kYes = 1, kUnknown = 2 };

struct Entry {
  Citation citation;                      // section (subdivision empty)
  std::string name;                       // "assault in the second degree"
  std::string offense_class;              // "D", "A-I", "E (or higher)" ... as the source states
  std::vector<std::string> lists;         // list ids this section is on, e.g. "nyc-vsc"
  std::vector<std::string> subdivisions;  // empty = every subdivision; else the listed ones
  std::string source;                     // where the listing comes from (statute provision)
  bool verified = false;                  // false: marked UNVERIFIED in the research
  std::string note;                       // verification notes, UNVERIFIED remarks
};

struct LookupResult {
  Citation citation;                  // the normalized citation looked up
  const Entry* entry = nullptr;       // nullptr when the section is in no loaded catalog
  std::vector<std::string> lists;     // lists it is on (for the cited subdivision)
  std::vector<std::string> unknown_lists;  // lists it may be on, depending on the subdivision
};

class Catalog {
 public:
  // Loads every *.csv under `dir` (recursively, in sorted path order).
  static Result<Catalog> load_dir(const std::string& dir);
  // Loads one CSV text; `origin` names it in error messages (file:line).
  Result<Ok> add_csv(std::string_view text, std::string_view origin);

  LookupResult lookup(const Citation& citation) const;
  Result<LookupResult> lookup(std::string_view citation_text) const;

  // Is `citation` on `list_id`?  kUnknown when the list is restricted to some subdivisions of the
  // section and `citation` carries no subdivision.
  Listed listed(std::string_view list_id, const Citation& citation) const;

  bool has_list(std::string_view list_id) const;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
  std::unordered_map<std::string, size_t> by_section_;  // section_key() -> index in entries_
};

}  // namespace writ::catalog
