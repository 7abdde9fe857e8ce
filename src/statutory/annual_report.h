// The NYC annual reports on civil immigration detainers, computed from the decision log:
// DOC § 9-131(f), NYPD § 14-154(f) and Probation § 9-205(f). Each item is a count with its
// statutory text and citation, broken down as the law asks. What the log cannot know (SCAAP
// funding) is reported as not recorded, never invented. See docs/service.md, "Reports".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "statutory/period.h"
#include "store/types.h"
#include "writ/result.h"

namespace writ::statutory {

struct Breakdown {
  std::string key;    // stable, e.g. "reason/i" or "no_vsc/release_date/transferred"
  std::string label;  // for people
  int64_t count = 0;
};

struct Item {
  std::string number;            // "1", "2", ... "9"
  std::string cite;              // "NYC Admin. Code § 9-131(f)(1)"
  std::string text;              // what the law asks, abridged
  std::optional<int64_t> count;  // nullopt: not recorded by Writ (see note)
  std::vector<Breakdown> breakdown;
  std::string note;  // how it was counted, or why it is not recorded
};

struct AnnualReport {
  std::string id;  // nyc-doc-9-131-f | nyc-nypd-14-154-f | nyc-probation-9-205-f
  std::string title;
  std::string policy;  // the policy whose decisions it counts
  std::string cite;
  Period period;
  std::vector<Item> items;
  int64_t decisions = 0;       // decisions of the policy in the period
  int64_t pending_review = 0;  // of which not yet signed off or overridden
  int64_t undetermined = 0;    // of which the conviction classification is unknown
};

struct ReportKind {
  std::string_view id, title, policy, cite;
};
// The three reports, in a stable order.
const std::vector<ReportKind>& report_kinds();
const ReportKind* find_report_kind(std::string_view id);

// Computes report `id` for `period` from the decisions of its policy (each with its reviews
// and events), as stored by the service (the body's "report" object; see report_facts.h).
// Decisions of other policies are ignored. kNotFound for an unknown report id.
class AnnualReportBuilder {
 public:
  static Result<AnnualReportBuilder> make(std::string_view id, Period period);
  void add(const store::DecisionRecord& r);
  AnnualReport finish() const;

 private:
  AnnualReportBuilder(const ReportKind& kind, Period period);
  void bump(const std::string& key) { ++counts_[key]; }
  int64_t get(const std::string& key) const;

  const ReportKind* kind_;
  Period period_;
  std::map<std::string, int64_t> counts_;  // "item/breakdown" -> count
  int64_t decisions_ = 0, pending_ = 0, undetermined_ = 0;
};

}  // namespace writ::statutory
