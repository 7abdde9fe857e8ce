// "N hours, excluding Saturdays, Sundays and holidays" (NYC Admin. Code § 14-154(b)(2)).
#pragma once

#include "calendar/civil.h"
#include "calendar/holiday_calendar.h"
#include "calendar/time_zone.h"

namespace writ::cal {

// The largest count add_business_hours honours: a million hours, over a century.
inline constexpr int64_t kMaxBusinessHours = 1'000'000;

// Adds `hours` of elapsed time to `start`, letting time run only on local calendar days (in
// `zone`) that are neither Saturday, Sunday nor a holiday of `calendar`. Hours are real elapsed
// hours, so a 23-hour or 25-hour day at a daylight-saving change counts 23 or 25 hours.
// When `start` falls on an excluded day, counting begins at the next included day's midnight.
// The result is expressed in the zone's offset in force at the result instant.
// The result is the earliest instant at which `hours` have run: a count that uses up an included
// day exactly ends at that day's closing midnight. A start on an excluded day moves to the next
// included day's midnight even when `hours` is 0. A negative `hours` counts as 0; more than
// kMaxBusinessHours counts as kMaxBusinessHours (callers should reject such counts, with
// ErrorCode::kLimit); a count running past 9999-12-31 stops at 10000-01-01.
DateTime add_business_hours(const DateTime& start, int64_t hours, const HolidayCalendar& calendar,
                            const TimeZone& zone);

}  // namespace writ::cal
