#include "report/tally.h"

namespace writ::report {

namespace {

constexpr std::array<std::string_view, kOutcomes> kOutcomeNames = {"honor", "decline", "review",
                                                                   "error"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string_view outcome_name(std::size_t outcome) {
  return outcome < kOutcomes ? kOutcomeNames[outcome] : std::string_view("?");
}

std::size_t outcome_index(std::string_view name) {
  for (std::size_t i = 0; i < kOutcomes; ++i) {
    if (kOutcomeNames[i] == name) return i;
  }
  return kOutcomes;
}

std::string month_of(std::string_view date) {
  if (date.size() >= 7 && is_digit(date[0]) && is_digit(date[1]) && is_digit(date[2]) &&
      is_digit(date[3]) && date[4] == '-' && is_digit(date[5]) && is_digit(date[6])) {
    int month = (date[5] - '0') * 10 + (date[6] - '0');
    if (month >= 1 && month <= 12 && (date.size() == 7 || date[7] == '-')) {
      return std::string(date.substr(0, 7));
    }
  }
  return std::string(kNoDate);
}

uint64_t total(const OutcomeCounts& c) {
  uint64_t n = 0;
  for (uint64_t x : c) n += x;
  return n;
}

Tally::Tally(std::vector<std::string> ids, std::string data)
    : policy_ids(std::move(ids)), dataset(std::move(data)), policies(policy_ids.size()) {
  for (std::size_t a = 0; a < policy_ids.size(); ++a) {
    for (std::size_t b = a + 1; b < policy_ids.size(); ++b) transitions.push_back({a, b, {}});
  }
}

void Tally::add(const RecordResult& r) {
  ++records;
  const std::string month = month_of(r.date);
  ++records_by_month[month];

  // The outcome and reason of each policy; a missing or malformed one is an error.
  const std::size_t n = policy_ids.size();
  std::vector<std::size_t> outcome(n, kError);
  std::vector<std::string> reason(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i >= r.by_policy.size()) {
      reason[i] = "no outcome was recorded for this policy";
      continue;
    }
    const PolicyOutcome& p = r.by_policy[i];
    outcome[i] = outcome_index(p.outcome);
    reason[i] = p.reason;
    if (outcome[i] == kOutcomes) {
      outcome[i] = kError;
      reason[i] = "unexpected outcome '" + p.outcome + "'";
    }
  }

  const std::string& facility = r.facility;
  for (std::size_t i = 0; i < n; ++i) {
    PolicyTally& t = policies[i];
    const std::size_t o = outcome[i];
    ++t.outcomes[o];
    ++t.by_reason[reason[i]][o];
    ++t.by_facility[facility][o];
    ++t.by_month[month][o];
  }
  for (Transition& tr : transitions) ++tr.counts[outcome[tr.a]][outcome[tr.b]];

  bool differs = false;
  for (std::size_t i = 1; i < n; ++i) differs = differs || outcome[i] != outcome[0];
  if (differs) {
    ChangedRecord c{r.source, r.line, r.record_id, r.date, r.facility, {}, std::move(reason), {}};
    for (std::size_t i = 0; i < n; ++i) c.outcomes.emplace_back(outcome_name(outcome[i]));
    if (changed_count < kMaxStoredExplanations) {
      for (std::size_t i = 0; i < n; ++i) {
        c.explanations.push_back(i < r.by_policy.size() ? r.by_policy[i].explanation : "");
      }
    }
    changed.push_back(std::move(c));
    ++changed_count;
  }

  for (const auto& [name, value] : r.attrs) ++attributes[name][value][month];
}

void Tally::add_unmapped(const Unmapped& u) {
  ++unmapped_count;
  UnmappedGroup& g = unmapped[u.reason];
  ++g.count;
  if (g.examples.size() < kMaxExamples) g.examples.emplace_back(u.source, u.line);
}

}  // namespace writ::report
