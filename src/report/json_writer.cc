#include "report/json_writer.h"

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace writ::report {

namespace {

using Json = nlohmann::ordered_json;

Json outcome_object(const OutcomeCounts& c) {
  Json j = Json::object();
  for (std::size_t o = 0; o < kOutcomes; ++o) j[std::string(outcome_name(o))] = c[o];
  j["total"] = total(c);
  return j;
}

Json keyed_rows(const BoundedMap<OutcomeCounts>& m, const char* key) {
  Json rows = Json::array();
  for (const auto& [k, c] : m.rows()) {
    Json row = {{key, k}};
    row.update(outcome_object(c));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string render_json(const Tally& t) {
  Json j;
  j["format"] = kReportFormat;
  j["dataset"] = t.dataset;
  j["policies"] = t.policy_ids;
  j["records"] = t.records;
  j["changed"] = t.changed_count;
  j["unmapped"] = t.unmapped_count;
  j["limits"] = {{"stored_explanations", kMaxStoredExplanations},
                 {"keys_per_table", kMaxKeys},
                 {"examples_per_unmapped_reason", kMaxExamples}};
  j["records_by_month"] = Json::object();
  for (const auto& [m, n] : t.records_by_month) j["records_by_month"][m] = n;

  Json by_policy = Json::array();
  for (std::size_t i = 0; i < t.policies.size(); ++i) {
    const PolicyTally& p = t.policies[i];
    Json pj;
    pj["policy"] = t.policy_ids[i];
    pj["outcomes"] = outcome_object(p.outcomes);
    pj["by_reason"] = keyed_rows(p.by_reason, "reason");
    pj["by_facility"] = keyed_rows(p.by_facility, "facility");
    Json months = Json::array();
    for (const auto& [m, c] : p.by_month) {
      Json row = {{"month", m}};
      row.update(outcome_object(c));
      months.push_back(std::move(row));
    }
    pj["by_month"] = std::move(months);
    by_policy.push_back(std::move(pj));
  }
  j["by_policy"] = std::move(by_policy);

  Json transitions = Json::array();
  for (const Transition& tr : t.transitions) {
    Json m = Json::object();
    for (std::size_t a = 0; a < kOutcomes; ++a) {
      Json row = Json::object();
      for (std::size_t b = 0; b < kOutcomes; ++b)
        row[std::string(outcome_name(b))] = tr.counts[a][b];
      m[std::string(outcome_name(a))] = std::move(row);
    }
    transitions.push_back(
        {{"from", t.policy_ids[tr.a]}, {"to", t.policy_ids[tr.b]}, {"counts", m}});
  }
  j["transitions"] = std::move(transitions);

  Json unmapped = Json::array();
  for (const auto& [reason, g] : t.unmapped.rows()) {
    Json ex = Json::array();
    for (const auto& [source, line] : g.examples)
      ex.push_back({{"source", source}, {"line", line}});
    unmapped.push_back({{"reason", reason}, {"count", g.count}, {"examples", std::move(ex)}});
  }
  j["unmapped_by_reason"] = std::move(unmapped);

  Json attrs = Json::array();
  for (const auto& [name, values] : t.attributes.rows()) {
    Json vs = Json::array();
    for (const auto& [value, months] : values.rows()) {
      uint64_t n = 0;
      Json bm = Json::object();
      for (const auto& [m, k] : months) {
        bm[m] = k;
        n += k;
      }
      vs.push_back({{"value", value}, {"records", n}, {"by_month", std::move(bm)}});
    }
    attrs.push_back({{"name", name}, {"values", std::move(vs)}});
  }
  j["attributes"] = std::move(attrs);

  // The changed records are the one part that grows with the input: rather than being built into
  // the document they are written one at a time after it, as its last member.
  std::string out = j.dump(2, ' ', false, Json::error_handler_t::replace);
  out.pop_back();  // the closing brace
  out += ",\n  \"changed_records\": [";
  for (std::size_t k = 0; k < t.changed.size(); ++k) {
    const ChangedRecord& c = t.changed[k];
    Json cj = {{"source", c.source},  {"line", c.line},         {"record_id", c.record_id},
               {"date", c.date},      {"facility", c.facility}, {"outcomes", c.outcomes},
               {"reasons", c.reasons}};
    if (!c.explanations.empty()) cj["explanations"] = c.explanations;
    out += k ? ",\n    " : "\n    ";
    out += cj.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  out += t.changed.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace writ::report
