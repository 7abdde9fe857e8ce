#include "report/csv_writer.h"

#include "report/escape.h"

namespace writ::report {

namespace {

void row(std::string& out, const std::string& policy, const std::string& table,
         const std::string& key, const OutcomeCounts* c, uint64_t count) {
  out += csv_field(policy) + "," + csv_field(table) + "," + csv_field(key);
  for (std::size_t o = 0; o < kOutcomes; ++o) out += "," + (c ? std::to_string((*c)[o]) : "");
  out += "," + std::to_string(c ? total(*c) : count) + "\n";
}

}  // namespace

std::string render_counts_csv(const Tally& t) {
  std::string out = "policy,table,key,honor,decline,review,error,total\n";
  for (std::size_t i = 0; i < t.policies.size(); ++i) {
    const PolicyTally& p = t.policies[i];
    const std::string& id = t.policy_ids[i];
    row(out, id, "outcome", "all", &p.outcomes, 0);
    for (const auto& [k, c] : p.by_reason.rows()) row(out, id, "reason", k, &c, 0);
    for (const auto& [k, c] : p.by_facility.rows()) row(out, id, "facility", k, &c, 0);
    for (const auto& [k, c] : p.by_month) row(out, id, "month", k, &c, 0);
  }
  for (const Transition& tr : t.transitions) {
    for (std::size_t a = 0; a < kOutcomes; ++a) {
      for (std::size_t b = 0; b < kOutcomes; ++b) {
        row(out, t.policy_ids[tr.a], "transition:" + t.policy_ids[tr.b],
            std::string(outcome_name(a)) + "->" + std::string(outcome_name(b)), nullptr,
            tr.counts[a][b]);
      }
    }
  }
  for (const auto& [m, n] : t.records_by_month) row(out, "", "records", m, nullptr, n);
  for (const auto& [name, values] : t.attributes.rows()) {
    for (const auto& [value, months] : values.rows()) {
      for (const auto& [m, n] : months)
        row(out, "", "attribute:" + name + "=" + value, m, nullptr, n);
    }
  }
  for (const auto& [reason, g] : t.unmapped.rows())
    row(out, "", "unmapped", reason, nullptr, g.count);
  return out;
}

std::string render_changed_csv(const Tally& t) {
  std::string out = "source,line,record_id,date,facility";
  for (const std::string& id : t.policy_ids) {
    out += "," + csv_field(id + ":outcome") + "," + csv_field(id + ":reason") + "," +
           csv_field(id + ":explanation");
  }
  out += "\n";
  for (const ChangedRecord& c : t.changed) {
    out += csv_field(c.source) + "," + std::to_string(c.line) + "," + csv_field(c.record_id) + "," +
           csv_field(c.date) + "," + csv_field(c.facility);
    for (std::size_t i = 0; i < t.policy_ids.size(); ++i) {
      out += "," + csv_field(i < c.outcomes.size() ? c.outcomes[i] : "");
      out += "," + csv_field(i < c.reasons.size() ? c.reasons[i] : "");
      out += "," + csv_field(i < c.explanations.size() ? c.explanations[i] : "");
    }
    out += "\n";
  }
  return out;
}

}  // namespace writ::report
