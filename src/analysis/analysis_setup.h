// What an analysis needs besides the programs: the policy versions it names ("nyc-doc@2014-12-14"),
// the strings and catalog lists the programs mention, and a check that two policies read the same
// case format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/case_space.h"
#include "engine/engine_impl.h"
#include "writ/result.h"

namespace writ::analysis {

// One version of one policy.
struct VersionRef {
  const LoadedPolicy* policy = nullptr;
  const eval::Program* program = nullptr;
  std::string label;  // "nyc-doc@2014-12-14" (the date the version came into force)
  std::string as_of;  // the --as-of date that makes `writ decide` use this version
};

// `spec` is POLICY or POLICY@DATE (the version in force on DATE). Without a date: `as_of` when
// given, else today's date (UTC).
Result<VersionRef> resolve_version(const Engine& engine, std::string_view spec,
                                   const std::optional<std::string>& as_of);

// String constants of the programs (the values the solver must tell apart).
StringTable collect_strings(const std::vector<const eval::Program*>& programs);
// Catalog lists the programs ask listed() about.
std::vector<uint32_t> collect_lists(const std::vector<const eval::Program*>& programs);
// An error when the two policies declare their inputs differently.
Result<Ok> same_inputs(const check::CheckedPolicy& a, const check::CheckedPolicy& b);

// Z3's global settings for these problems (linear integer arithmetic with many if-then-elses,
// where the older arithmetic solver is several times faster). Call before making a context.
void configure_solver();

// Human text for the domain a space covers.
std::string describe_domain(const CitationClasses& cites, const StringTable& strings,
                            int max_elements);

}  // namespace writ::analysis
