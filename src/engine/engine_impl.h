// Internals of writ::Engine, shared by the CLI's test runner and the benchmarks.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "calendar/holiday_calendar.h"
#include "calendar/time_zone.h"
#include "catalog/catalog.h"
#include "check/checker.h"
#include "eval/case_data.h"
#include "eval/evaluator.h"
#include "eval/program.h"
#include "writ/engine.h"

namespace writ {

struct LoadedPolicy {
  std::string id;
  std::string path;
  std::string digest;  // sha256 of the policy, the prelude, the catalogs and its calendar
  std::shared_ptr<const check::CheckedPolicy> checked;
  std::vector<std::unique_ptr<eval::Program>> programs;  // one per version, in order
  std::unique_ptr<cal::TimeZone> zone;

  // The version in force on `day`, or nullptr.
  const eval::Program* program_for(cal::Days day) const;
};

struct Engine::Impl {
  std::string home;
  std::shared_ptr<SourceMap> sources = std::make_shared<SourceMap>();
  Diagnostics diags;
  catalog::Catalog catalog;
  std::string catalog_text;  // every catalog file, in load order, for digests
  std::map<std::string, cal::HolidayCalendar> calendars;
  std::map<std::string, std::string> calendar_texts;
  std::vector<std::unique_ptr<LoadedPolicy>> policies;

  const LoadedPolicy* find(std::string_view id) const;
  std::string known_ids() const;
};

// Builds the writ-decision/1 value from an explained (or fast) verdict. With `explain`, also
// computes, for each missing fact, which outcome each of its possible values would give.
Decision build_decision(const LoadedPolicy& policy, const eval::Program& program,
                        const eval::CaseData& data, eval::Scratch& scratch,
                        const eval::Verdict& verdict, const std::string& as_of, bool explain);

// The date a case is decided as of: options.as_of, else the local date of request.presented_at.
Result<cal::Days> decision_date(const check::CheckedPolicy& policy, const eval::CaseData& data,
                                const std::optional<std::string>& as_of);

}  // namespace writ
