// The what-if comparison report of `writ batch`: the same records decided under several
// policies, tallied as it goes and rendered as one self-contained HTML file, JSON and CSV.
//
// Memory is bounded in the number of records except for the list of changed records (records
// whose outcomes differ between policies): every changed record is kept as one short row, and
// the explanations of the first kMaxStoredExplanations (1,000) of them; later ones are counted
// and listed without their explanations. Keyed tables (reasons, facilities, attribute values,
// unmapped reasons) keep at most kMaxKeys (500) distinct keys each; the rest are counted under
// "(other)". See tally.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace writ::report {

struct PolicyOutcome {
  std::string outcome;      // "honor" | "decline" | "review" | "error"
  std::string reason;       // decisive rule labels ';'-joined, or the error
  std::string explanation;  // text memo, filled only when the record's outcomes differ
};

struct RecordResult {
  uint64_t line = 0;  // 1-based line of the record's first row in `source`
  std::string source;
  std::string record_id, date, facility;                   // date ISO yyyy-mm-dd
  std::vector<PolicyOutcome> by_policy;                    // same order as the policies
  std::vector<std::pair<std::string, std::string>> attrs;  // adapter "report attributes"
};

struct Unmapped {
  std::string source;
  uint64_t line = 0;
  std::string reason;
};

class Tally;

class WhatIfReport {
 public:
  WhatIfReport(std::vector<std::string> policy_ids, std::string dataset);
  ~WhatIfReport();
  WhatIfReport(WhatIfReport&&) noexcept;
  WhatIfReport& operator=(WhatIfReport&&) noexcept;

  void add(const RecordResult& r);  // called in deterministic input order
  void add_unmapped(const Unmapped& u);

  std::string html() const;
  std::string json() const;
  std::string counts_csv() const;   // one row per policy, table, key and outcome
  std::string changed_csv() const;  // one row per changed record

  const Tally& tally() const { return *tally_; }

 private:
  std::unique_ptr<Tally> tally_;
};

}  // namespace writ::report
