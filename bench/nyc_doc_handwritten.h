// The NYC DOC detainer rule (Admin. Code § 9-131(b)(1), with the definitions of
// policies/nyc/definitions.writ.md) written by hand in C++ over plain structs: the baseline the
// engine is compared with, and an independent implementation to cross-check it on every
// generated case.
//
// Same data as the engine: the Penal Law lists come from the same catalog (catalog::Catalog,
// loaded from catalogs/), citations are normalized by the same catalog::normalize_citation, and
// dates use the same civil-date functions. Unknown is kept apart from false (Kleene logic), as
// the engine does, for the facts the generated cases can leave undetermined: a catalog answer
// ("listed only in some subdivisions"), counsel's equivalent and predicate answers, and a
// document's presentation time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calendar/civil.h"
#include "catalog/catalog.h"
#include "nyc_doc_cases.h"

namespace writ::bench::hw {

enum class Tri : uint8_t { kFalse, kTrue, kUnknown };
enum class Outcome : uint8_t { kHonor, kDecline, kReview };

struct Period {
  cal::Days from = 0, to = 0;
};

struct Conviction {
  bool in_new_york = false;  // jurisdiction == "US-NY"
  Level level = Level::kFelony;
  Inchoate inchoate = Inchoate::kNone;
  bool hate_crime = false;
  Disposition disposition = Disposition::kConviction;
  cal::Days judgment_date = 0;
  bool statute_parsed = false;
  catalog::Citation statute;                   // as cited
  catalog::Citation statute_with_subdivision;  // with the separate subdivision field applied
  bool equivalent_known = false;
  bool equivalent_parsed = false;
  catalog::Citation equivalent_to;
  Tri predicate_felony = Tri::kUnknown;
  std::vector<Period> incarcerations;
  // Filled only for the pre-resolved variant: the catalog's answers, looked up once.
  Tri listed_vsc = Tri::kUnknown, listed_hate = Tri::kUnknown, listed_vtl600 = Tri::kUnknown;
  Tri equivalent_listed = Tri::kUnknown;
};

struct Document {
  DocType type = DocType::kOther;
  Issuer issuer = Issuer::kImmigrationOfficer;
  bool names_subject = false;
  bool authorizes_custody = false;
  bool presented_at_known = false;
  int64_t presented_at_utc = 0;
};

struct Case {
  std::string from;
  int64_t presented_at_utc = 0;
  int32_t presented_at_offset = 0;
  std::vector<Document> documents;
  std::vector<Conviction> convictions;
  bool watchlist_match = false;
  cal::Days arrest_date = 0;
};

// The lists the rule reads, resolved once.
struct Lists {
  catalog::ListIndex vsc, hate, vtl600;
};

struct Verdict {
  Outcome outcome = Outcome::kReview;
  Tri hold = Tri::kUnknown;
  Tri notify_release = Tri::kUnknown;
  // Filled by decide_all_actions only.
  Tri transfer = Tri::kUnknown;
  Tri share_information = Tri::kUnknown;
};

// Converts a generated case (independently of the engine's JSON decoder). With `catalog`, also
// pre-resolves each conviction's listing for decide_preresolved.
Case from_generated(const GenCase& g, const catalog::Catalog* catalog = nullptr,
                    const Lists* lists = nullptr);
Lists resolve_lists(const catalog::Catalog& catalog);

// Outcome, hold and notify_release; catalog lookups at each evaluation (as the engine does).
Verdict decide(const Case& c, const catalog::Catalog& catalog, const Lists& lists);
// The same, reading the listings pre-resolved by from_generated.
Verdict decide_preresolved(const Case& c, const catalog::Catalog& catalog, const Lists& lists);
// Every action the engine decides for this policy: also transfer and share_information
// (subdivision (h), which needs the conviction search even when no warrant was presented).
Verdict decide_all_actions(const Case& c, const catalog::Catalog& catalog, const Lists& lists);

const char* name_of(Outcome o);
const char* name_of(Tri t);

}  // namespace writ::bench::hw
