#include "cases/case_decoder.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "calendar/civil.h"
#include "catalog/citation.h"

namespace writ::cases {
namespace {

using check::Schema;
using check::TypeId;
using check::TypeKind;
using eval::Value;
namespace dom = simdjson::dom;

const char* json_type(const dom::element& j) {
  switch (j.type()) {
    case dom::element_type::NULL_VALUE:
      return "null";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::ARRAY:
      return "a list";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "true/false";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
      return "an integer";
    case dom::element_type::DOUBLE:
      return "a number";
  }
  return "a value";
}

std::string_view string_of(const dom::element& j) {
  std::string_view s;
  if (j.get_string().get(s)) return {};
  return s;
}

// One step of the JSON pointer to the value being decoded: an object key or a list index. The
// pointer is spelled out only when a value is refused, so a valid case costs no strings for it.
struct Step {
  std::string_view key;
  size_t index = 0;
  bool is_index = false;
};

class Decoder {
 public:
  Decoder(const check::CheckedPolicy& p, const DecodeLimits& limits, eval::CaseData& out,
          const catalog::Catalog* catalog)
      : s_(p.schema), limits_(limits), out_(out), catalog_(catalog) {}

  std::optional<Error> error;

  eval::Record* record(const dom::object& j, uint32_t rec_index, const std::string& path,
                       size_t depth) {
    const auto& info = s_.records[rec_index];
    eval::Record* r = out_.new_record(rec_index, static_cast<uint32_t>(info.fields.size()), path);
    for (auto field : j) {
      std::string_view key = field.key;
      int fi = info.field_index(key);
      steps_.push_back({key});
      if (fi < 0) {
        if (steps_.size() == 1 && key == "format") {
          steps_.pop_back();
          continue;
        }
        fail(fmt::format("unknown field '{}'{}", key, suggest(key, info)));
        return r;
      }
      r->slots[fi] = value(field.value, info.fields[fi].type, path, key, depth + 1);
      if (error) return r;
      steps_.pop_back();
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
  std::string suggest(std::string_view key, const check::RecordInfo& info) {
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

  // The JSON pointer of the value being decoded, e.g. /subject/convictions/0/level.
  std::string pointer() const {
    std::string out;
    for (const Step& s : steps_) {
      out += '/';
      if (s.is_index) {
        out += std::to_string(s.index);
        continue;
      }
      for (char c : s.key) {
        if (c == '~')
          out += "~0";
        else if (c == '/')
          out += "~1";
        else
          out += c;
      }
    }
    return out;
  }

  void fail(std::string msg) {
    if (!error) {
      std::string ptr = pointer();
      error = make_error(ErrorCode::kInvalidInput,
                         fmt::format("{}: {}", ptr.empty() ? "/" : ptr, msg), ptr);
    }
  }

  // The fact path of a child: "subject.convictions" for the field `convictions` of `subject`.
  static std::string child_path(const std::string& parent, std::string_view key) {
    std::string out;
    out.reserve(parent.size() + 1 + key.size());
    out += parent;
    if (!parent.empty()) out += '.';
    out += key;
    return out;
  }

  // `parent` and `key` give the value's fact path; it is built only for records and lists,
  // which keep it for explanations.
  Value value(const dom::element& j, TypeId t, const std::string& parent, std::string_view key,
              size_t depth, std::optional<size_t> index = std::nullopt) {
    if (j.is_null()) return Value::unknown();
    if (depth > limits_.max_depth) {
      fail(fmt::format("nested deeper than {} levels", limits_.max_depth));
      return Value::unknown();
    }
    const auto& ti = s_.info(t);
    auto want = [&](const char* what) {
      fail(fmt::format("expected {}, found {}", what, json_type(j)));
      return Value::unknown();
    };
    auto path = [&] {
      return index ? fmt::format("{}[{}]", parent, *index) : child_path(parent, key);
    };
    switch (ti.kind) {
      case TypeKind::kBool: {
        bool b = false;
        if (j.get_bool().get(b)) return want("true or false");
        return Value::boolean(b);
      }
      case TypeKind::kInt: {
        int64_t n = 0;
        if (j.type() == dom::element_type::UINT64) {
          fail("is too large an integer");
          return Value::unknown();
        }
        if (j.get_int64().get(n)) return want("an integer");
        return Value::integer(n);
      }
      case TypeKind::kString:
        if (!j.is_string()) return want("a string");
        return Value::string(out_.new_string(std::string(string_of(j))));
      case TypeKind::kDate: {
        if (!j.is_string()) return want("a date string (YYYY-MM-DD)");
        std::string s(string_of(j));
        auto d = cal::parse_date(s);
        if (!d) {
          fail(fmt::format("'{}' is not a real date (expected YYYY-MM-DD)", s));
          return Value::unknown();
        }
        return Value::day(*d);
      }
      case TypeKind::kDateTime: {
        if (!j.is_string()) return want("a date-time string");
        std::string s(string_of(j));
        auto d = cal::parse_datetime(s);
        if (!d) {
          fail(
              fmt::format("'{}' is not a valid date-time (expected e.g. 2024-03-01T10:15:00-05:00, "
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
        c.text = std::string(string_of(j));
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
        std::string_view s = string_of(j);
        int m = en.member_index(std::string(s));
        if (m < 0) {
          fail(fmt::format("'{}' is not one of: {}", s, fmt::join(en.members, ", ")));
          return Value::unknown();
        }
        return Value::enumeration(static_cast<uint32_t>(m));
      }
      case TypeKind::kRecord: {
        dom::object o;
        if (j.get_object().get(o)) return want("an object");
        return Value::record(record(o, ti.ref, path(), depth));
      }
      case TypeKind::kList: {
        dom::array a;
        if (j.get_array().get(a)) return want("a list");
        size_t n = a.size();
        if (n > limits_.max_list_items) {
          fail(fmt::format("has {} items; at most {} are accepted", n, limits_.max_list_items));
          return Value::unknown();
        }
        std::string list_path = path();
        std::vector<Value> items;
        items.reserve(n);
        size_t i = 0;
        for (dom::element item : a) {
          steps_.push_back({{}, i, true});
          items.push_back(value(item, ti.elem, list_path, {}, depth + 1, i));
          if (error) return Value::unknown();
          steps_.pop_back();
          ++i;
        }
        return Value::of_list(out_.new_list(std::move(items), std::move(list_path)));
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
  std::vector<Step> steps_;

  void resolve(eval::CitationValue& c) const {
    if (!catalog_ || !c.parsed) return;
    c.row = catalog_->row_of(c.citation);
    c.row_resolved = true;
  }
};

// nlohmann-json's account of a syntax error, which says where it is (line and column); simdjson
// only says what kind of error it is. Only called for a document simdjson refused.
std::string syntax_error(std::string_view text, simdjson::error_code code) {
  try {
    nlohmann::json ignored = nlohmann::json::parse(text.begin(), text.end(), nullptr, true, false);
  } catch (const nlohmann::json::exception& e) {
    return e.what();
  }
  return simdjson::error_message(code);
}

Result<std::unique_ptr<eval::CaseData>> decode_parsed(const dom::element& j,
                                                      const check::CheckedPolicy& policy,
                                                      const DecodeLimits& limits,
                                                      const catalog::Catalog* catalog);

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
  // Refuse deep nesting before parsing, saying how deep the document goes.
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
  // One parser per thread: its buffers are reused from case to case.
  thread_local dom::parser parser;
  dom::element j;
  if (auto code = parser.parse(text.data(), text.size()).get(j)) {
    // simdjson refuses integers beyond 64 bits, which JSON allows: read the document as
    // nlohmann-json does (such a number becomes a double) and decode that, so the refusal
    // names the field that holds it.
    if (code == simdjson::NUMBER_ERROR) {
      std::string normalized;
      try {
        normalized = nlohmann::json::parse(text.begin(), text.end(), nullptr, true, false).dump();
      } catch (const nlohmann::json::exception&) {
      }
      if (!normalized.empty() && !parser.parse(normalized).get(j)) {
        return decode_parsed(j, policy, limits, catalog);
      }
    }
    return make_error(ErrorCode::kInvalidInput,
                      fmt::format("/: not valid JSON: {}", syntax_error(text, code)), "");
  }
  return decode_parsed(j, policy, limits, catalog);
}

namespace {

Result<std::unique_ptr<eval::CaseData>> decode_parsed(const dom::element& j,
                                                      const check::CheckedPolicy& policy,
                                                      const DecodeLimits& limits,
                                                      const catalog::Catalog* catalog) {
  dom::object root;
  if (j.get_object().get(root)) {
    return make_error(ErrorCode::kInvalidInput,
                      fmt::format("/: expected a JSON object, found {}", json_type(j)), "");
  }
  // As in nlohmann-json's reading, a key given twice means its last value.
  dom::element format, id;
  bool has_format = false, has_id = false;
  for (auto field : root) {
    if (field.key == "format") {
      format = field.value;
      has_format = true;
    } else if (field.key == "id") {
      id = field.value;
      has_id = true;
    }
  }
  if (!has_format || !format.is_string() || string_of(format) != "writ-case/1") {
    return make_error(
        ErrorCode::kInvalidInput,
        "/format: must be \"writ-case/1\" (this engine reads version 1 of the case format)",
        "/format");
  }
  if (!has_id || !id.is_string() || string_of(id).empty()) {
    return make_error(ErrorCode::kInvalidInput, "/id: the case needs a non-empty string id", "/id");
  }
  auto out = std::make_unique<eval::CaseData>();
  out->id = std::string(string_of(id));
  Decoder d(policy, limits, *out, catalog);
  eval::Record* root_record = d.record(root, policy.schema.root_record, "", 0);
  if (d.error) return *d.error;
  out->set_root(root_record);
  return out;
}

}  // namespace

}  // namespace writ::cases
