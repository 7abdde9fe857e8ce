// Counting "N hours, excluding Saturdays, Sundays and holidays".
//
// Time runs only on included days (local calendar days in the zone that are neither Saturday,
// Sunday nor a holiday); an included day contributes its whole real length, from its local
// midnight to the next (23 or 25 hours at a daylight-saving change). The result is the earliest
// instant at which `hours` of included time have run since `start`; so a count that uses up a
// day exactly ends at that day's closing midnight, not at the next included day's opening.
// A start on an excluded day is first moved to the next included day's midnight, also when
// `hours` is 0. A negative `hours` counts as 0 and one above kMaxBusinessHours as that maximum.
// Results are not computed past the end of year 9999: the count stops at 10000-01-01.
#include "calendar/business_time.h"

#include <algorithm>

namespace writ::cal {
namespace {

constexpr int64_t seconds_per_hour = 3600;
// 9999-12-31, the last day the calendar code represents.
constexpr Days last_day = 2932896;

}  // namespace

DateTime add_business_hours(const DateTime& start, int64_t hours, const HolidayCalendar& calendar,
                            const TimeZone& zone) {
  int64_t remaining = std::clamp<int64_t>(hours, 0, kMaxBusinessHours) * seconds_per_hour;
  int64_t t = start.utc_seconds;
  Days day = local_date(zone.to_local(t));
  if (day <= last_day && calendar.is_excluded_day(day)) {
    do {
      ++day;
    } while (day <= last_day && calendar.is_excluded_day(day));
    t = zone.start_of_day(day);
  }
  while (true) {
    if (day > last_day) return zone.to_local(t);
    const int64_t day_end = zone.start_of_day(day + 1);
    const int64_t available = day_end - t;
    if (remaining <= available) return zone.to_local(t + remaining);
    remaining -= available;
    t = day_end;  // the next day's midnight: right when that day is included
    ++day;
    if (day > last_day || !calendar.is_excluded_day(day)) continue;
    do {
      ++day;
    } while (day <= last_day && calendar.is_excluded_day(day));
    t = zone.start_of_day(day);
  }
}

}  // namespace writ::cal
