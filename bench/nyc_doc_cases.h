// A deterministic generator of realistic NYC Department of Correction detainer cases (writ-case/1),
// for the decision benchmarks. The same generated cases feed the engine (as JSON, decoded by
// cases::decode_case) and the hand-written baseline (as plain structs, see nyc_doc_handwritten.h).
//
// Every case is a `detainer` request with exactly five convictions and every fact the NYC DOC rule
// reads is known, so every decision is honor or decline (the benchmark checks this). Fields that
// do not apply to a record are left out, as the case format says they may be: a court warrant has
// no `form`, only a removal order has `signed_by`, and only a conviction outside New York carries
// counsel's `equivalent_to` and `predicate_felony`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/civil.h"

namespace writ::bench {

// Enum members in the order the prelude declares them (policies/prelude.writ.md).
enum class Level : uint8_t {
  kFelony,
  kMisdemeanor,
  kViolation,
  kInfraction,
  kIndictable,
  kDisorderlyPersons
};
enum class Inchoate : uint8_t { kNone, kAttempt, kConspiracy, kSolicitation, kFacilitation };
enum class Disposition : uint8_t {
  kConviction,
  kYouthfulOffender,
  kJuvenileDelinquent,
  kNotGuiltyInsanity
};
enum class DocType : uint8_t { kWarrant, kRemovalOrder, kCourtOrder, kSubpoena, kOther };
enum class Issuer : uint8_t {
  kArticleIIIJudge,
  kFederalMagistrateJudge,
  kStateJudge,
  kImmigrationJudge,
  kImmigrationOfficer
};

struct GenPeriod {
  cal::Days from = 0, to = 0;
};

struct GenConviction {
  std::string jurisdiction;  // "US-NY", "US-NJ", "US" (federal), "DO", ...
  std::string statute;       // as the convicting jurisdiction cites it ("P.L. § 160.15")
  std::string subdivision;   // "" = none cited (a known empty subdivision)
  Level level = Level::kFelony;
  std::string offense_class;
  Inchoate inchoate = Inchoate::kNone;
  bool hate_crime = false;
  cal::Days offense_date = 0, conviction_date = 0, judgment_date = 0;
  Disposition disposition = Disposition::kConviction;
  std::optional<std::string> equivalent_to;  // outside New York only
  std::optional<bool> predicate_felony;      // outside New York only
  bool reduced_to_misdemeanor = false;
  bool aggravated_felony = false;
  std::vector<GenPeriod> incarcerations;
};

struct GenDocument {
  DocType type = DocType::kWarrant;
  Issuer issuer = Issuer::kFederalMagistrateJudge;
  std::optional<std::string> form;  // "I-200" | "I-205"; absent for a court's document
  std::string offense_basis;        // "criminal" | "civil"
  bool names_subject = true;
  bool authorizes_custody = true;
  cal::DateTime presented_at;
  std::optional<std::string> signed_by;  // removal orders
};

struct GenCharge {
  std::string jurisdiction, statute, level, offense_class;
  cal::Days charged_on = 0;
  bool probable_cause_found = true;
};

struct GenCase {
  std::string id;
  std::string request_form;  // "I-247A", ...
  std::string from;          // "ICE", "CBP", "DHS", "USCIS"
  cal::DateTime presented_at;
  std::vector<std::string> basis;
  std::vector<GenDocument> documents;

  std::string subject_id;
  std::vector<GenConviction> convictions;
  std::vector<GenCharge> pending_charges;
  bool watchlist_match = false;
  bool prior_removal = false;
  bool unlawful_reentry = false;
  std::vector<std::string> registrations;
  std::optional<std::string> final_removal_order_signed_by;

  cal::Days arrest_date = 0;
  cal::DateTime release_eligible_at;
  std::vector<GenCharge> charges;
  std::string facility;

  std::string records_source;
  cal::DateTime records_performed_at;
};

// `n` cases from `seed`; the same seed always gives the same cases, on every platform (the
// generator uses its own SplitMix64 stream, not the implementation-defined std distributions).
std::vector<GenCase> generate_nyc_doc_cases(size_t n, uint64_t seed);

// The case as compact writ-case/1 JSON.
std::string to_case_json(const GenCase& c);

}  // namespace writ::bench
