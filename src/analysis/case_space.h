// The declared input domain of an analysis: every writ-case/1 case the prelude admits, with lists
// cut at a bound, as Z3 variables. Every field may be absent (unknown); enums range over their
// members, strings over the constants the policies mention plus fresh ones, citations over the
// classes of CitationClasses, dates over 1900-01-01..2199-12-31, date-times over the same days
// with any UTC offset that is a multiple of 15 minutes within ±14 hours.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <z3++.h>
#include <nlohmann/json.hpp>

#include "analysis/citation_classes.h"
#include "analysis/symbolic.h"
#include "check/checker.h"

namespace writ::analysis {

// The strings a policy can tell apart: its constants; any other string behaves like a fresh one.
struct StringTable {
  std::vector<std::string> values;  // constants first, then strings a pinned case uses
  size_t fresh = 2;                 // extra distinct strings the solver may pick
  int id_of(const std::string& s) const;
  std::string text_of(int64_t id) const;
  int64_t domain() const { return static_cast<int64_t>(values.size() + fresh); }
};

// Fields a translation read: (symbolic record, field index).
using Reads = std::set<std::pair<const SRecord*, uint32_t>>;

// One node of the case: a scalar field, a record or a list, mirroring the JSON.
struct SpaceNode {
  enum class Kind { kLeaf, kRecord, kList } kind = Kind::kLeaf;
  std::string pointer;  // JSON pointer, "/request/documents/0/type"
  std::string path;     // as explanations write it, "request.documents[0].type"
  check::TypeId type = 0;
  SK sk = SK::kAny;
  z3::expr known;                     // present / not null
  z3::expr v;                         // leaves: the payload
  z3::expr off;                       // date-time leaves: the offset
  z3::expr len;                       // lists: the length
  int bound = 0;                      // lists: the most elements
  std::vector<SpaceNode> children;    // record fields (schema order) or list elements
  std::vector<std::string> names;     // record field names
  const SRecord* rec = nullptr;       // records: the symbolic record built for it
  std::vector<z3::expr> constraints;  // its part of the domain
  explicit SpaceNode(z3::context& c)
      : known(c.bool_val(false)), v(c.int_val(0)), off(c.int_val(0)), len(c.int_val(0)) {}
};

class CaseSpace {
 public:
  // `bound(pointer)` gives the most elements of the list at `pointer`.
  CaseSpace(z3::context& ctx, const check::CheckedPolicy& policy, const StringTable& strings,
            const CitationClasses& citations, std::function<int(const std::string&)> bound);

  z3::context& ctx() { return ctx_; }
  const check::Schema& schema() const { return schema_; }
  const StringTable& strings() const { return strings_; }
  const CitationClasses& citations() const { return citations_; }
  // The root record's value (its fields are the inputs, in slot order).
  const SVal& root() const { return root_; }
  const SpaceNode& tree() const { return tree_; }
  // Constraints every case of the domain satisfies (and canonical choices for fields nobody can
  // read: those under an absent record or past a list's end are absent).
  std::vector<z3::expr> domain() const;
  // The same, with every field no policy reads (not in `reads`) fixed absent: a decision cannot
  // depend on it, so no difference is lost, and the solver has fewer variables.
  std::vector<z3::expr> domain(const Reads& reads) const;
  // Number of facts set: known scalar fields, known lists and list elements.
  z3::expr cost() const;
  // The same as one indicator per fact (true = set), for MaxSAT minimization.
  const std::vector<z3::expr>& facts_set() const { return costs_; }
  // The case a model describes, as writ-case/1 JSON.
  nlohmann::json to_json(const z3::model& m, const std::string& id) const;
  // The JSON value of a leaf in a model (null when unknown).
  nlohmann::json leaf_json(const SpaceNode& n, const z3::model& m) const;
  // The JSON value of any node (leaf, record or list) in a model.
  nlohmann::json node_json(const SpaceNode& n, const z3::model& m) const;
  // Encodes a JSON scalar as the payload of leaf `n`; false when it is outside the domain.
  bool encode(const SpaceNode& n, const nlohmann::json& j, z3::expr& v, z3::expr& off) const;

 private:
  SVal make(check::TypeId t, const std::string& pointer, const std::string& path, SpaceNode& node,
            const z3::expr& parent);
  void json_of(const SpaceNode& n, const z3::model& m, nlohmann::json& out) const;

  z3::context& ctx_;
  const check::Schema& schema_;
  const StringTable& strings_;
  const CitationClasses& citations_;
  std::function<int(const std::string&)> bound_;
  std::vector<z3::expr> costs_;
  SVal root_;
  SpaceNode tree_;
};

// Bounds of the domain, for messages.
inline constexpr const char* kFirstDay = "1900-01-01";
inline constexpr const char* kLastDay = "2199-12-31";

}  // namespace writ::analysis
