// "N hours, excluding Saturdays, Sundays and holidays" (NYC Admin. Code § 14-154(b)(2)).
#pragma once

#include "calendar/civil.h"
#include "calendar/holiday_calendar.h"
#include "calendar/time_zone.h"

namespace writ::cal {

// Adds `hours` of elapsed time to `start`, letting time run only on local calendar days (in
// `zone`) that are neither Saturday, Sunday nor a holiday of `calendar`. Hours are real elapsed
// hours, so a 23-hour or 25-hour day at a daylight-saving change counts 23 or 25 hours.
// When `start` falls on an excluded day, counting begins at the next included day's midnight.
// The result is expressed in the zone's offset in force at the result instant.
DateTime add_business_hours(const DateTime& start, int64_t hours, const HolidayCalendar& calendar,
                            const TimeZone& zone);

}  // namespace writ::cal
