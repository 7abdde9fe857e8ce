#include "analysis/case_space.h"

#include <fmt/format.h>

#include "analysis/civil_terms.h"
#include "calendar/civil.h"
#include "catalog/citation.h"

namespace writ::analysis {

using check::TypeKind;
using json = nlohmann::json;

int StringTable::id_of(const std::string& s) const {
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == s) return static_cast<int>(i);
  }
  return -1;
}

std::string StringTable::text_of(int64_t id) const {
  if (id >= 0 && static_cast<size_t>(id) < values.size()) return values[static_cast<size_t>(id)];
  // A fresh string: different from every constant and from the other fresh ones.
  for (int salt = 0;; ++salt) {
    std::string s = fmt::format("other-{}{}", id - static_cast<int64_t>(values.size()) + 1,
                                salt ? fmt::format("-{}", salt) : "");
    if (id_of(s) < 0) return s;
  }
}

namespace {

int64_t first_day() {
  return *cal::parse_date(kFirstDay);
}
int64_t last_day() {
  return *cal::parse_date(kLastDay);
}

SK kind_of(TypeKind k) {
  switch (k) {
    case TypeKind::kBool:
      return SK::kBool;
    case TypeKind::kInt:
      return SK::kInt;
    case TypeKind::kString:
      return SK::kString;
    case TypeKind::kDate:
      return SK::kDate;
    case TypeKind::kDateTime:
      return SK::kDateTime;
    case TypeKind::kDuration:
      return SK::kDuration;
    case TypeKind::kCitation:
      return SK::kCitation;
    case TypeKind::kEnum:
      return SK::kEnum;
    case TypeKind::kRecord:
      return SK::kRecord;
    case TypeKind::kList:
      return SK::kList;
    default:
      return SK::kAny;
  }
}

}  // namespace

CaseSpace::CaseSpace(z3::context& ctx, const check::CheckedPolicy& policy,
                     const StringTable& strings, const CitationClasses& citations,
                     std::function<int(const std::string&)> bound)
    : ctx_(ctx),
      schema_(policy.schema),
      strings_(strings),
      citations_(citations),
      bound_(std::move(bound)),
      root_(ctx),
      tree_(ctx) {
  tree_.kind = SpaceNode::Kind::kRecord;
  tree_.known = ctx_.bool_val(true);
  auto rec = std::make_shared<SRecord>();
  rec->type = schema_.root_record;
  tree_.rec = rec.get();
  for (const auto& [name, type] : policy.inputs) {
    tree_.children.emplace_back(ctx_);
    tree_.names.push_back(name);
    rec->fields.push_back(make(type, "/" + name, name, tree_.children.back(), tree_.known));
  }
  // The decoder requires a non-empty case id: it is always set, and not counted as a fact.
  int id = rec->fields.empty() ? -1 : static_cast<int>(tree_.names.size()) - 1;
  for (size_t i = 0; i < tree_.names.size(); ++i) {
    if (tree_.names[i] == "id") id = static_cast<int>(i);
  }
  if (id >= 0 && tree_.names[static_cast<size_t>(id)] == "id") {
    SpaceNode& n = tree_.children[static_cast<size_t>(id)];
    int empty = strings_.id_of("");
    n.constraints.push_back(n.known);
    if (empty >= 0) n.constraints.push_back(n.v != empty);
    for (auto it = costs_.begin(); it != costs_.end(); ++it) {
      if (z3::eq(*it, n.known)) {
        costs_.erase(it);
        break;
      }
    }
  }
  root_.kind = SK::kRecord;
  root_.known = ctx_.bool_val(true);
  root_.rec = rec;
}

SVal CaseSpace::make(check::TypeId t, const std::string& pointer, const std::string& path,
                     SpaceNode& node, const z3::expr& parent) {
  const auto& info = schema_.info(t);
  node.pointer = pointer;
  node.path = path;
  node.type = t;
  node.sk = kind_of(info.kind);
  SVal s(ctx_);
  s.kind = node.sk;
  node.known = ctx_.bool_const(("k" + pointer).c_str());
  s.known = node.known;
  node.constraints.push_back(z3::implies(!parent, !node.known));
  switch (info.kind) {
    case TypeKind::kRecord: {
      node.kind = SpaceNode::Kind::kRecord;
      auto rec = std::make_shared<SRecord>();
      rec->type = info.ref;
      node.rec = rec.get();
      const auto& ri = schema_.records[info.ref];
      node.children.reserve(ri.fields.size());
      for (const auto& f : ri.fields) {
        node.children.emplace_back(ctx_);
        node.names.push_back(f.name);
        rec->fields.push_back(make(f.type, pointer + "/" + f.name, path + "." + f.name,
                                   node.children.back(), node.known));
      }
      // The subdivision belongs to the citation (the decoder merges them): it is folded into
      // the citation classes, so the separate field stays absent.
      int st = ri.field_index("statute"), sub = ri.field_index("subdivision");
      if (st >= 0 && sub >= 0)
        node.constraints.push_back(!node.children[static_cast<size_t>(sub)].known);
      s.rec = rec;
      return s;
    }
    case TypeKind::kList: {
      node.kind = SpaceNode::Kind::kList;
      node.bound = bound_(pointer);
      node.len = ctx_.int_const(("n" + pointer).c_str());
      node.constraints.push_back(node.len >= 0 && node.len <= node.bound);
      node.constraints.push_back(z3::implies(!node.known, node.len == 0));
      costs_.push_back(node.known);
      for (int i = 0; i < node.bound; ++i) costs_.push_back(node.len > i);
      auto list = std::make_shared<SList>();
      node.children.reserve(static_cast<size_t>(node.bound));
      for (int i = 0; i < node.bound; ++i) {
        z3::expr present = node.len > i;
        node.children.emplace_back(ctx_);
        list->present.push_back(present);
        list->items.push_back(make(info.elem, fmt::format("{}/{}", pointer, i),
                                   fmt::format("{}[{}]", path, i), node.children.back(), present));
      }
      s.list = list;
      return s;
    }
    default:
      break;
  }
  node.kind = SpaceNode::Kind::kLeaf;
  costs_.push_back(node.known);
  std::string vn = "v" + pointer;
  switch (info.kind) {
    case TypeKind::kBool:
      node.v = ctx_.bool_const(vn.c_str());
      break;
    case TypeKind::kInt:
      node.v = ctx_.int_const(vn.c_str());
      break;
    case TypeKind::kString:
      node.v = ctx_.int_const(vn.c_str());
      node.constraints.push_back(node.v >= 0 && node.v < ctx_.int_val(strings_.domain()));
      break;
    case TypeKind::kEnum:
      node.v = ctx_.int_const(vn.c_str());
      node.constraints.push_back(node.v >= 0 &&
                                 node.v < static_cast<int>(schema_.enums[info.ref].members.size()));
      break;
    case TypeKind::kCitation:
      node.v = ctx_.int_const(vn.c_str());
      node.constraints.push_back(node.v >= 0 &&
                                 node.v < static_cast<int>(citations_.classes().size()));
      break;
    case TypeKind::kDate: {
      // Year (as 1900 + 4a + b), month and day are the variables; the day number is computed.
      CivilParts parts{
          ctx_.int_const(("a" + pointer).c_str()), ctx_.int_const(("b" + pointer).c_str()),
          ctx_.int_const(("m" + pointer).c_str()), ctx_.int_const(("d" + pointer).c_str())};
      int first_year = cal::ymd_from_days(static_cast<cal::Days>(first_day())).year;
      int last_year = cal::ymd_from_days(static_cast<cal::Days>(last_day())).year;
      node.constraints.push_back(parts.b >= 0 && parts.b <= 3 && parts.year() >= first_year &&
                                 parts.year() <= last_year && parts.m >= 1 && parts.m <= 12 &&
                                 parts.d >= 1 && parts.d <= month_length_term(parts, parts.m));
      s.civil = std::make_shared<CivilParts>(parts);
      node.v = days_from_parts(*s.civil);
      break;
    }
    case TypeKind::kDateTime: {
      node.v = ctx_.int_const(vn.c_str());
      z3::expr k = ctx_.int_const(("o" + pointer).c_str());
      node.off = 900 * k;
      node.constraints.push_back(k >= -56 && k <= 56);
      z3::expr local = node.v + node.off;
      node.constraints.push_back(local >= ctx_.int_val(first_day() * 86400) &&
                                 local < ctx_.int_val((last_day() + 1) * 86400));
      s.off = node.off;
      break;
    }
    default:
      throw Unsupported(
          fmt::format("{}: fields of type {} are not modelled", path, schema_.name(t)));
  }
  s.v = node.v;
  return s;
}

namespace {

void all_constraints(const SpaceNode& n, std::vector<z3::expr>& out) {
  out.insert(out.end(), n.constraints.begin(), n.constraints.end());
  for (const auto& c : n.children) all_constraints(c, out);
}

void read_constraints(const SpaceNode& n, const Reads& reads, std::vector<z3::expr>& out) {
  out.insert(out.end(), n.constraints.begin(), n.constraints.end());
  for (size_t i = 0; i < n.children.size(); ++i) {
    const SpaceNode& c = n.children[i];
    bool read =
        n.kind != SpaceNode::Kind::kRecord || reads.count({n.rec, static_cast<uint32_t>(i)}) > 0;
    if (read) {
      read_constraints(c, reads, out);
    } else {
      out.push_back(!c.known);
    }
  }
}

}  // namespace

std::vector<z3::expr> CaseSpace::domain() const {
  std::vector<z3::expr> out;
  all_constraints(tree_, out);
  return out;
}

std::vector<z3::expr> CaseSpace::domain(const Reads& reads) const {
  std::vector<z3::expr> out;
  read_constraints(tree_, reads, out);
  return out;
}

z3::expr CaseSpace::cost() const {
  z3::expr sum = ctx_.int_val(0);
  for (const auto& c : costs_) sum = sum + z3::ite(c, ctx_.int_val(1), ctx_.int_val(0));
  return sum;
}

json CaseSpace::leaf_json(const SpaceNode& n, const z3::model& m) const {
  if (!m.eval(n.known, true).is_true()) return nullptr;
  const auto& info = schema_.info(n.type);
  z3::expr v = m.eval(n.v, true);
  switch (info.kind) {
    case TypeKind::kBool:
      return v.is_true();
    case TypeKind::kInt:
      return v.get_numeral_int64();
    case TypeKind::kString:
      return strings_.text_of(v.get_numeral_int64());
    case TypeKind::kEnum:
      return schema_.enums[info.ref].members[static_cast<size_t>(v.get_numeral_int64())];
    case TypeKind::kCitation:
      return citations_.classes()[static_cast<size_t>(v.get_numeral_int64())].text;
    case TypeKind::kDate:
      return cal::format_date(static_cast<cal::Days>(v.get_numeral_int64()));
    case TypeKind::kDateTime: {
      cal::DateTime t{v.get_numeral_int64(),
                      static_cast<int32_t>(m.eval(n.off, true).get_numeral_int64())};
      return cal::format_datetime(t);
    }
    default:
      return nullptr;
  }
}

void CaseSpace::json_of(const SpaceNode& n, const z3::model& m, json& out) const {
  switch (n.kind) {
    case SpaceNode::Kind::kLeaf:
      out = leaf_json(n, m);
      return;
    case SpaceNode::Kind::kRecord: {
      if (!m.eval(n.known, true).is_true()) {
        out = nullptr;
        return;
      }
      out = json::object();
      for (size_t i = 0; i < n.children.size(); ++i) {
        json child;
        json_of(n.children[i], m, child);
        if (!child.is_null()) out[n.names[i]] = child;
      }
      return;
    }
    case SpaceNode::Kind::kList: {
      if (!m.eval(n.known, true).is_true()) {
        out = nullptr;
        return;
      }
      out = json::array();
      int64_t len = m.eval(n.len, true).get_numeral_int64();
      for (int64_t i = 0; i < len; ++i) {
        json child;
        json_of(n.children[static_cast<size_t>(i)], m, child);
        out.push_back(child);
      }
      return;
    }
  }
}

json CaseSpace::node_json(const SpaceNode& n, const z3::model& m) const {
  json out;
  json_of(n, m, out);
  return out;
}

json CaseSpace::to_json(const z3::model& m, const std::string& id) const {
  json out = json::object();
  out["format"] = "writ-case/1";
  json body;
  json_of(tree_, m, body);
  for (auto it = body.begin(); it != body.end(); ++it) out[it.key()] = it.value();
  if (!out.contains("id")) out["id"] = id;
  return out;
}

bool CaseSpace::encode(const SpaceNode& n, const json& j, z3::expr& v, z3::expr& off) const {
  const auto& info = schema_.info(n.type);
  switch (info.kind) {
    case TypeKind::kBool:
      if (!j.is_boolean()) return false;
      v = ctx_.bool_val(j.get<bool>());
      return true;
    case TypeKind::kInt:
      if (!j.is_number_integer()) return false;
      v = ctx_.int_val(j.get<int64_t>());
      return true;
    case TypeKind::kString: {
      if (!j.is_string()) return false;
      int id = strings_.id_of(j.get<std::string>());
      if (id < 0) return false;
      v = ctx_.int_val(id);
      return true;
    }
    case TypeKind::kEnum: {
      if (!j.is_string()) return false;
      int m = schema_.enums[info.ref].member_index(j.get<std::string>());
      if (m < 0) return false;
      v = ctx_.int_val(m);
      return true;
    }
    case TypeKind::kCitation: {
      if (!j.is_string()) return false;
      auto c = catalog::normalize_citation(j.get<std::string>());
      int k = citations_.class_of(c.ok() ? &*c : nullptr);
      if (k < 0) return false;
      v = ctx_.int_val(k);
      return true;
    }
    case TypeKind::kDate: {
      if (!j.is_string()) return false;
      auto d = cal::parse_date(j.get<std::string>());
      if (!d || *d < first_day() || *d > last_day()) return false;
      v = ctx_.int_val(*d);
      return true;
    }
    case TypeKind::kDateTime: {
      if (!j.is_string()) return false;
      auto t = cal::parse_datetime(j.get<std::string>());
      if (!t || t->offset_seconds % 900 != 0) return false;
      v = ctx_.int_val(t->utc_seconds);
      off = ctx_.int_val(t->offset_seconds);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace writ::analysis
