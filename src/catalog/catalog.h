// Offense catalogs: data files (catalogs/<jurisdiction>/*.csv) listing statute sections with their
// names, classes, the subdivisions a list is restricted to, and which lists each is on.
//
// CSV format (RFC 4180; '#' comment lines and blank lines allowed; header row required):
//   code,section,subdivisions,name,class,lists,source,verified,note
//   code          canonical code: PL, VTL, CPL, FCA
//   section       "120.05", "265.01-b" (no subdivision here)
//   subdivisions  ';'-separated subdivisions the listing is restricted to ("2(b)", "2;3;4");
//                 empty = the whole section
//   name, class   as the source states them ("assault in the second degree", "D")
//   lists         ';'-separated list ids ("nyc-vsc"); empty = on no list (lookup only)
//   source        the provision that puts the section on its lists
//   verified      yes | no (no: marked UNVERIFIED in the research)
//   note          free text; UNVERIFIED remarks
// A section may appear on several rows only if the rows put it on different lists (each row
// then carries its own subdivision restriction).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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
  std::string origin;                     // "file:line" of the row
};

struct LookupResult {
  Citation citation;                       // the normalized citation looked up
  const Entry* entry = nullptr;            // nullptr when the section is in no loaded catalog
  std::vector<std::string> lists;          // lists it is on (for the cited subdivision)
  std::vector<std::string> unknown_lists;  // lists it may be on, depending on the subdivision
};

// A list id resolved once (Catalog::list_index) for repeated `listed` calls.
struct ListIndex {
  std::uint32_t value = 0;
  friend bool operator==(ListIndex, ListIndex) = default;
};

// Load once, then share: the const member functions may be called from several threads at once.
class Catalog {
 public:
  // Loads every *.csv under `dir` (recursively, in sorted path order). A missing directory is
  // kNotFound; a directory without any CSV file is kNotFound too (an empty catalog would answer
  // "not listed" for everything).
  static Result<Catalog> load_dir(const std::string& dir);
  // Loads one CSV text; `origin` names it in error messages (file:line). All or nothing: on error
  // the catalog is unchanged.
  Result<Ok> add_csv(std::string_view text, std::string_view origin);

  // Pointers in the result stay valid until the catalog is next modified.
  LookupResult lookup(const Citation& citation) const;
  Result<LookupResult> lookup(std::string_view citation_text) const;

  // Is `citation` on `list_id`?  kUnknown when the list is restricted to some subdivisions of the
  // section and `citation` carries no subdivision, or a broader one ("2" for a listing of
  // "2(b)"). kNo for sections not in the catalog, and for list ids no entry is on (check
  // has_list when loading a policy). Does not allocate when citation.subdivision is normalized
  // (as normalize_citation leaves it); a raw one ("02") is normalized first, and one that does not
  // read as a subdivision gives kUnknown for a restricted listing.
  Listed listed(std::string_view list_id, const Citation& citation) const;
  // The same with a list id resolved once by list_index.
  Listed listed(ListIndex list, const Citation& citation) const;
  // nullopt when no loaded entry is on `list_id`.
  std::optional<ListIndex> list_index(std::string_view list_id) const;

  bool has_list(std::string_view list_id) const { return list_index(list_id).has_value(); }
  // Every list id some entry is on, in order of first appearance.
  const std::vector<std::string>& list_ids() const { return list_ids_; }
  const std::vector<Entry>& entries() const { return entries_; }

  // For callers that see the same citation many times (the case decoder resolves each citation
  // once): the first catalog row of its section, or kNoRow; then `listed_at` answers like
  // `listed` without hashing the section again.
  static constexpr std::uint32_t kNoRow = UINT32_MAX;
  std::uint32_t row_of(const Citation& citation) const { return first_row(citation); }
  Listed listed_at(ListIndex list, std::uint32_t row, const Citation& citation) const;

 private:
  // Heterogeneous key for by_section_: look up "PL 120.05" from (code, section) views.
  struct SectionRef {
    std::string_view code;
    std::string_view section;
  };
  struct SectionHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const;
    std::size_t operator()(const std::string& key) const { return (*this)(std::string_view(key)); }
    std::size_t operator()(SectionRef ref) const;
  };
  struct SectionEq {
    using is_transparent = void;
    bool operator()(const std::string& a, const std::string& b) const { return a == b; }
    bool operator()(const std::string& a, SectionRef b) const;
    bool operator()(SectionRef a, const std::string& b) const { return (*this)(b, a); }
  };
  struct Row {
    std::vector<std::uint32_t> lists;  // indices into list_ids_
    std::uint32_t next = kNoRow;       // next row of the same section
  };

  std::uint32_t first_row(const Citation& citation) const;

  std::vector<Entry> entries_;
  std::vector<Row> rows_;  // parallel to entries_
  std::vector<std::string> list_ids_;
  std::unordered_map<std::string, std::uint32_t, SectionHash, SectionEq> by_section_;
};

}  // namespace writ::catalog
