// A named IANA time zone read from the system's tz database (Debian's tzdata).
#pragma once

#include <memory>
#include <string>

#include "calendar/civil.h"
#include "writ/result.h"

namespace writ::cal {

class TimeZone {
 public:
  // e.g. "America/New_York"; a kNotFound error when the tz database has no such zone.
  static Result<TimeZone> locate(const std::string& iana_name);
  const std::string& name() const { return name_; }
  // The UTC offset in force at the instant (changes across daylight-saving transitions).
  int32_t offset_at(int64_t utc_seconds) const;
  // The instant re-expressed in this zone's offset at that instant.
  DateTime to_local(int64_t utc_seconds) const;
  // The UTC instant of local midnight starting local date d.
  int64_t start_of_day(Days d) const;

 private:
  std::string name_;
  // The zone's data (time_zone.cc): the date::time_zone, owned by the process-wide tz database,
  // and the rule for instants after its last listed transition. Loaded once per process and
  // never freed. A default-constructed TimeZone (no data) is UTC.
  const void* zone_ = nullptr;
};

}  // namespace writ::cal
