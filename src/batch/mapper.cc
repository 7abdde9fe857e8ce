#include "batch/mapper.h"

#include <charconv>
#include <deque>
#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "batch/date_format.h"
#include "calendar/civil.h"
#include "catalog/citation.h"

namespace writ::batch {

using check::Schema;
using check::TypeId;
using check::TypeKind;
using eval::Value;
using json = nlohmann::json;

namespace {

// Hashes strings and string views alike, so code tables are searched without copying the text.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Codes {
  std::string name;
  // nullopt: null (unknown)
  std::unordered_map<std::string, std::optional<std::string>, TextHash, std::equal_to<>> map;
  bool has_default = false;
  std::optional<std::string> default_value;
  bool ignore_case = false;
};

std::optional<std::string> json_text(const json& j) {
  if (j.is_null()) return std::nullopt;
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return std::string(j.get<bool>() ? "true" : "false");
  return j.dump();
}

// A compiled ValueSpec.
struct Src {
  int col = -1;             // column in the row; -1: a constant
  bool structured = false;  // a constant list or object (converted from JSON)
  json constant;
  std::optional<std::string> const_text;
  const Codes* codes = nullptr;
  std::vector<std::string> formats;
  int line = 0;
};

enum class Read { kValue, kNull, kBadCode };

// A value converted once, when compiling, for a field's type: a constant, or what a code maps to.
// Strings point into the mapper (its constants and code tables), which outlives every case it
// builds. Types whose values live in the case (citations, lists) are not converted ahead.
struct Converted {
  bool ready = false;  // false: convert the text for each record
  bool null = false;   // the value is null: the field stays unknown
  Value value;
};

struct Cond {
  Src src;
  std::vector<std::string> in;
  bool negate = false;
};

struct Setter {
  uint32_t field = 0;
  TypeId type = 0;
  Src src;
  std::string what;  // case path for messages
  Converted fixed;   // a constant, converted
  // Code table entries (and the table's default), converted for this field's type.
  std::unordered_map<std::string_view, Converted> coded;
  Converted coded_default;
  bool src_coded = false;    // every code converted: look values up in `coded`
  bool empty_list = false;   // the constant [] for a list
  bool record_date = false;  // the record's own date column, read as the record's date is
};

struct Node;
struct ListT {
  uint32_t field = 0;
  int rows = 0;  // table whose rows become items
  std::vector<Cond> when;
  std::unique_ptr<Node> item;
  std::string path;
};

struct Node {
  uint32_t type = 0;  // record index
  uint32_t nfields = 0;
  std::string path;
  std::vector<Setter> setters;
  std::vector<std::pair<uint32_t, std::unique_ptr<Node>>> children;
  std::vector<ListT> lists;
};

// path + "[i]", without a format call (this runs for every list item of every record).
void append_index(std::string& path, size_t i) {
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, i);
  path.push_back('[');
  path.append(digits, r.ptr);
  path.push_back(']');
}

}  // namespace

struct Mapper::Impl {
  const Adapter* adapter = nullptr;
  const check::CheckedPolicy* policy = nullptr;
  const Schema* schema = nullptr;
  const catalog::Catalog* catalog = nullptr;
  std::vector<std::vector<std::string>> headers;
  std::vector<std::unique_ptr<Codes>> codes;
  std::vector<std::string> null_values;
  std::optional<cal::TimeZone> zone;
  std::optional<Src> id, date, facility;
  struct Attr {
    std::string name;
    int rows = 0;
    std::vector<Cond> when;
    std::optional<Src> value;
  };
  std::vector<Attr> attrs;
  Node root;
  std::deque<std::string> texts;  // constant strings that converted values point to
  int id_field = -1;              // root input "id"
  std::string origin;
  std::string signature;

  // ---- compiling ----
  Error fail(int line, const std::string& message) const {
    return make_error(ErrorCode::kInvalidInput, fmt::format("{}:{}: {}", origin, line, message));
  }

  Result<Src> compile_src(const ValueSpec& v, int table) {
    Src s;
    s.line = v.line;
    s.formats = v.formats.empty() ? adapter->date_formats : v.formats;
    if (v.column.empty()) {
      if (v.constant.is_array() || v.constant.is_object()) {
        s.structured = true;
        s.constant = v.constant;
      } else {
        s.const_text = json_text(v.constant);
      }
      return s;
    }
    const auto& h = headers[static_cast<size_t>(table)];
    for (size_t i = 0; i < h.size(); ++i) {
      if (h[i] == v.column) s.col = static_cast<int>(i);
    }
    if (s.col < 0) {
      return fail(v.line, fmt::format("table '{}' has no column '{}' (columns: {})",
                                      adapter->tables.empty()
                                          ? std::string("json")
                                          : adapter->tables[static_cast<size_t>(table)].name,
                                      v.column, fmt::join(h, ", ")));
    }
    if (!v.codes.empty()) {
      for (const auto& c : codes) {
        if (c->name == v.codes) s.codes = c.get();
      }
    }
    return s;
  }

  Result<Cond> compile_cond(const Condition& c, int table) {
    auto s = compile_src(c.value, table);
    if (!s) return s.error();
    Cond out;
    out.src = std::move(*s);
    out.in = c.in;
    out.negate = c.negate;
    return out;
  }

  // Finds (creating) the node of the record at `segments[0..n)` below `node`.
  Result<Node*> node_at(Node* node, const std::vector<std::string>& segments, size_t n, int line,
                        const std::string& full) {
    for (size_t i = 0; i < n; ++i) {
      const auto& info = schema->records[node->type];
      int fi = info.field_index(segments[i]);
      if (fi < 0) return unknown_field(info, segments[i], full, line);
      const auto& ti = schema->info(info.fields[static_cast<size_t>(fi)].type);
      if (ti.kind != TypeKind::kRecord) {
        return fail(line, fmt::format("'{}' in '{}' is a {}, not a record", segments[i], full,
                                      schema->name(info.fields[static_cast<size_t>(fi)].type)));
      }
      Node* next = nullptr;
      for (auto& [f, child] : node->children) {
        if (f == static_cast<uint32_t>(fi)) next = child.get();
      }
      if (!next) {
        auto child = std::make_unique<Node>();
        child->type = ti.ref;
        child->nfields = static_cast<uint32_t>(schema->records[ti.ref].fields.size());
        child->path = node->path.empty() ? segments[i] : node->path + "." + segments[i];
        next = child.get();
        node->children.emplace_back(static_cast<uint32_t>(fi), std::move(child));
      }
      node = next;
    }
    return node;
  }

  Error unknown_field(const check::RecordInfo& info, const std::string& name,
                      const std::string& full, int line) const {
    std::vector<std::string> names;
    for (const auto& f : info.fields) names.push_back(f.name);
    return fail(line, fmt::format("'{}' has no field '{}' in the case format (writ-case/1); "
                                  "fields there: {}",
                                  full, name, fmt::join(names, ", ")));
  }

  static std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> out;
    size_t b = 0;
    for (;;) {
      size_t d = path.find('.', b);
      out.push_back(path.substr(b, d == std::string::npos ? std::string::npos : d - b));
      if (d == std::string::npos) break;
      b = d + 1;
    }
    return out;
  }

  // Checks a source against the type it feeds: constants convert, code values are members.
  Result<Ok> check_src(const Src& s, TypeId type, const std::string& what) {
    eval::CaseData scratch;
    std::string why;
    Value v;
    if (s.col < 0) {
      bool ok = s.structured ? convert_json(s.constant, type, scratch, v, why, what)
                             : (!s.const_text || convert(*s.const_text, type, s, scratch, v, why));
      if (!ok) return fail(s.line, fmt::format("{}: {}", what, why));
    } else if (s.codes) {
      for (const auto& [code, val] : s.codes->map) {
        if (val && !convert(*val, type, s, scratch, v, why)) {
          return fail(s.line, fmt::format("{}: code table '{}' maps '{}' to a value that does not "
                                          "fit: {}",
                                          what, s.codes->name, code, why));
        }
      }
      if (s.codes->default_value && !convert(*s.codes->default_value, type, s, scratch, v, why)) {
        return fail(s.line, fmt::format("{}: the default of code table '{}' does not fit: {}", what,
                                        s.codes->name, why));
      }
    }
    if (schema->info(type).kind == TypeKind::kDateTime && s.col >= 0 && !zone) {
      return fail(s.line, fmt::format("{} is a date-time: the adapter needs a \"timezone\" to read "
                                      "local times as instants",
                                      what));
    }
    return Ok{};
  }

  // `text` converted for `type` when that needs no case: a string (pointing to `stable`, which
  // outlives the mapper's cases), an enum member, a boolean, a number, a date or date-time.
  Converted preconvert(std::string_view text, const std::string* stable, TypeId type,
                       const Src& s) const {
    Converted c;
    TypeKind kind = schema->info(type).kind;
    if (kind == TypeKind::kString) {
      c.ready = true;
      c.value = Value::string(stable);
      return c;
    }
    if (kind != TypeKind::kEnum && kind != TypeKind::kBool && kind != TypeKind::kInt &&
        kind != TypeKind::kDate && kind != TypeKind::kDateTime)
      return c;
    eval::CaseData unused;
    std::string why;
    c.ready = convert(text, type, s, unused, c.value, why);
    return c;
  }

  // Converts the setter's constant or code table values once, for its type.
  void prepare(Setter& s, bool in_list) {
    if (s.src.col < 0) {
      if (s.src.structured) {
        s.empty_list = s.src.constant.is_array() && s.src.constant.empty() &&
                       schema->info(s.type).kind == TypeKind::kList;
        return;
      }
      if (!s.src.const_text) {
        s.fixed.ready = s.fixed.null = true;
        return;
      }
      texts.push_back(*s.src.const_text);
      s.fixed = preconvert(texts.back(), &texts.back(), s.type, s.src);
      return;
    }
    if (s.src.codes) {
      bool all = true;
      for (const auto& [code, val] : s.src.codes->map) {
        Converted c;
        if (val)
          c = preconvert(*val, &*val, s.type, s.src);
        else
          c.ready = c.null = true;
        all &= c.ready;
        s.coded.emplace(code, c);
      }
      if (s.src.codes->has_default) {
        const auto& d = s.src.codes->default_value;
        if (d)
          s.coded_default = preconvert(*d, &*d, s.type, s.src);
        else
          s.coded_default.ready = s.coded_default.null = true;
        all &= s.coded_default.ready;
      }
      if (!all) s.coded.clear();
      s.src_coded = all;
      return;
    }
    // The record's date column, read with the same formats, as a date: the record's date.
    s.record_date = !in_list && date && date->col == s.src.col && !date->codes &&
                    date->formats == s.src.formats && schema->info(s.type).kind == TypeKind::kDate;
  }

  Result<Ok> add_setter(Node* base, const std::string& rel, const ValueSpec& spec, int table,
                        const std::string& full, bool in_list) {
    auto segs = split(rel);
    auto node = node_at(base, segs, segs.size() - 1, spec.line, full);
    if (!node) return node.error();
    const auto& info = schema->records[(*node)->type];
    int fi = info.field_index(segs.back());
    if (fi < 0) return unknown_field(info, segs.back(), full, spec.line);
    auto src = compile_src(spec, table);
    if (!src) return src.error();
    Setter s;
    s.field = static_cast<uint32_t>(fi);
    s.type = info.fields[static_cast<size_t>(fi)].type;
    s.what = full;
    s.src = std::move(*src);
    auto checked = check_src(s.src, s.type, full);
    if (!checked) return checked.error();
    for (const auto& other : (*node)->setters) {
      if (other.field == s.field) return fail(spec.line, fmt::format("'{}' is mapped twice", full));
    }
    prepare(s, in_list);
    (*node)->setters.push_back(std::move(s));
    return Ok{};
  }

  // ---- reading ----
  bool is_null(std::string_view t) const {
    for (const auto& n : null_values) {
      if (t == n) return true;
    }
    return false;
  }

  Read read(const Src& s, const CsvRow* row, std::string_view& out, std::string& buf) const {
    if (s.col < 0) {
      if (!s.const_text) return Read::kNull;
      out = *s.const_text;
      return Read::kValue;
    }
    std::string_view t = row->field(static_cast<size_t>(s.col));
    if (is_null(t)) return Read::kNull;
    if (!s.codes) {
      out = t;
      return Read::kValue;
    }
    const std::optional<std::string>* v = nullptr;
    if (s.codes->ignore_case) {
      buf.assign(t);
      for (char& c : buf) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      auto it = s.codes->map.find(buf);
      if (it != s.codes->map.end()) v = &it->second;
    } else {
      auto it = s.codes->map.find(t);
      if (it != s.codes->map.end()) v = &it->second;
    }
    if (!v) {
      if (!s.codes->has_default) {
        out = t;
        return Read::kBadCode;
      }
      v = &s.codes->default_value;
    }
    if (!*v) return Read::kNull;
    out = **v;
    return Read::kValue;
  }

  bool convert(std::string_view t, TypeId type, const Src& s, eval::CaseData& out, Value& v,
               std::string& why) const {
    const auto& ti = schema->info(type);
    switch (ti.kind) {
      case TypeKind::kString:
        v = Value::string(out.add_string(t));
        return true;
      case TypeKind::kEnum: {
        const auto& en = schema->enums[ti.ref];
        for (size_t m = 0; m < en.members.size(); ++m) {
          if (en.members[m] == t) {
            v = Value::enumeration(static_cast<uint32_t>(m));
            return true;
          }
        }
        why = fmt::format("'{}' is not one of: {}", t, fmt::join(en.members, ", "));
        return false;
      }
      case TypeKind::kBool: {
        std::string l(t);
        for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (l == "true" || l == "yes" || l == "y" || l == "1" || l == "t") {
          v = Value::boolean(true);
          return true;
        }
        if (l == "false" || l == "no" || l == "n" || l == "0" || l == "f") {
          v = Value::boolean(false);
          return true;
        }
        why = fmt::format("'{}' is not true/false (or yes/no, 1/0)", t);
        return false;
      }
      case TypeKind::kInt: {
        int64_t x = 0;
        auto r = std::from_chars(t.data(), t.data() + t.size(), x);
        if (r.ec != std::errc() || r.ptr != t.data() + t.size()) {
          why = fmt::format("'{}' is not an integer", t);
          return false;
        }
        v = Value::integer(x);
        return true;
      }
      case TypeKind::kDate:
      case TypeKind::kDateTime: {
        int32_t days = 0, secs = 0;
        bool ok = false;
        for (const auto& f : s.formats) {
          if (parse_with_format(t, f, days, secs)) {
            ok = true;
            break;
          }
        }
        if (!ok) {
          why = fmt::format("'{}' is not a date in the format{} {}", t,
                            s.formats.size() == 1 ? "" : "s", fmt::join(s.formats, " or "));
          return false;
        }
        if (ti.kind == TypeKind::kDate) {
          v = Value::day(days);
          return true;
        }
        if (!zone) {
          why = "a date-time needs the adapter's \"timezone\"";
          return false;
        }
        // Local wall time -> instant: the offset in force at (roughly) that time.
        int64_t guess = zone->start_of_day(days) + secs;
        int32_t off = zone->offset_at(guess);
        int64_t utc = static_cast<int64_t>(days) * 86400 + secs - off;
        v = Value::datetime(utc, zone->offset_at(utc));
        return true;
      }
      case TypeKind::kCitation: {
        eval::CitationValue c;
        c.text = std::string(t);
        auto parsed = catalog::normalize_citation(c.text);
        if (parsed.ok()) {
          c.parsed = true;
          c.citation = *parsed;
          if (catalog) {
            c.row = catalog->row_of(c.citation);
            c.row_resolved = true;
          }
        } else {
          c.problem = parsed.error().message;
        }
        v = Value::citation(out.new_citation(std::move(c)));
        return true;
      }
      case TypeKind::kList: {
        // One column's value as a one-item list.
        Value item;
        if (!convert(t, ti.elem, s, out, item, why)) return false;
        v = Value::of_list(out.add_list(&item, 1, ""));
        return true;
      }
      default:
        why = fmt::format("a {} cannot be read from a column", schema->name(type));
        return false;
    }
  }

  bool convert_json(const json& j, TypeId type, eval::CaseData& out, Value& v, std::string& why,
                    const std::string& path) const {
    if (j.is_null()) {
      v = Value::unknown();
      return true;
    }
    const auto& ti = schema->info(type);
    if (ti.kind == TypeKind::kList) {
      if (!j.is_array()) {
        why = "expected a list";
        return false;
      }
      std::vector<Value> items;
      for (size_t i = 0; i < j.size(); ++i) {
        Value item;
        if (!convert_json(j[i], ti.elem, out, item, why, fmt::format("{}[{}]", path, i)))
          return false;
        items.push_back(item);
      }
      v = Value::of_list(out.new_list(std::move(items), path));
      return true;
    }
    if (ti.kind == TypeKind::kRecord) {
      if (!j.is_object()) {
        why = "expected an object";
        return false;
      }
      const auto& info = schema->records[ti.ref];
      eval::Record* r =
          out.new_record(ti.ref, static_cast<uint32_t>(info.fields.size()), std::string(path));
      for (auto it = j.begin(); it != j.end(); ++it) {
        int fi = info.field_index(it.key());
        if (fi < 0) {
          why = fmt::format("no field '{}' in {}", it.key(), info.name);
          return false;
        }
        if (!convert_json(it.value(), info.fields[static_cast<size_t>(fi)].type, out, r->slots[fi],
                          why, path + "." + it.key()))
          return false;
      }
      v = Value::record(r);
      return true;
    }
    if (j.is_array() || j.is_object()) {
      why = fmt::format("expected a {}", schema->name(type));
      return false;
    }
    Src s;
    s.formats = adapter->date_formats;
    return convert(*json_text(j), type, s, out, v, why);
  }

  bool matches(const std::vector<Cond>& when, const CsvRow& row, std::string& buf) const {
    for (const auto& c : when) {
      std::string_view t;
      Read r = read(c.src, &row, t, buf);
      if (r == Read::kNull) t = {};
      bool in = false;
      for (const auto& x : c.in) in |= x == t;
      if (in == c.negate) return false;
    }
    return true;
  }

  // The converted value of a code, or null when the code is not in the table (and it has no
  // default).
  const Converted* coded(const Setter& s, std::string_view t, std::string& buf) const {
    if (s.src.codes->ignore_case) {
      buf.assign(t);
      for (char& c : buf) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      t = buf;
    }
    auto it = s.coded.find(t);
    if (it != s.coded.end()) return &it->second;
    return s.src.codes->has_default ? &s.coded_default : nullptr;
  }

  bool fill(const Node& node, eval::Record* r, const RawRecord& rec, const CsvRow* row,
            const RecordMeta& meta, eval::CaseData& out, MapFailure& failure,
            MapScratch& sc) const {
    std::string& buf = sc.buf;
    for (const auto& s : node.setters) {
      if (s.fixed.ready) {
        if (!s.fixed.null) r->slots[s.field] = s.fixed.value;
        continue;
      }
      if (s.src_coded) {
        std::string_view t = row->field(static_cast<size_t>(s.src.col));
        if (is_null(t)) continue;
        const Converted* c = coded(s, t, buf);
        if (!c) {
          failure.reason =
              fmt::format("{}: '{}' is not in code table '{}'", s.what, t, s.src.codes->name);
          failure.line = row->line;
          return false;
        }
        if (!c->null) r->slots[s.field] = c->value;
        continue;
      }
      if (s.record_date && meta.day) {
        r->slots[s.field] = Value::day(*meta.day);
        continue;
      }
      if (s.empty_list) {
        r->slots[s.field] = Value::of_list(out.add_list(nullptr, 0, s.what));
        continue;
      }
      if (s.src.structured) {
        std::string why;
        if (!convert_json(s.src.constant, s.type, out, r->slots[s.field], why, s.what)) {
          failure.reason = fmt::format("{}: {}", s.what, why);
          return false;
        }
        continue;
      }
      std::string_view t;
      Read rd = read(s.src, row, t, buf);
      if (rd == Read::kNull) continue;
      if (rd == Read::kBadCode) {
        failure.reason =
            fmt::format("{}: '{}' is not in code table '{}'", s.what, t, s.src.codes->name);
        failure.line = row ? row->line : rec.line;
        return false;
      }
      std::string why;
      if (!convert(t, s.type, s.src, out, r->slots[s.field], why)) {
        failure.reason = fmt::format("{}: {}", s.what, why);
        failure.line = row ? row->line : rec.line;
        return false;
      }
    }
    for (const auto& [field, child] : node.children) {
      eval::Record* c = out.add_record(child->type, child->nfields, child->path);
      if (!fill(*child, c, rec, row, meta, out, failure, sc)) return false;
      r->slots[field] = Value::record(c);
    }
    for (const auto& l : node.lists) {
      // This list's items are sc.items[base..): lists inside an item are built (and popped)
      // before the item is pushed.
      const size_t base = sc.items.size();
      for (size_t i = 0; i < rec.nrows; ++i) {
        if (static_cast<int>(rec.table[i]) != l.rows) continue;
        const CsvRow& rw = rec.rows[i];
        if (!matches(l.when, rw, buf)) continue;
        sc.path.assign(l.path);
        append_index(sc.path, sc.items.size() - base);
        eval::Record* item = out.add_record(l.item->type, l.item->nfields, sc.path);
        failure.table = rec.table[i];
        if (!fill(*l.item, item, rec, &rw, meta, out, failure, sc)) {
          if (failure.line == 0) failure.line = rw.line;
          return false;
        }
        failure.table = 0;
        sc.items.push_back(Value::record(item));
      }
      r->slots[l.field] =
          Value::of_list(out.add_list(sc.items.data() + base, sc.items.size() - base, l.path));
      sc.items.resize(base);
    }
    return true;
  }
};

Mapper::Mapper(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Mapper::~Mapper() = default;
Mapper::Mapper(Mapper&&) noexcept = default;

Result<Mapper> Mapper::compile(const Adapter& a,
                               const std::vector<std::vector<std::string>>& headers,
                               const check::CheckedPolicy& policy,
                               const catalog::Catalog* catalog) {
  auto m = std::make_unique<Impl>();
  m->adapter = &a;
  m->policy = &policy;
  m->schema = &policy.schema;
  m->catalog = catalog;
  m->headers = headers;
  m->origin = a.path;
  m->null_values = a.null_values;
  if (!a.timezone.empty()) {
    auto z = cal::TimeZone::locate(a.timezone);
    if (!z) return m->fail(1, fmt::format("timezone: {}", z.error().message));
    m->zone = std::move(*z);
  }
  for (const auto& [name, t] : a.codes) {
    auto c = std::make_unique<Codes>();
    c->name = name;
    c->ignore_case = t.ignore_case;
    for (const auto& [code, v] : t.map) c->map[code] = json_text(v);
    c->has_default = t.has_default;
    if (t.has_default) c->default_value = json_text(t.default_value);
    m->codes.push_back(std::move(c));
  }
  const Schema& schema = policy.schema;
  m->root.type = schema.root_record;
  m->root.nfields = static_cast<uint32_t>(schema.records[schema.root_record].fields.size());
  m->id_field = schema.records[schema.root_record].field_index("id");

  auto src = [&](const std::optional<ValueSpec>& v, std::optional<Src>& out) -> Result<Ok> {
    if (!v) return Ok{};
    auto s = m->compile_src(*v, 0);
    if (!s) return s.error();
    out = std::move(*s);
    return Ok{};
  };
  if (auto r = src(a.record_id, m->id); !r) return r.error();
  if (auto r = src(a.record_date, m->date); !r) return r.error();
  if (auto r = src(a.record_facility, m->facility); !r) return r.error();

  for (const auto& f : a.fields) {
    auto r = m->add_setter(&m->root, f.path, f.value, 0, f.path, false);
    if (!r) return r.error();
  }
  for (const auto& l : a.lists) {
    auto segs = Impl::split(l.path);
    auto node = m->node_at(&m->root, segs, segs.size() - 1, l.line, l.path);
    if (!node) return node.error();
    const auto& info = schema.records[(*node)->type];
    int fi = info.field_index(segs.back());
    if (fi < 0) return m->unknown_field(info, segs.back(), l.path, l.line);
    const auto& ti = schema.info(info.fields[static_cast<size_t>(fi)].type);
    if (ti.kind != TypeKind::kList || schema.info(ti.elem).kind != TypeKind::kRecord) {
      return m->fail(l.line, fmt::format("'{}' is a {}, not a list of records", l.path,
                                         schema.name(info.fields[static_cast<size_t>(fi)].type)));
    }
    ListT lt;
    lt.field = static_cast<uint32_t>(fi);
    lt.rows = l.rows.empty() ? 0 : a.table_index(l.rows);
    lt.path = l.path;
    for (const auto& c : l.when) {
      auto cc = m->compile_cond(c, lt.rows);
      if (!cc) return cc.error();
      lt.when.push_back(std::move(*cc));
    }
    lt.item = std::make_unique<Node>();
    lt.item->type = schema.info(ti.elem).ref;
    lt.item->nfields = static_cast<uint32_t>(schema.records[lt.item->type].fields.size());
    lt.item->path = l.path + "[]";
    for (const auto& f : l.fields) {
      auto r =
          m->add_setter(lt.item.get(), f.path, f.value, lt.rows, l.path + "[]." + f.path, true);
      if (!r) return r.error();
    }
    for (const auto& other : (*node)->lists) {
      if (other.field == lt.field)
        return m->fail(l.line, fmt::format("'{}' is mapped twice", l.path));
    }
    for (const auto& s : (*node)->setters) {
      if (s.field == lt.field)
        return m->fail(l.line, fmt::format("'{}' is mapped both as a field and as a list", l.path));
    }
    (*node)->lists.push_back(std::move(lt));
  }
  for (const auto& at : a.attributes) {
    Impl::Attr x;
    x.name = at.name;
    x.rows = at.rows.empty() ? 0 : a.table_index(at.rows);
    for (const auto& c : at.when) {
      auto cc = m->compile_cond(c, x.rows);
      if (!cc) return cc.error();
      x.when.push_back(std::move(*cc));
    }
    if (at.value) {
      auto s = m->compile_src(*at.value, x.rows);
      if (!s) return s.error();
      x.value = std::move(*s);
    }
    m->attrs.push_back(std::move(x));
  }
  // The layout this mapper builds: record and field indices, types.
  std::string sig;
  std::function<void(const Node&)> walk = [&](const Node& n) {
    sig += fmt::format("R{}:{}[", n.type, n.nfields);
    for (const auto& s : n.setters) sig += fmt::format("s{}:{},", s.field, s.type);
    for (const auto& [f, c] : n.children) {
      sig += fmt::format("c{}:", f);
      walk(*c);
    }
    for (const auto& l : n.lists) {
      sig += fmt::format("l{}:", l.field);
      walk(*l.item);
    }
    sig += "]";
  };
  walk(m->root);
  // Enum member lists decide the values stored.
  for (const auto& e : schema.enums)
    sig += e.name + "{" + fmt::format("{}", fmt::join(e.members, ",")) + "}";
  Mapper out(std::move(m));
  out.signature_ = std::move(sig);
  return out;
}

bool Mapper::meta(const RawRecord& rec, RecordMeta& out, MapFailure& failure) const {
  const Impl& m = *impl_;
  const CsvRow* row = &rec.rows[0];
  std::string buf;
  std::string_view t;
  out.attrs.clear();
  out.day.reset();
  out.date_problem.clear();
  auto get = [&](const std::optional<Src>& s, std::string& dst, const char* what) {
    dst.clear();
    if (!s) return true;
    Read r = m.read(*s, row, t, buf);
    if (r == Read::kBadCode) {
      failure = {0, row->line,
                 fmt::format("record {}: '{}' is not in code table '{}'", what, t, s->codes->name)};
      return false;
    }
    if (r == Read::kValue) dst.assign(t);
    return true;
  };
  if (!get(m.id, out.id, "id")) return false;
  if (out.id.empty()) out.id = fmt::format("line-{}", rec.line);
  if (!get(m.facility, out.facility, "facility")) return false;
  if (m.date) {
    Read r = m.read(*m.date, row, t, buf);
    if (r == Read::kBadCode) {
      failure = {
          0, row->line,
          fmt::format("record date: '{}' is not in code table '{}'", t, m.date->codes->name)};
      return false;
    }
    std::string_view text = r == Read::kValue ? t : std::string_view();
    if (text.empty()) {
      out.date_problem = "the record has no date";
    } else {
      int32_t days = 0, secs = 0;
      bool ok = false;
      for (const auto& f : m.date->formats) {
        if (parse_with_format(text, f, days, secs)) {
          ok = true;
          break;
        }
      }
      if (ok)
        out.day = days;
      else
        out.date_problem =
            fmt::format("record date '{}' is not in the format{} {}", text,
                        m.date->formats.size() == 1 ? "" : "s", fmt::join(m.date->formats, " or "));
    }
  }
  for (const auto& at : m.attrs) {
    std::string value;
    bool any = false;
    for (size_t i = 0; i < rec.nrows && !any; ++i) {
      if (static_cast<int>(rec.table[i]) != at.rows) continue;
      if (!m.matches(at.when, rec.rows[i], buf)) continue;
      any = true;
      if (at.value) {
        Read r = m.read(*at.value, &rec.rows[i], t, buf);
        if (r != Read::kNull) value.assign(t);
      }
    }
    if (!at.value) value = any ? "true" : "false";
    out.attrs.emplace_back(at.name, std::move(value));
  }
  return true;
}

bool Mapper::map(const RawRecord& rec, const RecordMeta& meta, eval::CaseData& out,
                 MapFailure& failure) const {
  MapScratch scratch;
  return map(rec, meta, out, failure, scratch);
}

bool Mapper::map(const RawRecord& rec, const RecordMeta& meta, eval::CaseData& out,
                 MapFailure& failure, MapScratch& scratch) const {
  const Impl& m = *impl_;
  scratch.items.clear();
  out.id = meta.id;
  eval::Record* root = out.add_record(m.root.type, m.root.nfields, {});
  failure = {};
  if (!m.fill(m.root, root, rec, &rec.rows[0], meta, out, failure, scratch)) {
    if (failure.line == 0) failure.line = rec.line;
    return false;
  }
  if (m.id_field >= 0 && !root->slots[m.id_field].known())
    root->slots[m.id_field] = Value::string(out.add_string(meta.id));
  out.set_root(root);
  return true;
}

}  // namespace writ::batch
