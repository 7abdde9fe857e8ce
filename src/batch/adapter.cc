#include "batch/adapter.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace writ::batch {
namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

int Adapter::table_index(std::string_view n) const {
  for (size_t i = 0; i < tables.size(); ++i) {
    if (tables[i].name == n) return static_cast<int>(i);
  }
  return -1;
}

namespace {

// The line of every object key, by JSON pointer, so messages can say where a problem is.
class Lines {
 public:
  Lines(std::string_view text, int first_line) {
    // Lines of the keys in document order: a string followed by ':'.
    int line = first_line;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\n') ++line;
      if (c != '"') continue;
      int start = line;
      size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\')
          ++j;
        else if (text[j] == '\n')
          ++line;
      }
      size_t k = j + 1;
      while (k < text.size() &&
             (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n')) {
        if (text[k] == '\n') ++line;
        ++k;
      }
      if (k < text.size() && text[k] == ':') keys_.push_back(start);
      i = k - 1;
    }
  }
  void assign(const ojson& j, const std::string& pointer) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        std::string p = pointer + "/" + it.key();
        by_pointer_[p] = next_ < keys_.size() ? keys_[next_] : 0;
        ++next_;
        assign(it.value(), p);
      }
    } else if (j.is_array()) {
      for (size_t i = 0; i < j.size(); ++i) {
        std::string p = fmt::format("{}/{}", pointer, i);
        assign(j[i], p);
        // An array item has the line of its first key, if any.
        if (j[i].is_object() && !j[i].empty()) by_pointer_[p] = line(p + "/" + j[i].begin().key());
      }
    }
  }
  int line(const std::string& pointer) const {
    // The pointer itself, or its nearest ancestor with a line.
    std::string p = pointer;
    for (;;) {
      auto it = by_pointer_.find(p);
      if (it != by_pointer_.end()) return it->second;
      size_t slash = p.rfind('/');
      if (slash == std::string::npos || p.empty()) return 0;
      p.resize(slash);
    }
  }

 private:
  std::vector<int> keys_;
  size_t next_ = 0;
  std::map<std::string, int> by_pointer_;
};

class Parser {
 public:
  Parser(const std::string& origin, const Lines& lines) : origin_(origin), lines_(lines) {}
  std::optional<Error> error;

  void fail(const std::string& pointer, const std::string& message) {
    if (error) return;
    int line = lines_.line(pointer);
    error = make_error(
        ErrorCode::kInvalidInput,
        fmt::format("{}:{}: {} (at {})", origin_, line, message, pointer.empty() ? "/" : pointer),
        pointer);
  }
  int line(const std::string& pointer) const { return lines_.line(pointer); }

  // Checks that `j` is an object with only the given keys.
  bool object(const ojson& j, const std::string& ptr, std::initializer_list<const char*> keys) {
    if (!j.is_object()) {
      fail(ptr, "expected an object");
      return false;
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool known = false;
      for (const char* k : keys) known |= it.key() == k;
      if (!known) {
        std::string names;
        for (const char* k : keys) names += (names.empty() ? "" : ", ") + std::string(k);
        fail(ptr + "/" + it.key(),
             fmt::format("unknown key '{}' (expected one of: {})", it.key(), names));
        return false;
      }
    }
    return true;
  }

  std::string str(const ojson& j, const std::string& ptr, bool required = true) {
    if (j.is_null() && !required) return {};
    if (!j.is_string()) {
      fail(ptr, "expected a string");
      return {};
    }
    return j.get<std::string>();
  }

  std::vector<std::string> strings(const ojson& j, const std::string& ptr) {
    std::vector<std::string> out;
    if (j.is_string()) {
      out.push_back(j.get<std::string>());
      return out;
    }
    if (!j.is_array()) {
      fail(ptr, "expected a list of strings");
      return out;
    }
    for (size_t i = 0; i < j.size(); ++i) out.push_back(str(j[i], fmt::format("{}/{}", ptr, i)));
    return out;
  }

  // A value: "column" (a string), or {"column": c, "codes": t, "format": f}, or {"const": v}.
  ValueSpec value(const ojson& j, const std::string& ptr) {
    ValueSpec v;
    v.line = line(ptr);
    if (j.is_string()) {
      v.column = j.get<std::string>();
      if (v.column.empty()) fail(ptr, "a column name cannot be empty");
      return v;
    }
    if (!object(j, ptr, {"column", "codes", "format", "const"})) return v;
    if (j.contains("const")) {
      if (j.size() != 1) fail(ptr, "a constant ({\"const\": ...}) takes no other keys");
      v.constant = j["const"];
      return v;
    }
    if (!j.contains("column")) {
      fail(ptr, "expected {\"column\": ...} or {\"const\": ...}");
      return v;
    }
    v.column = str(j["column"], ptr + "/column");
    if (j.contains("codes")) v.codes = str(j["codes"], ptr + "/codes");
    if (j.contains("format")) v.formats = strings(j["format"], ptr + "/format");
    return v;
  }

  std::vector<Condition> conditions(const ojson& j, const std::string& ptr) {
    std::vector<Condition> out;
    if (!j.is_array()) {
      fail(ptr, "expected a list of conditions");
      return out;
    }
    for (size_t i = 0; i < j.size(); ++i) {
      std::string p = fmt::format("{}/{}", ptr, i);
      const ojson& c = j[i];
      if (!object(c, p, {"column", "codes", "in", "not_in"})) return out;
      Condition cond;
      ojson v = ojson::object();
      v["column"] = c.value("column", ojson());
      if (c.contains("codes")) v["codes"] = c["codes"];
      cond.value = value(v, p);
      bool has_in = c.contains("in"), has_not = c.contains("not_in");
      if (has_in == has_not) {
        fail(p, "a condition needs exactly one of \"in\" or \"not_in\"");
        return out;
      }
      cond.negate = has_not;
      cond.in = strings(has_in ? c["in"] : c["not_in"], p + (has_in ? "/in" : "/not_in"));
      out.push_back(std::move(cond));
    }
    return out;
  }

  std::vector<FieldMapping> fields(const ojson& j, const std::string& ptr) {
    std::vector<FieldMapping> out;
    if (!j.is_object()) {
      fail(ptr, "expected an object of case path -> value");
      return out;
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
      FieldMapping f;
      f.path = it.key();
      f.value = value(it.value(), ptr + "/" + it.key());
      out.push_back(std::move(f));
    }
    return out;
  }

 private:
  const std::string& origin_;
  const Lines& lines_;
};

char delimiter_of(const std::string& d, bool& ok) {
  ok = true;
  if (d == "\\t" || d == "tab") return '\t';
  if (d.size() == 1 && d[0] != '"' && d[0] != '\n' && d[0] != '\r') return d[0];
  ok = false;
  return ',';
}

}  // namespace

Result<Adapter> parse_adapter(std::string_view text, const std::string& origin, bool markdown) {
  int first_line = 1;
  std::string_view body = text;
  if (markdown) {
    // The one ```json block.
    size_t found = std::string_view::npos, count = 0, pos = 0;
    int line = 1, block_line = 0;
    size_t block_end = 0;
    while (pos < text.size()) {
      size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      std::string_view l = text.substr(pos, eol - pos);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (l.rfind("```json", 0) == 0 && l.find_first_not_of(' ', 7) == std::string_view::npos) {
        ++count;
        if (count == 1) {
          found = eol + 1;
          block_line = line + 1;
          // Find the closing fence.
          size_t p2 = found;
          int l2 = block_line;
          block_end = text.size();
          while (p2 < text.size()) {
            size_t e2 = text.find('\n', p2);
            if (e2 == std::string_view::npos) e2 = text.size();
            std::string_view ll = text.substr(p2, e2 - p2);
            if (ll.rfind("```", 0) == 0) {
              block_end = p2;
              break;
            }
            p2 = e2 + 1;
            ++l2;
          }
          if (block_end == text.size()) {
            return make_error(ErrorCode::kInvalidInput,
                              fmt::format("{}:{}: the ```json block is not closed", origin, line));
          }
        }
      }
      pos = eol + 1;
      ++line;
    }
    if (count != 1) {
      return make_error(
          ErrorCode::kInvalidInput,
          fmt::format("{}:1: an adapter file has exactly one ```json block (found {})", origin,
                      count));
    }
    body = text.substr(found, block_end - found);
    first_line = block_line;
  }
  ojson j;
  try {
    j = ojson::parse(body.begin(), body.end(), nullptr, true, /*ignore_comments=*/true);
  } catch (const ojson::parse_error& e) {
    size_t at = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, body.size());
    int line = first_line;
    for (size_t i = 0; i < at; ++i) line += body[i] == '\n';
    std::string what = e.what();
    size_t colon = what.find("syntax error");
    return make_error(ErrorCode::kInvalidInput,
                      fmt::format("{}:{}: not valid JSON: {}", origin, line,
                                  colon == std::string::npos ? what : what.substr(colon)));
  }
  Lines lines(body, first_line);
  lines.assign(j, "");
  Parser p(origin, lines);
  Adapter a;
  a.path = origin;
  if (!p.object(
          j, "",
          {"adapter", "description", "dataset", "tables", "group_by", "null_values", "date_formats",
           "timezone", "record", "fields", "lists", "codes", "report_attributes"})) {
    return *p.error;
  }
  a.name = p.str(j.value("adapter", ojson()), "/adapter");
  if (j.contains("description")) a.description = p.str(j["description"], "/description");
  if (j.contains("dataset")) a.dataset = p.str(j["dataset"], "/dataset");
  if (j.contains("null_values")) a.null_values = p.strings(j["null_values"], "/null_values");
  if (j.contains("date_formats")) a.date_formats = p.strings(j["date_formats"], "/date_formats");
  if (j.contains("timezone")) a.timezone = p.str(j["timezone"], "/timezone");
  if (j.contains("group_by")) a.group_by = p.str(j["group_by"], "/group_by");

  // Tables.
  if (!j.contains("tables") || !j["tables"].is_array() || j["tables"].empty()) {
    p.fail(j.contains("tables") ? "/tables" : "", "\"tables\" must list at least one input table");
    return *p.error;
  }
  for (size_t i = 0; i < j["tables"].size() && !p.error; ++i) {
    std::string ptr = fmt::format("/tables/{}", i);
    const ojson& t = j["tables"][i];
    if (!p.object(t, ptr, {"name", "file", "delimiter", "join"})) break;
    Table tab;
    tab.line = p.line(ptr);
    tab.name = p.str(t.value("name", ojson()), ptr + "/name");
    tab.file = p.str(t.value("file", ojson()), ptr + "/file");
    if (t.contains("delimiter")) {
      bool ok = false;
      tab.delimiter = delimiter_of(p.str(t["delimiter"], ptr + "/delimiter"), ok);
      if (!ok && !p.error) p.fail(ptr + "/delimiter", "a delimiter is one character (or \"\\t\")");
    }
    if (a.table_index(tab.name) >= 0) p.fail(ptr + "/name", "two tables have this name");
    if (t.contains("join")) {
      const ojson& jn = t["join"];
      if (i == 0) {
        p.fail(ptr + "/join", "the first table is the record table; it cannot be joined");
        break;
      }
      if (!p.object(jn, ptr + "/join", {"parent", "parent_key", "key"})) break;
      tab.has_join = true;
      tab.join.parent = p.str(jn.value("parent", ojson()), ptr + "/join/parent");
      tab.join.parent_key = p.str(jn.value("parent_key", ojson()), ptr + "/join/parent_key");
      tab.join.key = p.str(jn.value("key", ojson()), ptr + "/join/key");
      if (!p.error && tab.join.parent != j["tables"][0].value("name", "")) {
        p.fail(ptr + "/join/parent",
               "a joined table's parent must be the record table (the first table)");
      }
    } else if (i > 0) {
      p.fail(ptr, "every table after the first needs a \"join\" to the record table");
    }
    a.tables.push_back(std::move(tab));
  }
  if (p.error) return *p.error;

  // Code tables.
  if (j.contains("codes")) {
    if (!j["codes"].is_object()) p.fail("/codes", "expected an object of code tables");
    for (auto it = j["codes"].begin(); !p.error && it != j["codes"].end(); ++it) {
      std::string ptr = "/codes/" + it.key();
      const ojson& c = it.value();
      if (!p.object(c, ptr, {"map", "default", "ignore_case"})) break;
      CodeTable t;
      t.name = it.key();
      t.line = p.line(ptr);
      if (!c.contains("map") || !c["map"].is_object()) {
        p.fail(ptr, "a code table needs a \"map\" object of code -> value");
        break;
      }
      t.ignore_case = c.value("ignore_case", false);
      for (auto m = c["map"].begin(); m != c["map"].end(); ++m) {
        std::string code = m.key();
        if (t.ignore_case)
          for (char& ch : code)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (!m.value().is_primitive()) {
          p.fail(ptr + "/map/" + m.key(), "a code maps to a string, number, true/false or null");
          break;
        }
        t.map[code] = m.value();
      }
      if (c.contains("default")) {
        t.has_default = true;
        t.default_value = c["default"];
      }
      a.codes[t.name] = std::move(t);
    }
  }
  if (p.error) return *p.error;

  auto check_value = [&](const ValueSpec& v, const std::string& ptr) {
    if (!v.codes.empty() && !a.codes.count(v.codes))
      p.fail(ptr + "/codes", fmt::format("no code table named '{}'", v.codes));
  };

  // Record id, date, facility.
  if (j.contains("record")) {
    const ojson& r = j["record"];
    if (p.object(r, "/record", {"id", "date", "facility"})) {
      if (r.contains("id")) a.record_id = p.value(r["id"], "/record/id");
      if (r.contains("date")) a.record_date = p.value(r["date"], "/record/date");
      if (r.contains("facility")) a.record_facility = p.value(r["facility"], "/record/facility");
      if (a.record_id) check_value(*a.record_id, "/record/id");
      if (a.record_facility) check_value(*a.record_facility, "/record/facility");
    }
  }
  if (j.contains("fields")) {
    a.fields = p.fields(j["fields"], "/fields");
    for (const auto& f : a.fields) check_value(f.value, "/fields/" + f.path);
  }
  if (j.contains("lists")) {
    if (!j["lists"].is_array()) p.fail("/lists", "expected a list");
    for (size_t i = 0; !p.error && i < j["lists"].size(); ++i) {
      std::string ptr = fmt::format("/lists/{}", i);
      const ojson& l = j["lists"][i];
      if (!p.object(l, ptr, {"path", "rows", "when", "fields"})) break;
      ListMapping lm;
      lm.line = p.line(ptr);
      lm.path = p.str(l.value("path", ojson()), ptr + "/path");
      lm.rows = l.contains("rows") ? p.str(l["rows"], ptr + "/rows") : std::string();
      if (!lm.rows.empty() && a.table_index(lm.rows) < 0)
        p.fail(ptr + "/rows", fmt::format("no table named '{}'", lm.rows));
      if (l.contains("when")) lm.when = p.conditions(l["when"], ptr + "/when");
      if (l.contains("fields")) lm.fields = p.fields(l["fields"], ptr + "/fields");
      for (const auto& f : lm.fields) check_value(f.value, ptr + "/fields/" + f.path);
      for (size_t c = 0; c < lm.when.size(); ++c)
        check_value(lm.when[c].value, fmt::format("{}/when/{}", ptr, c));
      a.lists.push_back(std::move(lm));
    }
  }
  if (j.contains("report_attributes")) {
    if (!j["report_attributes"].is_array()) p.fail("/report_attributes", "expected a list");
    for (size_t i = 0; !p.error && i < j["report_attributes"].size(); ++i) {
      std::string ptr = fmt::format("/report_attributes/{}", i);
      const ojson& r = j["report_attributes"][i];
      if (!p.object(r, ptr, {"name", "rows", "when", "value"})) break;
      Attribute at;
      at.line = p.line(ptr);
      at.name = p.str(r.value("name", ojson()), ptr + "/name");
      if (r.contains("rows")) at.rows = p.str(r["rows"], ptr + "/rows");
      if (!at.rows.empty() && a.table_index(at.rows) < 0)
        p.fail(ptr + "/rows", fmt::format("no table named '{}'", at.rows));
      if (r.contains("when")) at.when = p.conditions(r["when"], ptr + "/when");
      if (r.contains("value")) {
        at.value = p.value(r["value"], ptr + "/value");
        check_value(*at.value, ptr + "/value");
      }
      for (size_t c = 0; c < at.when.size(); ++c)
        check_value(at.when[c].value, fmt::format("{}/when/{}", ptr, c));
      a.attributes.push_back(std::move(at));
    }
  }
  if (p.error) return *p.error;
  if (a.name.empty()) {
    p.fail("", "the adapter needs a name (\"adapter\": \"...\")");
    return *p.error;
  }
  return a;
}

Result<Adapter> load_adapter(const std::string& home, const std::string& name) {
  std::vector<fs::path> candidates;
  std::error_code ec;
  if (name.find('/') != std::string::npos || name.find(".adapter.") != std::string::npos) {
    candidates.push_back(name);
  } else {
    candidates.push_back(fs::path(home) / "adapters" / (name + ".adapter.md"));
    candidates.push_back(fs::path(home) / "adapters" / (name + ".adapter.json"));
  }
  for (const auto& c : candidates) {
    if (!fs::is_regular_file(c, ec)) continue;
    std::ifstream in(c, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string origin = c.string();
    std::error_code rec;
    fs::path rel = fs::relative(c, home, rec);
    if (!rec && !rel.empty() && rel.string().rfind("..", 0) != 0) origin = rel.string();
    std::string fname = c.filename().string();
    bool md = fname.size() >= 3 && fname.compare(fname.size() - 3, 3, ".md") == 0;
    return parse_adapter(ss.str(), origin, md);
  }
  std::string known;
  for (auto it = fs::directory_iterator(fs::path(home) / "adapters", ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string f = it->path().filename().string();
    size_t dot = f.find(".adapter.");
    if (dot != std::string::npos) known += (known.empty() ? "" : ", ") + f.substr(0, dot);
  }
  return make_error(ErrorCode::kNotFound, fmt::format("no adapter '{}' (adapters: jsonl{}{})", name,
                                                      known.empty() ? "" : ", ", known));
}

}  // namespace writ::batch
