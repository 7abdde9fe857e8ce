#include "cases/case_decoder.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "calendar/civil.h"
#include "catalog/citation.h"

namespace writ::cases {
namespace {

using check::Schema;
using check::TypeId;
using check::TypeKind;
using eval::Value;
using json = nlohmann::json;

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

const char* json_type(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "a list";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "true/false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number";
    default:
      return "a value";
  }
}

class Decoder {
 public:
  Decoder(const check::CheckedPolicy& p, const DecodeLimits& limits, eval::CaseData& out,
          const catalog::Catalog* catalog)
      : s_(p.schema), limits_(limits), out_(out), catalog_(catalog) {}

  std::optional<Error> error;

  eval::Record* record(const json& j, uint32_t rec_index, const std::string& pointer,
                       const std::string& path, size_t depth) {
    const auto& info = s_.records[rec_index];
    eval::Record* r = out_.new_record(rec_index, static_cast<uint32_t>(info.fields.size()), path);
    for (auto it = j.begin(); it != j.end(); ++it) {
      int fi = info.field_index(it.key());
      std::string ptr = pointer + "/" + escape_pointer(it.key());
      if (fi < 0) {
        if (pointer.empty() && it.key() == "format") continue;
        fail(ptr, fmt::format("unknown field '{}'{}", it.key(), suggest(it.key(), info)));
        return r;
      }
      std::string child_path = path.empty() ? it.key() : path + "." + it.key();
      r->slots[fi] = value(it.value(), info.fields[fi].type, ptr, child_path, depth + 1);
      if (error) return r;
    }
    merge_subdivision(r, info);
    return r;
  }

  // A record's `subdivision` field belongs to its `statute` citation: "PL 265.02" with
  // subdivision "3" is read as PL 265.02(3). When the two disagree the citation cannot be read
  // (the decision goes to review, naming it) rather than the whole case being refused.
  void merge_subdivision(eval::Record* r, const check::RecordInfo& info) {
    int st = info.field_index("statute"), sub = info.field_index("subdivision");
    if (st < 0 || sub < 0) return;
    const Value& sv = r->slots[st];
    const Value& dv = r->slots[sub];
    if (sv.kind != eval::VKind::kCitation || dv.kind != eval::VKind::kString || dv.str->empty())
      return;
    eval::CitationValue c;
    c.text = sv.cit->text;
    auto merged = catalog::normalize_citation(c.text, *dv.str);
    if (merged.ok()) {
      c.parsed = true;
      c.citation = *merged;
      resolve(c);
    } else {
      c.problem = merged.error().message;
    }
    r->slots[st] = Value::citation(out_.new_citation(std::move(c)));
  }

 private:
  std::string suggest(const std::string& key, const check::RecordInfo& info) {
    for (const auto& f : info.fields) {
      size_t common = 0;
      while (common < key.size() && common < f.name.size() && key[common] == f.name[common])
        ++common;
      if (common >= 4 && common * 2 >= f.name.size())
        return fmt::format(" (did you mean '{}'?)", f.name);
    }
    std::string names;
    for (const auto& f : info.fields) names += (names.empty() ? "" : ", ") + f.name;
    return fmt::format(" (expected one of: {})", names);
  }

  void fail(const std::string& pointer, std::string msg) {
    if (!error) {
      error = make_error(ErrorCode::kInvalidInput,
                         fmt::format("{}: {}", pointer.empty() ? "/" : pointer, msg), pointer);
    }
  }

  Value value(const json& j, TypeId t, const std::string& ptr, const std::string& path,
              size_t depth) {
    if (j.is_null()) return Value::unknown();
    if (depth > limits_.max_depth) {
      fail(ptr, fmt::format("nested deeper than {} levels", limits_.max_depth));
      return Value::unknown();
    }
    const auto& ti = s_.info(t);
    auto want = [&](const char* what) {
      fail(ptr, fmt::format("expected {}, found {}", what, json_type(j)));
      return Value::unknown();
    };
    switch (ti.kind) {
      case TypeKind::kBool:
        if (!j.is_boolean()) return want("true or false");
        return Value::boolean(j.get<bool>());
      case TypeKind::kInt:
        if (!j.is_number_integer()) return want("an integer");
        return Value::integer(j.get<int64_t>());
      case TypeKind::kString:
        if (!j.is_string()) return want("a string");
        return Value::string(out_.new_string(j.get<std::string>()));
      case TypeKind::kDate: {
        if (!j.is_string()) return want("a date string (YYYY-MM-DD)");
        const auto& s = j.get_ref<const std::string&>();
        auto d = cal::parse_date(s);
        if (!d) {
          fail(ptr, fmt::format("'{}' is not a real date (expected YYYY-MM-DD)", s));
          return Value::unknown();
        }
        return Value::day(*d);
      }
      case TypeKind::kDateTime: {
        if (!j.is_string()) return want("a date-time string");
        const auto& s = j.get_ref<const std::string&>();
        auto d = cal::parse_datetime(s);
        if (!d) {
          fail(ptr, fmt::format(
                        "'{}' is not a valid date-time (expected e.g. 2024-03-01T10:15:00-05:00, "
                        "with its UTC offset)",
                        s));
          return Value::unknown();
        }
        return Value::datetime(d->utc_seconds, d->offset_seconds);
      }
      case TypeKind::kDuration:
        return want("a duration");
      case TypeKind::kCitation: {
        if (!j.is_string()) return want("a statute citation string");
        eval::CitationValue c;
        c.text = j.get<std::string>();
        auto parsed = catalog::normalize_citation(c.text);
        if (parsed.ok()) {
          c.parsed = true;
          c.citation = *parsed;
          resolve(c);
        } else {
          c.problem = parsed.error().message;
        }
        return Value::citation(out_.new_citation(std::move(c)));
      }
      case TypeKind::kEnum: {
        const auto& en = s_.enums[ti.ref];
        if (!j.is_string())
          return want(fmt::format("one of {}", fmt::join(en.members, ", ")).c_str());
        int m = en.member_index(j.get_ref<const std::string&>());
        if (m < 0) {
          fail(ptr, fmt::format("'{}' is not one of: {}", j.get<std::string>(),
                                fmt::join(en.members, ", ")));
          return Value::unknown();
        }
        return Value::enumeration(static_cast<uint32_t>(m));
      }
      case TypeKind::kRecord:
        if (!j.is_object()) return want("an object");
        return Value::record(record(j, ti.ref, ptr, path, depth));
      case TypeKind::kList: {
        if (!j.is_array()) return want("a list");
        if (j.size() > limits_.max_list_items) {
          fail(ptr, fmt::format("has {} items; at most {} are accepted", j.size(),
                                limits_.max_list_items));
          return Value::unknown();
        }
        std::vector<Value> items;
        items.reserve(j.size());
        for (size_t i = 0; i < j.size(); ++i) {
          items.push_back(value(j[i], ti.elem, fmt::format("{}/{}", ptr, i),
                                fmt::format("{}[{}]", path, i), depth + 1));
          if (error) return Value::unknown();
        }
        return Value::of_list(out_.new_list(std::move(items), path));
      }
      case TypeKind::kError:
      case TypeKind::kAny:
        break;
    }
    return Value::unknown();
  }

  const Schema& s_;
  const DecodeLimits& limits_;
  eval::CaseData& out_;
  const catalog::Catalog* catalog_;

  void resolve(eval::CitationValue& c) const {
    if (!catalog_ || !c.parsed) return;
    c.row = catalog_->row_of(c.citation);
    c.row_resolved = true;
  }
};

}  // namespace

Result<std::unique_ptr<eval::CaseData>> decode_case(std::string_view text,
                                                    const check::CheckedPolicy& policy,
                                                    const DecodeLimits& limits,
                                                    const catalog::Catalog* catalog) {
  if (text.size() > limits.max_bytes) {
    return make_error(ErrorCode::kLimit,
                      fmt::format("/: the case is {} bytes; at most {} are accepted", text.size(),
                                  limits.max_bytes),
                      "");
  }
  // Refuse deep nesting before parsing: the JSON parser recurses once per level.
  size_t depth = 0, max_seen = 0;
  bool in_string = false, escaped = false;
  for (char ch : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (ch == '\\')
        escaped = true;
      else if (ch == '"')
        in_string = false;
      continue;
    }
    if (ch == '"')
      in_string = true;
    else if (ch == '{' || ch == '[')
      max_seen = std::max(max_seen, ++depth);
    else if ((ch == '}' || ch == ']') && depth > 0)
      --depth;
  }
  if (max_seen > limits.max_depth + 2) {
    return make_error(ErrorCode::kLimit,
                      fmt::format("/: nested {} levels deep; at most {} are accepted", max_seen,
                                  limits.max_depth),
                      "");
  }
  json j;
  try {
    j = json::parse(text.begin(), text.end(), nullptr, true, false);
  } catch (const json::exception& e) {
    return make_error(ErrorCode::kInvalidInput, fmt::format("/: not valid JSON: {}", e.what()), "");
  }
  if (!j.is_object()) {
    return make_error(ErrorCode::kInvalidInput,
                      fmt::format("/: expected a JSON object, found {}", json_type(j)), "");
  }
  auto fmt_it = j.find("format");
  if (fmt_it == j.end() || !fmt_it->is_string() || fmt_it->get<std::string>() != "writ-case/1") {
    return make_error(
        ErrorCode::kInvalidInput,
        "/format: must be \"writ-case/1\" (this engine reads version 1 of the case format)",
        "/format");
  }
  auto id_it = j.find("id");
  if (id_it == j.end() || !id_it->is_string() || id_it->get<std::string>().empty()) {
    return make_error(ErrorCode::kInvalidInput, "/id: the case needs a non-empty string id", "/id");
  }
  auto out = std::make_unique<eval::CaseData>();
  out->id = id_it->get<std::string>();
  Decoder d(policy, limits, *out, catalog);
  eval::Record* root = d.record(j, policy.schema.root_record, "", "", 0);
  if (d.error) return *d.error;
  out->set_root(root);
  return out;
}

}  // namespace writ::cases
