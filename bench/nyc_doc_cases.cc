#include "nyc_doc_cases.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "calendar/time_zone.h"

namespace writ::bench {
namespace {

// SplitMix64: tiny, fast and identical everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  // True with probability `percent` / 100.
  bool percent(unsigned p) { return next() % 100 < p; }
  template <typename T, size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[next() % N];
  }
  // An index drawn with the given integer weights.
  size_t weighted(std::initializer_list<unsigned> weights) {
    unsigned total = 0;
    for (unsigned w : weights) total += w;
    uint64_t r = next() % total;
    size_t i = 0;
    for (unsigned w : weights) {
      if (r < w) return i;
      r -= w;
      ++i;
    }
    return weights.size() - 1;
  }

 private:
  uint64_t s_;
};

struct Offense {
  const char* section;
  const char* offense_class;
};

// Penal Law sections on the nyc-vsc list with no subdivision restriction (catalogs/us-ny).
constexpr std::array<Offense, 25> kListedFelonies = {{
    {"120.05", "D"}, {"120.10", "B"}, {"160.05", "D"},    {"160.10", "C"},    {"160.15", "B"},
    {"140.25", "C"}, {"140.30", "B"}, {"125.15", "C"},    {"125.25", "A-I"},  {"130.35", "B"},
    {"130.65", "D"}, {"265.03", "C"}, {"220.18", "A-II"}, {"220.41", "A-II"}, {"121.12", "D"},
    {"215.51", "E"}, {"120.60", "D"}, {"135.20", "B"},    {"150.10", "C"},    {"230.34", "B"},
    {"263.05", "C"}, {"490.20", "D"}, {"120.13", "E"},    {"140.17", "D"},    {"145.12", "B"},
}};

// Sections listed only in some subdivisions: a listed and an unlisted subdivision of each.
struct Restricted {
  const char* section;
  const char* offense_class;
  std::array<const char*, 2> listed;
  std::array<const char*, 2> unlisted;
};
constexpr std::array<Restricted, 5> kRestrictedFelonies = {{
    {"265.02", "D", {"3", "5"}, {"1", "1"}},
    {"120.04-a", "C", {"4", "4"}, {"1", "2"}},
    {"135.65", "D", {"2(b)", "2(b)"}, {"1", "2(a)"}},
    {"230.25", "D", {"2", "2"}, {"1", "1"}},
    {"265.35", "D", {"2", "2"}, {"3", "3"}},
}};

// Felonies in the catalog on no list, and felonies the catalog does not know at all.
constexpr std::array<Offense, 8> kUnlistedFelonies = {{
    {"140.20", "D"},
    {"155.30", "E"},
    {"155.35", "D"},
    {"155.40", "C"},
    {"155.42", "B"},
    {"170.25", "D"},
    {"220.16", "B"},
    {"220.39", "B"},
}};
constexpr std::array<Offense, 5> kUncataloguedFelonies = {{
    {"190.80", "D"},
    {"175.10", "E"},
    {"165.50", "D"},
    {"210.15", "D"},
    {"145.10", "D"},
}};

// Misdemeanors (two of them in the catalog, on no list).
constexpr std::array<Offense, 10> kMisdemeanors = {{
    {"120.00", "A"},
    {"265.01", "A"},
    {"155.25", "A"},
    {"140.15", "A"},
    {"220.03", "A"},
    {"240.30", "A"},
    {"165.40", "A"},
    {"215.50", "A"},
    {"120.14", "A"},
    {"205.30", "A"},
}};

// How clerks write "Penal Law": the decoder normalizes every one of these.
constexpr std::array<const char*, 5> kPenalLawSpellings = {"PL ", "PL ", "P.L. § ", "Penal Law § ",
                                                           "NYPL "};

struct Foreign {
  const char* jurisdiction;
  const char* statute;
  Level level;
  const char* offense_class;
  // Counsel's equivalent under the Penal Law, and whether it is a predicate felony.
  const char* equivalent_to;
  bool predicate;
};
constexpr std::array<Foreign, 16> kForeign = {{
    {"US-NJ", "N.J.S.A. 2C:16-1", Level::kIndictable, "3", "PL 485.05", true},
    {"US-CT", "C.G.S. § 14-224", Level::kFelony, "C", "VTL 600(2)(a)", true},
    {"US-NJ", "N.J.S.A. 2C:15-1", Level::kIndictable, "2", "PL 160.15", true},
    {"US-NJ", "N.J.S.A. 2C:20-3", Level::kIndictable, "3", "PL 155.35", true},
    {"US-NJ", "N.J.S.A. 2C:12-1b", Level::kIndictable, "2", "PL 120.05", true},
    {"US-NJ", "N.J.S.A. 2C:33-2", Level::kDisorderlyPersons, "DP", "PL 240.20", false},
    {"US-PA", "18 Pa.C.S. § 3701", Level::kFelony, "F1", "PL 160.10", true},
    {"US-PA", "18 Pa.C.S. § 3502", Level::kFelony, "F1", "PL 140.25", true},
    {"US-CT", "C.G.S. § 53a-134", Level::kFelony, "B", "PL 160.15", true},
    {"US-FL", "Fla. Stat. § 790.23", Level::kFelony, "2nd degree", "PL 265.02(1)", true},
    {"US-FL", "Fla. Stat. § 812.014", Level::kMisdemeanor, "1st degree", "PL 155.25", false},
    {"US", "18 U.S.C. § 2113(a)", Level::kFelony, "C", "PL 160.10", true},
    {"US", "21 U.S.C. § 841(a)(1)", Level::kFelony, "B", "PL 220.39", true},
    {"US", "8 U.S.C. § 1326", Level::kFelony, "E", "PL 175.10", false},
    {"DO", "Código Penal art. 379", Level::kFelony, "crimen", "PL 160.10", false},
    {"MX", "Código Penal Federal art. 367", Level::kFelony, "delito", "PL 155.30", true},
}};

constexpr std::array<const char*, 6> kFacilities = {"AMKC", "RNDC", "GRVC", "OBCC", "EMTC", "NIC"};
constexpr std::array<const char*, 4> kBasis = {"final_order_of_removal",
                                               "pending_removal_proceedings", "biometric_match",
                                               "statements_or_evidence"};

const cal::TimeZone& new_york() {
  static const cal::TimeZone zone = [] {
    auto z = cal::TimeZone::locate("America/New_York");
    if (!z) {
      std::fprintf(stderr, "decide_bench: %s\n", z.error().message.c_str());
      std::abort();
    }
    return std::move(*z);
  }();
  return zone;
}

// Local time h:m on day d in New York, with the offset in force then.
cal::DateTime at(cal::Days d, int hour, int minute) {
  return new_york().to_local(new_york().start_of_day(d) + hour * 3600 + minute * 60);
}

cal::Days date(int y, unsigned m, unsigned d) {
  return *cal::days_from_ymd(y, m, d);
}

GenConviction new_york_conviction(Rng& rng) {
  GenConviction c;
  c.jurisdiction = "US-NY";
  std::string prefix = rng.pick(kPenalLawSpellings);
  auto subdivision_or_none = [&] {
    return rng.percent(50) ? std::to_string(rng.between(1, 4)) : std::string();
  };
  switch (rng.weighted({30, 8, 17, 5, 28, 2, 4, 6})) {
    case 0: {  // a listed felony
      const Offense& o = rng.pick(kListedFelonies);
      c.statute = prefix + o.section;
      c.subdivision = subdivision_or_none();
      c.offense_class = o.offense_class;
      break;
    }
    case 1: {  // a felony listed only in some subdivisions: always cited with its subdivision
      const Restricted& r = rng.pick(kRestrictedFelonies);
      c.statute = prefix + r.section;
      c.subdivision = rng.percent(50) ? rng.pick(r.listed) : rng.pick(r.unlisted);
      c.offense_class = r.offense_class;
      break;
    }
    case 2: {
      const Offense& o = rng.pick(kUnlistedFelonies);
      c.statute = prefix + o.section;
      c.subdivision = subdivision_or_none();
      c.offense_class = o.offense_class;
      break;
    }
    case 3: {
      const Offense& o = rng.pick(kUncataloguedFelonies);
      c.statute = prefix + o.section;
      c.offense_class = o.offense_class;
      break;
    }
    case 4: {
      const Offense& o = rng.pick(kMisdemeanors);
      c.statute = prefix + o.section;
      c.level = Level::kMisdemeanor;
      c.offense_class = o.offense_class;
      break;
    }
    case 5: {  // a felony hate crime
      if (rng.percent(50)) {
        c.statute = prefix + "485.05";
        c.offense_class = "C";
      } else {
        const Offense& o = rng.pick(kUnlistedFelonies);
        c.statute = prefix + o.section;
        c.offense_class = o.offense_class;
        c.hate_crime = true;
      }
      break;
    }
    case 6: {  // Vehicle and Traffic Law: § 600 is on its own list; § 1192 and § 511 are on none
      switch (rng.weighted({2, 1, 1, 1, 1})) {
        case 0:
          c.statute = "VTL 600";
          c.subdivision = "2(a)";
          c.offense_class = "E";
          break;
        case 4:  // attempted class D leaving the scene: a felony, but (iii) reaches only (i) crimes
          c.statute = "VTL 600";
          c.subdivision = "2(c)";
          c.inchoate = Inchoate::kAttempt;
          c.offense_class = "E";
          break;
        case 1:
          c.statute = "VTL 600";
          c.subdivision = "1(a)";
          c.level = Level::kMisdemeanor;
          c.offense_class = "B";
          break;
        case 2:
          c.statute = "VTL 1192";
          c.subdivision = "3";
          c.offense_class = "E";
          break;
        default:
          c.statute = "VTL 511";
          c.subdivision = "1(a)";
          c.level = Level::kMisdemeanor;
          c.offense_class = "U";
          break;
      }
      break;
    }
    default: {  // attempt of a listed crime: a felony for class B-D, a misdemeanor for class E
      const Offense& o = rng.pick(kListedFelonies);
      c.statute = prefix + o.section;
      c.inchoate = Inchoate::kAttempt;
      std::string_view k = o.offense_class;
      c.level = k == "E" ? Level::kMisdemeanor : Level::kFelony;
      c.offense_class = k == "E" ? "A" : k == "D" ? "E" : k == "C" ? "D" : "C";
      break;
    }
  }
  return c;
}

GenConviction foreign_conviction(Rng& rng) {
  GenConviction c;
  const Foreign& f = rng.pick(kForeign);
  c.jurisdiction = f.jurisdiction;
  c.statute = f.statute;
  c.level = f.level;
  c.offense_class = f.offense_class;
  c.equivalent_to = f.equivalent_to;
  // Counsel's answer is usually the table's, sometimes the other (a close predicate question).
  c.predicate_felony = rng.percent(85) ? f.predicate : !f.predicate;
  if (f.level == Level::kMisdemeanor || f.level == Level::kDisorderlyPersons)
    c.predicate_felony = false;
  c.aggravated_felony = f.level != Level::kMisdemeanor && rng.percent(30);
  return c;
}

GenConviction conviction(Rng& rng, cal::Days arrest) {
  GenConviction c = rng.percent(80) ? new_york_conviction(rng) : foreign_conviction(rng);
  // Judgments spread over the 20 years before the arrest; a few entered after it, and a few
  // on the edge of the five-year window (exactly five years before the arrest does not count).
  switch (rng.weighted({94, 3, 3})) {
    case 0:
      c.judgment_date = arrest - static_cast<cal::Days>(rng.between(30, 20 * 365));
      break;
    case 1:
      c.judgment_date = arrest + static_cast<cal::Days>(rng.between(1, 90));
      break;
    default:
      c.judgment_date = cal::add_years(arrest, -5) + static_cast<cal::Days>(rng.between(-1, 1));
      break;
  }
  c.conviction_date = c.judgment_date - static_cast<cal::Days>(rng.between(0, 90));
  c.offense_date = c.conviction_date - static_cast<cal::Days>(rng.between(30, 720));
  switch (rng.weighted({86, 9, 3, 2})) {
    case 0:
      c.disposition = Disposition::kConviction;
      break;
    case 1:
      c.disposition = Disposition::kYouthfulOffender;
      break;
    case 2:
      c.disposition = Disposition::kJuvenileDelinquent;
      break;
    default:
      c.disposition = Disposition::kNotGuiltyInsanity;
      break;
  }
  c.reduced_to_misdemeanor = c.level == Level::kFelony && rng.percent(2);
  // Incarceration: felonies often, misdemeanors sometimes; pre-trial detention from the offense.
  bool felony = c.level == Level::kFelony || c.level == Level::kIndictable;
  if (c.judgment_date < arrest && rng.percent(felony ? 45 : 15)) {
    cal::Days from = rng.percent(25) ? c.offense_date + static_cast<cal::Days>(rng.between(0, 10))
                                     : c.judgment_date;
    cal::Days length = static_cast<cal::Days>(felony ? rng.between(60, 3000) : rng.between(5, 365));
    // Usually released before the arrest; sometimes the record runs past it (work release,
    // a term still being served): only the days up to the arrest extend the window.
    cal::Days to = from + length;
    if (to >= arrest && !rng.percent(20)) to = arrest - 1;
    c.incarcerations.push_back({from, to});
    if (rng.percent(15)) {  // a second stretch, e.g. after a parole violation
      cal::Days again = c.incarcerations.back().to + static_cast<cal::Days>(rng.between(60, 900));
      if (again < arrest - 30) {
        c.incarcerations.push_back(
            {again, std::min<cal::Days>(again + static_cast<cal::Days>(rng.between(30, 400)),
                                        arrest - 1)});
      }
    }
  }
  return c;
}

GenDocument document(Rng& rng, const cal::DateTime& presented) {
  GenDocument d;
  d.presented_at = presented;
  switch (rng.weighted({40, 33, 10, 9, 5, 3})) {
    case 0:  // a judicial warrant: usually complete and presented with the detainer
      d.type = DocType::kWarrant;
      d.issuer = rng.percent(60) ? Issuer::kFederalMagistrateJudge : Issuer::kArticleIIIJudge;
      d.offense_basis = rng.percent(70) ? "criminal" : "civil";
      d.names_subject = rng.percent(95);
      d.authorizes_custody = rng.percent(95);
      if (rng.percent(10)) {  // presented a day or more after the detainer: does not count
        d.presented_at.utc_seconds += rng.between(1, 3) * 86400;
      }
      break;
    case 1:
    case 2:  // an administrative warrant signed by an immigration officer
      d.type = DocType::kWarrant;
      d.issuer = Issuer::kImmigrationOfficer;
      d.form = rng.percent(75) ? "I-200" : "I-205";
      d.offense_basis = "civil";
      break;
    case 3:
      d.type = DocType::kRemovalOrder;
      d.issuer = Issuer::kImmigrationJudge;
      d.offense_basis = "civil";
      d.authorizes_custody = false;
      d.signed_by = "immigration_judge";
      break;
    case 4:  // a state judge's warrant is not a judicial warrant under § 9-131(a)(5)
      d.type = DocType::kWarrant;
      d.issuer = Issuer::kStateJudge;
      d.offense_basis = "criminal";
      break;
    default:
      d.type = DocType::kCourtOrder;
      d.issuer = Issuer::kArticleIIIJudge;
      d.offense_basis = "criminal";
      d.authorizes_custody = false;
      break;
  }
  return d;
}

GenCharge charge(Rng& rng, cal::Days on) {
  GenCharge c;
  c.jurisdiction = "US-NY";
  if (rng.percent(60)) {
    const Offense& o = rng.pick(kUnlistedFelonies);
    c.statute = std::string("PL ") + o.section;
    c.level = "felony";
    c.offense_class = o.offense_class;
  } else {
    const Offense& o = rng.pick(kMisdemeanors);
    c.statute = std::string("PL ") + o.section;
    c.level = "misdemeanor";
    c.offense_class = o.offense_class;
  }
  c.charged_on = on;
  c.probable_cause_found = rng.percent(90);
  return c;
}

const char* name_of(Level l) {
  switch (l) {
    case Level::kFelony:
      return "felony";
    case Level::kMisdemeanor:
      return "misdemeanor";
    case Level::kViolation:
      return "violation";
    case Level::kInfraction:
      return "infraction";
    case Level::kIndictable:
      return "indictable";
    case Level::kDisorderlyPersons:
      return "disorderly_persons";
  }
  return "felony";
}

const char* name_of(Inchoate i) {
  switch (i) {
    case Inchoate::kNone:
      return "none";
    case Inchoate::kAttempt:
      return "attempt";
    case Inchoate::kConspiracy:
      return "conspiracy";
    case Inchoate::kSolicitation:
      return "solicitation";
    case Inchoate::kFacilitation:
      return "facilitation";
  }
  return "none";
}

const char* name_of(Disposition d) {
  switch (d) {
    case Disposition::kConviction:
      return "conviction";
    case Disposition::kYouthfulOffender:
      return "youthful_offender";
    case Disposition::kJuvenileDelinquent:
      return "juvenile_delinquent";
    case Disposition::kNotGuiltyInsanity:
      return "not_guilty_insanity";
  }
  return "conviction";
}

const char* name_of(DocType t) {
  switch (t) {
    case DocType::kWarrant:
      return "warrant";
    case DocType::kRemovalOrder:
      return "removal_order";
    case DocType::kCourtOrder:
      return "court_order";
    case DocType::kSubpoena:
      return "subpoena";
    case DocType::kOther:
      return "other";
  }
  return "other";
}

const char* name_of(Issuer i) {
  switch (i) {
    case Issuer::kArticleIIIJudge:
      return "article_iii_judge";
    case Issuer::kFederalMagistrateJudge:
      return "federal_magistrate_judge";
    case Issuer::kStateJudge:
      return "state_judge";
    case Issuer::kImmigrationJudge:
      return "immigration_judge";
    case Issuer::kImmigrationOfficer:
      return "immigration_officer";
  }
  return "immigration_officer";
}

}  // namespace

std::vector<GenCase> generate_nyc_doc_cases(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<GenCase> out;
  out.reserve(n);
  // Requests presented from January 2015 to June 2026: every version of the policy is in force
  // for some of them (2014-12-14, 2015-02-12, 2018-01-30 and 2026-01-29).
  const cal::Days first = date(2015, 1, 2), last = date(2026, 6, 30);
  for (size_t i = 0; i < n; ++i) {
    GenCase c;
    char id[32];
    std::snprintf(id, sizeof id, "DOC-BENCH-%06zu", i);
    c.id = id;
    c.subject_id = "P-" + std::to_string(100000 + rng.between(0, 899999));
    cal::Days presented_day = static_cast<cal::Days>(rng.between(first, last));
    c.presented_at = at(presented_day, static_cast<int>(rng.between(7, 19)),
                        static_cast<int>(rng.between(0, 59)));
    c.arrest_date = presented_day - static_cast<cal::Days>(rng.between(0, 20));
    c.request_form = rng.percent(85) ? "I-247A" : rng.percent(50) ? "I-247D" : "I-247X";
    switch (rng.weighted({90, 5, 3, 2})) {
      case 0:
        c.from = "ICE";
        break;
      case 1:
        c.from = "CBP";
        break;
      case 2:
        c.from = "DHS";
        break;
      default:
        c.from = "USCIS";
        break;
    }
    c.basis.push_back(rng.pick(kBasis));
    if (rng.percent(30)) {
      std::string second = rng.pick(kBasis);
      if (second != c.basis.front()) c.basis.push_back(second);
    }
    size_t ndocs = rng.weighted({40, 40, 20});
    for (size_t d = 0; d < ndocs; ++d) c.documents.push_back(document(rng, c.presented_at));

    for (int k = 0; k < 5; ++k) c.convictions.push_back(conviction(rng, c.arrest_date));
    if (rng.percent(25))
      c.pending_charges.push_back(
          charge(rng, c.arrest_date - static_cast<cal::Days>(rng.between(30, 400))));
    c.watchlist_match = rng.percent(3);
    c.prior_removal = rng.percent(20);
    c.unlawful_reentry = c.prior_removal && rng.percent(60);
    if (rng.percent(4)) c.registrations.push_back("sex_offender");
    if (rng.percent(10)) c.final_removal_order_signed_by = "immigration_judge";

    c.release_eligible_at = at(presented_day + static_cast<cal::Days>(rng.between(1, 60)), 14, 0);
    c.charges.push_back(charge(rng, c.arrest_date));
    if (rng.percent(30)) c.charges.push_back(charge(rng, c.arrest_date));
    c.facility = rng.pick(kFacilities);
    c.records_source = "e-JusticeNY";
    c.records_performed_at = c.presented_at;
    c.records_performed_at.utc_seconds += rng.between(10, 240) * 60;
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// Compact JSON written directly (as nlohmann::ordered_json::dump would write it, byte for byte,
// at a small fraction of the cost: the benchmarks build a million cases).
void put_string(std::string& o, std::string_view v) {
  o += '"';
  for (char ch : v) {
    switch (ch) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\b':
        o += "\\b";
        break;
      case '\f':
        o += "\\f";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\r':
        o += "\\r";
        break;
      case '\t':
        o += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(ch));
          o += buf;
        } else {
          o += ch;
        }
    }
  }
  o += '"';
}

class Obj {
 public:
  explicit Obj(std::string& o) : o_(o) { o_ += '{'; }
  ~Obj() { o_ += '}'; }
  Obj(const Obj&) = delete;
  Obj& operator=(const Obj&) = delete;
  std::string& key(std::string_view k) {
    if (!first_) o_ += ',';
    first_ = false;
    put_string(o_, k);
    o_ += ':';
    return o_;
  }
  void str(std::string_view k, std::string_view v) { put_string(key(k), v); }
  void boolean(std::string_view k, bool v) { key(k) += v ? "true" : "false"; }
  void strings(std::string_view k, const std::vector<std::string>& v) {
    std::string& o = key(k);
    o += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) o += ',';
      put_string(o, v[i]);
    }
    o += ']';
  }

 private:
  std::string& o_;
  bool first_ = true;
};

void put_charge(std::string& o, const GenCharge& c) {
  Obj j(o);
  j.str("jurisdiction", c.jurisdiction);
  j.str("statute", c.statute);
  j.str("level", c.level);
  j.str("class", c.offense_class);
  j.str("charged_on", cal::format_date(c.charged_on));
  j.boolean("probable_cause_found", c.probable_cause_found);
}

void put_charges(std::string& o, const std::vector<GenCharge>& v) {
  o += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) o += ',';
    put_charge(o, v[i]);
  }
  o += ']';
}

}  // namespace

std::string to_case_json(const GenCase& c) {
  std::string o;
  o.reserve(4096);
  {
    Obj top(o);
    top.str("format", "writ-case/1");
    top.str("id", c.id);
    top.str("agency", "nyc-doc");
    {
      top.key("request");
      Obj r(o);
      r.str("kind", "detainer");
      r.str("form", c.request_form);
      r.str("from", c.from);
      r.str("presented_at", cal::format_datetime(c.presented_at));
      r.strings("basis", c.basis);
      r.key("information_sought") += "[]";
      r.key("documents") += '[';
      for (size_t i = 0; i < c.documents.size(); ++i) {
        const GenDocument& d = c.documents[i];
        if (i) o += ',';
        Obj j(o);
        j.str("type", name_of(d.type));
        j.str("issuer", name_of(d.issuer));
        if (d.form) j.str("form", *d.form);
        j.str("offense_basis", d.offense_basis);
        j.boolean("names_subject", d.names_subject);
        j.boolean("authorizes_custody", d.authorizes_custody);
        j.str("presented_at", cal::format_datetime(d.presented_at));
        if (d.signed_by) j.str("signed_by", *d.signed_by);
      }
      o += ']';
    }
    {
      top.key("subject");
      Obj s(o);
      s.str("id", c.subject_id);
      s.key("convictions") += '[';
      for (size_t i = 0; i < c.convictions.size(); ++i) {
        const GenConviction& k = c.convictions[i];
        if (i) o += ',';
        Obj j(o);
        j.str("jurisdiction", k.jurisdiction);
        j.str("statute", k.statute);
        j.str("subdivision", k.subdivision);
        j.str("level", name_of(k.level));
        j.str("class", k.offense_class);
        j.str("inchoate", name_of(k.inchoate));
        j.boolean("hate_crime", k.hate_crime);
        j.str("offense_date", cal::format_date(k.offense_date));
        j.str("conviction_date", cal::format_date(k.conviction_date));
        j.str("judgment_date", cal::format_date(k.judgment_date));
        j.str("disposition", name_of(k.disposition));
        if (k.equivalent_to) j.str("equivalent_to", *k.equivalent_to);
        if (k.predicate_felony) j.boolean("predicate_felony", *k.predicate_felony);
        j.boolean("reduced_to_misdemeanor", k.reduced_to_misdemeanor);
        j.boolean("aggravated_felony", k.aggravated_felony);
        j.key("incarcerations") += '[';
        for (size_t p = 0; p < k.incarcerations.size(); ++p) {
          if (p) o += ',';
          Obj q(o);
          q.str("from", cal::format_date(k.incarcerations[p].from));
          q.str("to", cal::format_date(k.incarcerations[p].to));
        }
        o += ']';
      }
      o += ']';
      put_charges(s.key("pending_charges"), c.pending_charges);
      s.boolean("watchlist_match", c.watchlist_match);
      s.boolean("prior_removal", c.prior_removal);
      s.boolean("unlawful_reentry", c.unlawful_reentry);
      s.strings("registrations", c.registrations);
      if (c.final_removal_order_signed_by) {
        s.key("final_removal_order");
        Obj f(o);
        f.str("signed_by", *c.final_removal_order_signed_by);
      }
    }
    {
      top.key("custody");
      Obj k(o);
      k.str("arrest_date", cal::format_date(c.arrest_date));
      k.str("release_eligible_at", cal::format_datetime(c.release_eligible_at));
      put_charges(k.key("charges"), c.charges);
      k.str("facility", c.facility);
    }
    {
      top.key("records_check");
      Obj k(o);
      k.str("source", c.records_source);
      k.str("performed_at", cal::format_datetime(c.records_performed_at));
    }
  }
  return o;
}

}  // namespace writ::bench
