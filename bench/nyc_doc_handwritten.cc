#include "nyc_doc_handwritten.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "catalog/citation.h"

namespace writ::bench::hw {
namespace {

constexpr Tri tri(bool b) {
  return b ? Tri::kTrue : Tri::kFalse;
}

Tri tri(catalog::Listed l) {
  switch (l) {
    case catalog::Listed::kNo:
      return Tri::kFalse;
    case catalog::Listed::kYes:
      return Tri::kTrue;
    case catalog::Listed::kUnknown:
      return Tri::kUnknown;
  }
  return Tri::kUnknown;
}

// Kleene conjunction and disjunction of two already computed values.
constexpr Tri both(Tri a, Tri b) {
  if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
  if (a == Tri::kTrue && b == Tri::kTrue) return Tri::kTrue;
  return Tri::kUnknown;
}

constexpr Tri either(Tri a, Tri b) {
  if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
  if (a == Tri::kFalse && b == Tri::kFalse) return Tri::kFalse;
  return Tri::kUnknown;
}

const cal::Days kSubdivisionH = *cal::days_from_ymd(2015, 2, 12);  // § 9-131(h) in force
const cal::Days kLocalLaw63 =
    *cal::days_from_ymd(2026, 1, 29);  // "federal immigration authorities" broadened

Tri equivalent_on_lists(const Conviction& k, const catalog::Catalog& catalog, const Lists& lists) {
  if (!k.equivalent_known || !k.equivalent_parsed) return Tri::kUnknown;
  Tri r = tri(catalog.listed(lists.vsc, k.equivalent_to));
  if (r == Tri::kTrue) return r;
  r = either(r, tri(catalog.listed(lists.hate, k.equivalent_to)));
  if (r == Tri::kTrue || k.inchoate != Inchoate::kNone) return r;
  return either(r, tri(catalog.listed(lists.vtl600, k.equivalent_to)));
}

template <bool kPreresolved>
class Rule {
 public:
  Rule(const Case& c, const catalog::Catalog& catalog, const Lists& lists)
      : c_(c), catalog_(catalog), lists_(lists) {}

  // § 9-131(a)(4): who counts as federal immigration authorities, by the version in force.
  Tri federal_immigration_authority(cal::Days on) const {
    std::string_view from = c_.from;
    if (on >= kLocalLaw63) return tri(!from.empty());  // any federal requester
    return tri(from == "ICE" || from == "CBP" || from == "USCIS" || from == "DHS");
  }

  // § 9-131(a)(5), (b)(1)(i): a judicial warrant presented with the detainer.
  Tri judicial_warrant() const {
    for (const Document& d : c_.documents) {
      if (d.type != DocType::kWarrant) continue;
      if (d.issuer != Issuer::kArticleIIIJudge && d.issuer != Issuer::kFederalMagistrateJudge)
        continue;
      if (!d.names_subject || !d.authorizes_custody) continue;
      if (!d.presented_at_known || d.presented_at_utc <= c_.presented_at_utc) return Tri::kTrue;
    }
    return Tri::kFalse;
  }

  // § 9-131(a)(7): a felony in a listed section (and subdivision), a felony hate crime, or a
  // felony under VTL § 600; (a)(2): elsewhere, a predicate felony with a listed equivalent.
  Tri conviction_counts(const Conviction& k) const {
    if (k.disposition != Disposition::kConviction) return Tri::kFalse;
    if (!k.in_new_york) {
      if (k.predicate_felony == Tri::kFalse) return Tri::kFalse;
      return both(k.predicate_felony, equivalent_listed(k));
    }
    if (k.level != Level::kFelony) return Tri::kFalse;
    Tri r = Tri::kFalse;
    auto any = [&r](Tri t) {
      r = either(r, t);
      return r == Tri::kTrue;
    };
    if (any(listed(k, lists_.vsc))) return Tri::kTrue;
    if (k.hate_crime) return Tri::kTrue;
    if (any(listed(k, lists_.hate))) return Tri::kTrue;
    if (k.inchoate == Inchoate::kNone && any(listed(k, lists_.vtl600))) return Tri::kTrue;
    return r;
  }

  // § 9-131(a)(2)(ii): a judgment within five years before the arrest, the period extended by
  // time incarcerated for a counting crime.
  Tri convicted_violent_or_serious() {
    const cal::Days cutoff = cal::add_years(c_.arrest_date, -5);
    bool any_unknown = false;
    for (const Conviction& k : c_.convictions) {
      Tri counts = conviction_counts(k);
      if (counts == Tri::kFalse) continue;
      Tri within = k.judgment_date > cutoff ? Tri::kTrue : Tri::kFalse;
      if (within == Tri::kFalse) {
        Tri days_known = incarcerated_days();
        within = days_known == Tri::kTrue ? tri(k.judgment_date > cutoff - days_) : Tri::kUnknown;
      }
      Tri t = both(counts, within);
      if (t == Tri::kTrue) return Tri::kTrue;
      if (t == Tri::kUnknown) any_unknown = true;
    }
    return any_unknown ? Tri::kUnknown : Tri::kFalse;
  }

  Tri court_order_or_subpoena() const {
    for (const Document& d : c_.documents) {
      if ((d.type == DocType::kCourtOrder || d.type == DocType::kSubpoena) && d.names_subject)
        return Tri::kTrue;
    }
    return Tri::kFalse;
  }

 private:
  Tri listed(const Conviction& k, catalog::ListIndex list) const {
    if constexpr (kPreresolved) {
      return list == lists_.vsc    ? k.listed_vsc
             : list == lists_.hate ? k.listed_hate
                                   : k.listed_vtl600;
    } else {
      if (!k.statute_parsed) return Tri::kUnknown;
      // Only the nyc-vsc listing reads the separate subdivision field.
      return tri(
          catalog_.listed(list, list == lists_.vsc ? k.statute_with_subdivision : k.statute));
    }
  }

  // Counsel's equivalent may be any part of the definition: a listed section, a felony hate
  // crime, or (not in an inchoate form) a VTL § 600 felony.
  Tri equivalent_listed(const Conviction& k) const {
    if constexpr (kPreresolved) {
      return k.equivalent_listed;
    } else {
      return equivalent_on_lists(k, catalog_, lists_);
    }
  }

  // Days incarcerated for counting crimes before the arrest (each day once); computed once, when
  // first needed. kTrue when days_ holds the total, kUnknown when it cannot be known: the
  // counting convictions are selected first, so one conviction that may or may not count makes
  // the total unknown.
  Tri incarcerated_days() {
    if (days_computed_) return days_state_;
    days_computed_ = true;
    thread_local std::vector<std::pair<cal::Days, cal::Days>> spans;
    spans.clear();
    for (const Conviction& k : c_.convictions) {
      Tri counts = conviction_counts(k);
      if (counts == Tri::kFalse) continue;
      if (counts == Tri::kUnknown) return days_state_ = Tri::kUnknown;
      for (const Period& p : k.incarcerations) {
        cal::Days b = p.from, e = std::min(p.to, c_.arrest_date);
        if (e > b) spans.emplace_back(b, e);
      }
    }
    std::sort(spans.begin(), spans.end());
    int64_t total = 0;
    cal::Days cur_b = 0, cur_e = 0;
    bool open = false;
    for (auto [b, e] : spans) {
      if (open && b <= cur_e) {
        cur_e = std::max(cur_e, e);
        continue;
      }
      if (open) total += cur_e - cur_b;
      cur_b = b;
      cur_e = e;
      open = true;
    }
    if (open) total += cur_e - cur_b;
    days_ = static_cast<cal::Days>(total);
    return days_state_ = Tri::kTrue;
  }

  const Case& c_;
  const catalog::Catalog& catalog_;
  const Lists& lists_;
  bool days_computed_ = false;
  Tri days_state_ = Tri::kUnknown;
  cal::Days days_ = 0;
};

Outcome detainer_outcome(Tri hold, Tri notify_release) {
  if (hold == Tri::kTrue || notify_release == Tri::kTrue) return Outcome::kHonor;
  if (hold == Tri::kUnknown || notify_release == Tri::kUnknown) return Outcome::kReview;
  return Outcome::kDecline;
}

template <bool kPreresolved, bool kAllActions>
Verdict run(const Case& c, const catalog::Catalog& catalog, const Lists& lists) {
  Rule<kPreresolved> rule(c, catalog, lists);
  const cal::Days on = cal::local_date(cal::DateTime{c.presented_at_utc, c.presented_at_offset});
  Verdict v;
  // § 9-131(b)(1): hold, notify and transfer only with a judicial warrant and a violent or
  // serious crime or a watch-list match; a request not from federal immigration authorities is
  // outside the section (unknown: counsel decides).
  Tri honor = rule.judicial_warrant();
  Tri cvs = Tri::kUnknown;
  bool have_cvs = false;
  if (honor != Tri::kFalse) {
    if (!c.watchlist_match) {  // a watch-list match settles (b)(1)(ii) without the records
      cvs = rule.convicted_violent_or_serious();
      have_cvs = true;
      honor = both(honor, cvs);
    }
  }
  Tri federal = rule.federal_immigration_authority(on);
  Tri hold = federal == Tri::kTrue ? honor : Tri::kUnknown;
  v.hold = v.notify_release = hold;
  v.outcome = detainer_outcome(v.hold, v.notify_release);
  if constexpr (kAllActions) {
    v.transfer = hold;
    // § 9-131(h)(1), from 2015-02-12: information only for a violent or serious crime, a
    // watch-list match, or when a court order or subpoena requires it.
    if (on < kSubdivisionH) {
      v.share_information = Tri::kTrue;
    } else {
      Tri serious = Tri::kTrue;
      if (!c.watchlist_match) serious = have_cvs ? cvs : rule.convicted_violent_or_serious();
      v.share_information = either(serious, rule.court_order_or_subpoena());
    }
  }
  return v;
}

}  // namespace

Lists resolve_lists(const catalog::Catalog& catalog) {
  auto get = [&](const char* id) {
    auto l = catalog.list_index(id);
    if (!l) {
      std::fprintf(stderr, "decide_bench: the catalog has no list %s\n", id);
      std::abort();
    }
    return *l;
  };
  return Lists{get("nyc-vsc"), get("nyc-vsc-hate"), get("nyc-vsc-vtl600")};
}

Case from_generated(const GenCase& g, const catalog::Catalog* catalog, const Lists* lists) {
  Case c;
  c.from = g.from;
  c.presented_at_utc = g.presented_at.utc_seconds;
  c.presented_at_offset = g.presented_at.offset_seconds;
  c.watchlist_match = g.watchlist_match;
  c.arrest_date = g.arrest_date;
  for (const GenDocument& gd : g.documents) {
    Document d;
    d.type = gd.type;
    d.issuer = gd.issuer;
    d.names_subject = gd.names_subject;
    d.authorizes_custody = gd.authorizes_custody;
    d.presented_at_known = true;
    d.presented_at_utc = gd.presented_at.utc_seconds;
    c.documents.push_back(d);
  }
  for (const GenConviction& gk : g.convictions) {
    Conviction k;
    k.in_new_york = gk.jurisdiction == "US-NY";
    k.level = gk.level;
    k.inchoate = gk.inchoate;
    k.hate_crime = gk.hate_crime;
    k.disposition = gk.disposition;
    k.judgment_date = gk.judgment_date;
    if (auto s = catalog::normalize_citation(gk.statute); s.ok()) {
      k.statute_parsed = true;
      k.statute = *s;
      k.statute_with_subdivision = *s;
      if (s->subdivision.empty() && !gk.subdivision.empty())
        k.statute_with_subdivision.subdivision = gk.subdivision;
    }
    if (gk.equivalent_to) {
      k.equivalent_known = true;
      if (auto e = catalog::normalize_citation(*gk.equivalent_to); e.ok()) {
        k.equivalent_parsed = true;
        k.equivalent_to = *e;
      }
    }
    if (gk.predicate_felony) k.predicate_felony = tri(*gk.predicate_felony);
    for (const GenPeriod& p : gk.incarcerations) k.incarcerations.push_back({p.from, p.to});
    if (catalog && lists) {
      if (k.statute_parsed) {
        k.listed_vsc = tri(catalog->listed(lists->vsc, k.statute_with_subdivision));
        k.listed_hate = tri(catalog->listed(lists->hate, k.statute));
        k.listed_vtl600 = tri(catalog->listed(lists->vtl600, k.statute));
      }
      k.equivalent_listed = equivalent_on_lists(k, *catalog, *lists);
    }
    c.convictions.push_back(std::move(k));
  }
  return c;
}

Verdict decide(const Case& c, const catalog::Catalog& catalog, const Lists& lists) {
  return run<false, false>(c, catalog, lists);
}

Verdict decide_preresolved(const Case& c, const catalog::Catalog& catalog, const Lists& lists) {
  return run<true, false>(c, catalog, lists);
}

Verdict decide_all_actions(const Case& c, const catalog::Catalog& catalog, const Lists& lists) {
  return run<false, true>(c, catalog, lists);
}

const char* name_of(Outcome o) {
  switch (o) {
    case Outcome::kHonor:
      return "honor";
    case Outcome::kDecline:
      return "decline";
    case Outcome::kReview:
      return "review";
  }
  return "?";
}

const char* name_of(Tri t) {
  switch (t) {
    case Tri::kFalse:
      return "false";
    case Tri::kTrue:
      return "true";
    case Tri::kUnknown:
      return "unknown";
  }
  return "?";
}

}  // namespace writ::bench::hw
