#include "report/published_check.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include <nlohmann/json.hpp>

#include "catalog/csv.h"

namespace writ::report {

namespace {

Error bad(std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message));
}

bool parse_count(std::string_view s, uint64_t& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) {
    out = 0;
    return true;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

MonthlyFigures monthly_figures(const Tally& t) {
  MonthlyFigures f;
  f.records = t.records_by_month;
  for (const auto& [name, values] : t.attributes.rows()) {
    auto it = values.rows().find("true");
    f.true_by_attribute[name] =
        it == values.rows().end() ? std::map<std::string, uint64_t>{} : it->second;
  }
  return f;
}

Result<MonthlyFigures> monthly_figures_from_json(std::string_view json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("the report is not valid JSON");
  if (j.value("format", "") != "writ-what-if/1")
    return bad("the report's format is not writ-what-if/1");
  MonthlyFigures f;
  const auto count = [](const nlohmann::json& v) -> std::optional<uint64_t> {
    if (!v.is_number_unsigned()) return std::nullopt;
    return v.get<uint64_t>();
  };
  if (!j.contains("records_by_month") || !j["records_by_month"].is_object()) {
    return bad("the report has no records_by_month object");
  }
  for (const auto& [m, v] : j["records_by_month"].items()) {
    auto n = count(v);
    if (!n) return bad("records_by_month." + m + " is not a count");
    f.records[m] = *n;
  }
  if (j.contains("attributes") && j["attributes"].is_array()) {
    for (const auto& a : j["attributes"]) {
      if (!a.is_object() || !a.contains("name") || !a["name"].is_string())
        return bad("an attribute has no name");
      auto& by_month = f.true_by_attribute[a["name"].get<std::string>()];
      if (!a.contains("values") || !a["values"].is_array()) continue;
      for (const auto& v : a["values"]) {
        if (!v.is_object() || v.value("value", "") != "true" || !v.contains("by_month") ||
            !v["by_month"].is_object())
          continue;
        for (const auto& [m, k] : v["by_month"].items()) {
          auto n = count(k);
          if (!n) return bad("attribute by_month." + m + " is not a count");
          by_month[m] = *n;
        }
      }
    }
  }
  return f;
}

Result<PublishedCheck> check_published(const MonthlyFigures& figures, std::string_view csv_text,
                                       std::string_view origin,
                                       const std::vector<ColumnSource>& columns) {
  auto rows = catalog::parse_csv(csv_text, origin);
  if (!rows.ok()) return bad(rows.error().message);
  if (rows->empty()) return bad(std::string(origin) + ": the published table is empty");
  const std::vector<std::string>& header = rows->front().fields;
  const auto index_of = [&](const std::string& name) -> std::size_t {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t month_col = index_of("month");
  if (month_col == header.size()) return bad(std::string(origin) + ": no 'month' column");

  PublishedCheck check;
  std::vector<std::size_t> col_index;
  for (const ColumnSource& c : columns) {
    const std::size_t k = index_of(c.column);
    if (k == header.size()) return bad(std::string(origin) + ": no '" + c.column + "' column");
    col_index.push_back(k);
    check.columns.push_back(ColumnCheck{c, 0, 0, 0, 0, {}});
  }

  // Published rows in month order.
  std::map<std::string, std::vector<uint64_t>> published;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const catalog::CsvRecord& rec = (*rows)[r];
    const auto where = std::string(origin) + ":" + std::to_string(rec.line) + ": ";
    if (rec.fields.size() != header.size())
      return bad(where + "expected " + std::to_string(header.size()) + " fields");
    std::vector<uint64_t> values;
    for (std::size_t k : col_index) {
      uint64_t v = 0;
      if (!parse_count(rec.fields[k], v))
        return bad(where + "'" + rec.fields[k] + "' is not a count");
      values.push_back(v);
    }
    if (!published.emplace(rec.fields[month_col], std::move(values)).second) {
      return bad(where + "month " + rec.fields[month_col] + " is listed twice");
    }
  }

  const std::map<std::string, uint64_t> none;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    ColumnCheck& cc = check.columns[c];
    const std::map<std::string, uint64_t>* source = &figures.records;
    if (!columns[c].attribute.empty()) {
      auto it = figures.true_by_attribute.find(columns[c].attribute);
      source = it == figures.true_by_attribute.end() ? &none : &it->second;
    }
    for (const auto& [month, values] : published) {
      auto it = source->find(month);
      const uint64_t mine = it == source->end() ? 0 : it->second;
      ++cc.months;
      cc.published_sum += values[c];
      cc.report_sum += mine;
      if (mine == values[c])
        ++cc.matched;
      else
        cc.differences.push_back({month, values[c], mine});
    }
  }
  for (const auto& [month, n] : figures.records) {
    if (!published.contains(month)) check.unpublished_months.emplace_back(month, n);
  }
  return check;
}

bool left_shift_explains(const PublishedCheck& check, std::size_t a, std::size_t b) {
  if (a >= check.columns.size() || b >= check.columns.size()) return false;
  const ColumnCheck& ca = check.columns[a];
  const ColumnCheck& cb = check.columns[b];
  if (ca.differences.empty() || ca.differences.size() != cb.differences.size()) return false;
  for (std::size_t k = 0; k < ca.differences.size(); ++k) {
    const MonthDifference& da = ca.differences[k];
    const MonthDifference& db = cb.differences[k];
    if (da.month != db.month || da.report != 0 || da.published != db.report || db.published != 0) {
      return false;
    }
  }
  return true;
}

std::string describe(const PublishedCheck& check, std::size_t max_differences) {
  std::string s;
  for (const ColumnCheck& c : check.columns) {
    const std::string what =
        c.source.attribute.empty() ? "records" : "records with " + c.source.attribute + " = true";
    s += c.source.column + " (" + what + "): " + std::to_string(c.matched) + " of " +
         std::to_string(c.months) + " months exact; published sum " +
         std::to_string(c.published_sum) + ", report sum " + std::to_string(c.report_sum) +
         (c.exact() ? " — reproduced exactly" : "") + "\n";
    for (std::size_t k = 0; k < c.differences.size() && k < max_differences; ++k) {
      const MonthDifference& d = c.differences[k];
      s += "  " + d.month + ": published " + std::to_string(d.published) + ", report " +
           std::to_string(d.report) + "\n";
    }
    if (c.differences.size() > max_differences) {
      s +=
          "  … " + std::to_string(c.differences.size() - max_differences) + " more months differ\n";
    }
  }
  if (!check.unpublished_months.empty()) {
    uint64_t n = 0;
    for (const auto& [m, k] : check.unpublished_months) n += k;
    s += std::to_string(check.unpublished_months.size()) + " months with " + std::to_string(n) +
         " records are not in the published table (" + check.unpublished_months.front().first +
         " … " + check.unpublished_months.back().first + ")\n";
  }
  return s;
}

}  // namespace writ::report
