#include "analysis/analysis_setup.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>

#include <fmt/format.h>
#include <z3++.h>

#include "calendar/civil.h"

namespace writ::analysis {

Result<VersionRef> resolve_version(const Engine& engine, std::string_view spec,
                                   const std::optional<std::string>& as_of) {
  std::string id(spec), date;
  if (auto at = spec.find('@'); at != std::string_view::npos) {
    id = std::string(spec.substr(0, at));
    date = std::string(spec.substr(at + 1));
  } else if (as_of) {
    date = *as_of;
  } else {
    auto now = std::chrono::system_clock::now();
    auto days = std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24;
    date = cal::format_date(static_cast<cal::Days>(days));
  }
  const LoadedPolicy* lp = engine.impl().find(id);
  if (!lp)
    return make_error(ErrorCode::kNotFound,
                      fmt::format("no policy '{}'; `writ policies` lists them", id));
  auto day = cal::parse_date(date);
  if (!day)
    return make_error(
        ErrorCode::kInvalidInput,
        fmt::format("'{}': '{}' is not a date (write POLICY@YYYY-MM-DD)", spec, date));
  const eval::Program* prog = lp->program_for(*day);
  if (!prog)
    return make_error(ErrorCode::kNoVersion,
                      fmt::format("no version of {} is in force on {}", id, date));
  return VersionRef{lp, prog, fmt::format("{}@{}", id, prog->version), prog->version};
}

StringTable collect_strings(const std::vector<const eval::Program*>& programs) {
  StringTable t;
  auto add = [&](const eval::Value& v) {
    if (v.kind == eval::VKind::kString && t.id_of(*v.str) < 0) t.values.push_back(*v.str);
  };
  for (const auto* p : programs) {
    for (const auto& v : p->consts) add(v);
    for (const auto& l : p->const_lists) {
      for (const auto& v : l) add(v);
    }
  }
  return t;
}

std::vector<uint32_t> collect_lists(const std::vector<const eval::Program*>& programs) {
  std::vector<uint32_t> out;
  for (const auto* p : programs) {
    for (const auto& n : p->nodes) {
      if (n.op == eval::Op::kBuiltin &&
          static_cast<check::Builtin>(n.aux) == check::Builtin::kListed)
        out.push_back(n.k);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<Ok> same_inputs(const check::CheckedPolicy& a, const check::CheckedPolicy& b) {
  std::function<bool(check::TypeId, check::TypeId, int)> same = [&](check::TypeId x,
                                                                    check::TypeId y, int depth) {
    const auto& ix = a.schema.info(x);
    const auto& iy = b.schema.info(y);
    if (ix.kind != iy.kind || depth > 16) return false;
    switch (ix.kind) {
      case check::TypeKind::kEnum:
        return a.schema.enums[ix.ref].members == b.schema.enums[iy.ref].members;
      case check::TypeKind::kList:
        return same(ix.elem, iy.elem, depth + 1);
      case check::TypeKind::kRecord: {
        const auto& rx = a.schema.records[ix.ref];
        const auto& ry = b.schema.records[iy.ref];
        if (rx.fields.size() != ry.fields.size()) return false;
        for (size_t i = 0; i < rx.fields.size(); ++i) {
          if (rx.fields[i].name != ry.fields[i].name ||
              !same(rx.fields[i].type, ry.fields[i].type, depth + 1))
            return false;
        }
        return true;
      }
      default:
        return true;
    }
  };
  bool ok = a.inputs.size() == b.inputs.size();
  for (size_t i = 0; ok && i < a.inputs.size(); ++i) {
    ok = a.inputs[i].first == b.inputs[i].first && same(a.inputs[i].second, b.inputs[i].second, 0);
  }
  bool actions = a.actions.size() == b.actions.size();
  for (size_t i = 0; actions && i < a.actions.size(); ++i)
    actions = a.actions[i].name == b.actions[i].name;
  if (!ok || !actions)
    return make_error(ErrorCode::kInvalidInput,
                      "the two policies declare different case formats or actions, so no case "
                      "is read the same way by both");
  return Ok{};
}

void configure_solver() {
  static const bool once = [] {
    if (!std::getenv("WRIT_Z3_DEFAULT")) z3::set_param("smt.arith.solver", 2);
    return true;
  }();
  (void)once;
}

std::string describe_domain(const CitationClasses& cites, const StringTable& strings,
                            int max_elements) {
  return fmt::format(
      "every writ-case/1 case the prelude admits with at most {} element{} in each list, any "
      "field absent or null (unknown), dates {}..{}, date-times on those days at any UTC offset "
      "that is a multiple of 15 minutes, strings: the {} the policies name or any other, "
      "citations: {} classes (how the {} catalog list{} used answer, or unreadable)",
      max_elements, max_elements == 1 ? "" : "s", kFirstDay, kLastDay, strings.values.size(),
      cites.classes().size(), cites.lists().size(), cites.lists().size() == 1 ? "" : "s");
}

}  // namespace writ::analysis
