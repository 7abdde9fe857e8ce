// Aggregation for the what-if report: counts by outcome, decisive reason, facility and month for
// each policy, transition matrices between policies, the changed records, unmapped rows by
// reason and adapter attributes by month. Everything except the changed-record rows is bounded
// independently of the number of records (see the limits below).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/what_if.h"

namespace writ::report {

// Explanations are stored for the first this many changed records; later ones are counted and
// listed without explanations.
inline constexpr std::size_t kMaxStoredExplanations = 1000;
// A keyed table (reasons, facilities, attribute names and values, unmapped reasons) keeps this
// many distinct keys; records with further keys are counted under kOtherKey.
inline constexpr std::size_t kMaxKeys = 500;
// Example lines kept for each unmapped reason.
inline constexpr std::size_t kMaxExamples = 5;
inline constexpr std::string_view kOtherKey = "(other)";
inline constexpr std::string_view kNoDate = "(no date)";

inline constexpr std::size_t kOutcomes = 4;  // honor, decline, review, error (in this order)
inline constexpr std::size_t kHonor = 0, kDecline = 1, kReview = 2, kError = 3;
std::string_view outcome_name(std::size_t outcome);
// The index of an outcome name; kOutcomes when it is none of the four.
std::size_t outcome_index(std::string_view name);

// "yyyy-mm" of an ISO date "yyyy-mm-dd"; kNoDate when `date` does not start with one.
std::string month_of(std::string_view date);

using OutcomeCounts = std::array<uint64_t, kOutcomes>;
uint64_t total(const OutcomeCounts& c);

// A string-keyed map holding at most `cap` distinct keys; a new key beyond that is folded into
// kOtherKey (so at most cap + 1 rows).
template <class V>
class BoundedMap {
 public:
  explicit BoundedMap(std::size_t cap = kMaxKeys) : cap_(cap) {}
  V& operator[](const std::string& key) {
    auto it = rows_.find(key);
    if (it != rows_.end()) return it->second;
    if (rows_.size() >= cap_) {
      folded_ = true;
      return rows_[std::string(kOtherKey)];
    }
    return rows_[key];
  }
  const std::map<std::string, V>& rows() const { return rows_; }
  bool folded() const { return folded_; }  // whether some keys went to kOtherKey

 private:
  std::size_t cap_;
  bool folded_ = false;
  std::map<std::string, V> rows_;
};

struct PolicyTally {
  OutcomeCounts outcomes{};
  BoundedMap<OutcomeCounts> by_reason;
  BoundedMap<OutcomeCounts> by_facility;
  std::map<std::string, OutcomeCounts> by_month;  // bounded by the calendar
};

// [outcome under policy a][outcome under policy b], a < b in policy order.
struct Transition {
  std::size_t a = 0, b = 0;
  std::array<OutcomeCounts, kOutcomes> counts{};
};

// A record whose outcomes differ between the policies.
struct ChangedRecord {
  std::string source;
  uint64_t line = 0;
  std::string record_id, date, facility;
  std::vector<std::string> outcomes, reasons;  // per policy
  std::vector<std::string> explanations;       // per policy; empty beyond the cap
};

struct UnmappedGroup {
  uint64_t count = 0;
  std::vector<std::pair<std::string, uint64_t>> examples;  // (source, line), the first few
};

// attribute value -> month -> records
using AttributeValues = BoundedMap<std::map<std::string, uint64_t>>;

class Tally {
 public:
  Tally(std::vector<std::string> policy_ids, std::string dataset);

  void add(const RecordResult& r);
  void add_unmapped(const Unmapped& u);

  std::vector<std::string> policy_ids;
  std::string dataset;
  uint64_t records = 0;
  uint64_t changed_count = 0;
  uint64_t unmapped_count = 0;
  std::map<std::string, uint64_t> records_by_month;
  std::vector<PolicyTally> policies;    // same order as policy_ids
  std::vector<Transition> transitions;  // every pair a < b, in order (0,1), (0,2), … (1,2), …
  std::vector<ChangedRecord> changed;   // all changed records, in input order
  BoundedMap<UnmappedGroup> unmapped;
  BoundedMap<AttributeValues> attributes;  // attribute name -> values
};

}  // namespace writ::report
