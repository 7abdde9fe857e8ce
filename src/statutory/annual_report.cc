#include "statutory/annual_report.h"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace writ::statutory {
namespace {

using nlohmann::json;

// ICE's stated reasons as § 9-131(f)(1) disaggregates them, from the I-247A's basis boxes.
struct ReasonClass {
  std::string_view key, label;
};
constexpr std::array<ReasonClass, 5> kReasons{{
    {"i", "(i) reason to believe the person is removable (biometric match or other evidence)"},
    {"ii", "(ii) notice to appear or other charging document served (removal proceedings pending)"},
    {"iii", "(iii) warrant of arrest in removal proceedings (I-200) served"},
    {"iv", "(iv) order of deportation or removal obtained"},
    {"none", "no reason stated on the request"},
}};

// § 9-131(f)(9) and § 14-154(f)(5): (i) no violent or serious crime conviction, (ii) at least
// one, (iii) none but a possible terrorist screening database match.
struct PersonClass {
  std::string_view key, label;
};
constexpr std::array<PersonClass, 4> kClasses{{
    {"no_vsc", "(i) no conviction for a violent or serious crime"},
    {"vsc", "(ii) at least one conviction for a violent or serious crime"},
    {"tsdb", "(iii) no such conviction, possible terrorist screening database match"},
    {"undetermined", "classification not determined (facts unknown)"},
}};

constexpr std::array<std::string_view, 4> kInfoTypes{"incarceration_status", "release_date",
                                                     "court_date", "other"};

const json& at(const json& j, std::string_view key) {
  static const json null_value;
  if (!j.is_object()) return null_value;
  auto it = j.find(key);
  return it == j.end() ? null_value : *it;
}

std::string str(const json& j) {
  return j.is_string() ? j.get<std::string>() : std::string();
}

std::string policy_id(const std::string& recorded) {
  auto at_sign = recorded.find('@');
  return at_sign == std::string::npos ? recorded : recorded.substr(0, at_sign);
}

std::vector<std::string_view> reasons_of(const json& facts) {
  std::vector<std::string_view> out;
  bool i = false, ii = false, iv = false;
  const json& basis = at(facts, "basis");
  if (basis.is_array()) {
    for (const auto& b : basis) {
      std::string s = str(b);
      if (s == "biometric_match" || s == "statements_or_evidence") i = true;
      if (s == "pending_removal_proceedings") ii = true;
      if (s == "final_order_of_removal") iv = true;
    }
  }
  if (i) out.push_back("i");
  if (ii) out.push_back("ii");
  if (at(facts, "arrest_warrant_served") == json(true)) out.push_back("iii");
  if (iv) out.push_back("iv");
  if (out.empty()) out.push_back("none");
  return out;
}

std::string_view class_of(const json& facts) {
  const json& vsc = at(facts, "vsc_conviction");
  const json& tsdb = at(facts, "watchlist_match");
  if (vsc == json(true)) return "vsc";
  if (vsc == json(false) && tsdb == json(true)) return "tsdb";
  if (vsc == json(false) && tsdb == json(false)) return "no_vsc";
  return "undetermined";
}

// The day an event happened: its "at" if recorded, else when it was logged.
std::string event_day(const store::Entry& e) {
  json body = json::parse(e.body, nullptr, false);
  std::string when = str(at(body, "at"));
  return (when.size() >= 10 ? when : e.created_at).substr(0, 10);
}

const store::Entry* find_event(const store::DecisionRecord& r, std::string_view type) {
  for (const auto& e : r.events) {
    if (e.action == type) return &e;
  }
  return nullptr;
}

}  // namespace

const std::vector<ReportKind>& report_kinds() {
  static const std::vector<ReportKind> kinds{
      {"nyc-doc-9-131-f", "Department of Correction: civil immigration detainers", "nyc-doc",
       "NYC Admin. Code § 9-131(f)"},
      {"nyc-nypd-14-154-f", "Police Department: civil immigration detainers", "nyc-nypd",
       "NYC Admin. Code § 14-154(f)"},
      {"nyc-probation-9-205-f", "Department of Probation: civil immigration detainers",
       "nyc-probation", "NYC Admin. Code § 9-205(f)"},
  };
  return kinds;
}

const ReportKind* find_report_kind(std::string_view id) {
  for (const auto& k : report_kinds()) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

AnnualReportBuilder::AnnualReportBuilder(const ReportKind& kind, Period period)
    : kind_(&kind), period_(std::move(period)) {}

Result<AnnualReportBuilder> AnnualReportBuilder::make(std::string_view id, Period period) {
  const ReportKind* kind = find_report_kind(id);
  if (!kind) {
    std::string known;
    for (const auto& k : report_kinds())
      known += fmt::format("{}{}", known.empty() ? "" : ", ", k.id);
    return make_error(ErrorCode::kNotFound, fmt::format("no report '{}' (reports: {})", id, known));
  }
  return AnnualReportBuilder(*kind, std::move(period));
}

int64_t AnnualReportBuilder::get(const std::string& key) const {
  auto it = counts_.find(key);
  return it == counts_.end() ? 0 : it->second;
}

void AnnualReportBuilder::add(const store::DecisionRecord& r) {
  if (policy_id(r.decision.policy) != kind_->policy) return;
  json body = json::parse(r.decision.body, nullptr, false);
  const json& facts = at(body, "report");
  std::string presented = str(at(facts, "presented_at"));
  std::string day = (presented.size() >= 10 ? presented : r.decision.created_at).substr(0, 10);
  std::string kind = str(at(facts, "request_kind"));
  std::string_view cls = class_of(facts);
  const bool requested_in_period = period_.contains(day);
  if (requested_in_period) {
    ++decisions_;
    if (r.state == store::DecisionState::kPendingReview) ++pending_;
    if (cls == "undetermined") ++undetermined_;
  }

  const store::Entry* held = find_event(r, "held");
  const store::Entry* transferred = find_event(r, "transferred");
  const store::Entry* not_assumed = find_event(r, "custody_not_assumed");
  if (kind == "detainer") {
    auto reasons = reasons_of(facts);
    if (requested_in_period) {
      bump("detainers");
      for (auto k : reasons) bump(fmt::format("detainers/{}", k));
      if (r.final_outcome == "decline") bump("not_honored");
    }
    if (held && period_.contains(event_day(*held))) {
      bump("held");
      for (auto k : reasons) bump(fmt::format("held/{}", k));
      if (!transferred && not_assumed && period_.contains(event_day(*not_assumed))) {
        bump("held_not_transferred");
      }
    }
    if (transferred && period_.contains(event_day(*transferred))) {
      bump("transferred");
      bump(fmt::format("transferred/{}", cls));
    }
  } else if (kind == "information" || kind == "notification") {
    // A notification request asks for the release date (I-247A's "notify" box).
    std::vector<std::string> types;
    if (kind == "notification") {
      types.push_back("release_date");
    } else {
      const json& sought = at(facts, "information_sought");
      if (sought.is_array()) {
        for (const auto& t : sought) types.push_back(str(t));
      }
      if (types.empty()) types.push_back("other");
    }
    if (requested_in_period) {
      bump("info_requests");
      for (const auto& t : types) bump(fmt::format("info_requests/{}/{}", cls, t));
    }
    const bool facilitated = transferred != nullptr;
    bool responded = false;
    for (const auto& e : r.events) {
      if (e.action != "information_given" || !period_.contains(event_day(e))) continue;
      json eb = json::parse(e.body, nullptr, false);
      std::string t = str(at(eb, "information"));
      if (t.empty()) t = types.front();
      bump(
          fmt::format("info_responses/{}/{}/{}", cls, t, facilitated ? "transfer" : "no_transfer"));
      responded = true;
    }
    if (responded) bump("info_responses");
  }
}

AnnualReport AnnualReportBuilder::finish() const {
  AnnualReport rep;
  rep.id = std::string(kind_->id);
  rep.title = std::string(kind_->title);
  rep.policy = std::string(kind_->policy);
  rep.cite = std::string(kind_->cite);
  rep.period = period_;
  rep.decisions = decisions_;
  rep.pending_review = pending_;
  rep.undetermined = undetermined_;
  const bool doc = kind_->policy == "nyc-doc";
  std::string base = std::string(kind_->cite);
  auto item = [&](std::string number, std::string text, std::optional<int64_t> count,
                  std::string note) {
    Item it;
    it.number = number;
    it.cite = fmt::format("{}({})", base, number);
    it.text = std::move(text);
    it.count = count;
    it.note = std::move(note);
    rep.items.push_back(std::move(it));
    return &rep.items.back();
  };
  auto by_reason = [&](Item* it, std::string_view prefix) {
    for (const auto& r : kReasons) {
      it->breakdown.push_back({fmt::format("reason/{}", r.key), std::string(r.label),
                               get(fmt::format("{}/{}", prefix, r.key))});
    }
  };
  auto information = [&](std::string number, std::string text) {
    Item* it = item(number, std::move(text), get("info_requests"),
                    "requests: information and notification requests presented in the period "
                    "(a notification request asks for the release date); responses: "
                    "information_given events recorded in the period, by the information given "
                    "and whether the person was later transferred to ICE");
    for (const auto& c : kClasses) {
      for (auto t : kInfoTypes) {
        it->breakdown.push_back({fmt::format("requests/{}/{}", c.key, t),
                                 fmt::format("requests: {}; {}", c.label, t),
                                 get(fmt::format("info_requests/{}/{}", c.key, t))});
      }
    }
    for (const auto& c : kClasses) {
      for (auto t : kInfoTypes) {
        for (std::string_view f : {"transfer", "no_transfer"}) {
          it->breakdown.push_back(
              {fmt::format("responses/{}/{}/{}", c.key, t, f),
               fmt::format("responses honoring: {}; {}; {}", c.label, t,
                           f == "transfer" ? "transfer to ICE facilitated" : "no transfer"),
               get(fmt::format("info_responses/{}/{}/{}", c.key, t, f))});
        }
      }
    }
  };
  const std::string held_note =
      "detainer decisions with a 'held' event in the period (the person was held past the time "
      "of release); by ICE's stated reason as for item 1";
  if (doc) {
    Item* i1 = item("1", "civil immigration detainers lodged with the department", get("detainers"),
                    "detainer requests presented in the period, by the date on the request; a "
                    "request giving several reasons is counted under each");
    by_reason(i1, "detainers");
    Item* i2 = item("2", "persons held beyond the time of release pursuant to a detainer",
                    get("held"), held_note);
    by_reason(i2, "held");
    Item* i3 =
        item("3", "persons transferred to ICE custody pursuant to a detainer", get("transferred"),
             "detainer decisions with a 'transferred' event in the period");
    for (const auto& c : kClasses) {
      i3->breakdown.push_back({fmt::format("class/{}", c.key), std::string(c.label),
                               get(fmt::format("transferred/{}", c.key))});
    }
    item("4",
         "of those transferred, persons with at least one conviction for a violent or serious "
         "crime",
         get("transferred/vsc"), "item 3, class (ii)");
    item("5",
         "of those transferred, persons with no such conviction who were possible matches in "
         "the terrorist screening database",
         get("transferred/tsdb"), "item 3, class (iii)");
    item("6", "State Criminal Alien Assistance Program funding requested and received",
         std::nullopt,
         "not recorded by Writ: SCAAP funding is a budget figure, not a decision; the "
         "department adds it from its own records");
    item("7", "persons whose civil immigration detainers were not honored under subdivision b",
         get("not_honored"),
         "detainer requests presented in the period whose final outcome (after review or "
         "override) is decline; decisions still pending review are counted by their outcome "
         "and listed in the report header");
    item("8",
         "persons held beyond release who were not transferred because the 48-hour period of "
         "8 CFR 287.7 expired or ICE disavowed an intention to assume custody",
         get("held_not_transferred"),
         "held in the period, a 'custody_not_assumed' event, and no transfer");
    information("9",
                "requests for incarceration status, release dates, court appearance dates or "
                "other information, and responses honoring them");
  } else {
    item("1", "civil immigration detainers received", get("detainers"),
         "detainer requests presented in the period, by the date on the request");
    item("2", "persons held beyond the time of release pursuant to a detainer", get("held"),
         held_note);
    item("3", "persons transferred to ICE custody pursuant to a detainer", get("transferred"),
         "detainer decisions with a 'transferred' event in the period");
    item("4", "civil immigration detainers not honored", get("not_honored"),
         "detainer requests presented in the period whose final outcome is decline");
    information("5", kind_->policy == "nyc-probation"
                         ? "requests for information (incl. scheduled appointment dates and "
                           "times) and responses honoring them"
                         : "requests for information and responses honoring them");
  }
  return rep;
}

}  // namespace writ::statutory
