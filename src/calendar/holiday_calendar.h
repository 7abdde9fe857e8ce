// Holiday calendars kept as data (calendars/*.holidays), not code: rules such as
// "third Monday of January" or "25 December, moved to Monday when on a Sunday", with the years
// each rule is in force, plus one-off days (a day of mourning appointed by the President).
// The file format is described at the top of holiday_calendar.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/civil.h"
#include "writ/result.h"

namespace writ::cal {

class HolidayCalendar {
 public:
  // Parses the text of a .holidays file; `origin` names it in error messages, which read
  // "origin:line: message" (ErrorCode::kInvalidPolicy).
  static Result<HolidayCalendar> parse(std::string_view text, std::string_view origin);
  // kNotFound when the file cannot be opened; otherwise as parse(), with the path as origin.
  static Result<HolidayCalendar> load_file(const std::string& path);

  const std::string& id() const { return id_; }
  const std::string& title() const { return title_; }
  // The `source` lines, in file order (the law the calendar encodes).
  const std::vector<std::string>& sources() const { return sources_; }
  // The holiday names falling on d (empty when d is not a holiday), in file order. A holiday
  // moved by a weekend shift is named on its observed day with " (observed)" appended; the day
  // it nominally falls on is a holiday too.
  std::vector<std::string> holidays_on(Days d) const;
  bool is_holiday(Days d) const;
  // Saturday, Sunday or a holiday.
  bool is_excluded_day(Days d) const;

  struct Rule;  // defined in holiday_calendar.cc

 private:
  // Calls f(name, observed) for each holiday on d; stops early when f returns true.
  template <typename F>
  bool visit(Days d, F&& f) const;

  std::string id_;
  std::string title_;
  std::vector<std::string> sources_;
  std::vector<std::shared_ptr<const Rule>> rules_;
};

}  // namespace writ::cal
