// Time zones from the system tz database through Howard Hinnant's date/tz library (Debian's
// libhowardhinnant-date-dev, built with USE_OS_TZDB=1, which reads the compiled TZif files).
//
// That library ignores the POSIX TZ rule at the end of each TZif file, which the tz database
// uses for every instant after the last listed transition (Debian's files list transitions up to
// 2037). Read alone it would report, for example, Eastern Standard Time all through the summer of
// 2040 in New York. So this file reads that footer itself and applies it after the last listed
// transition. (The library's own evaluator, date/ptz.h, does not compile in C++20 mode with
// libstdc++: its unqualified hh_mm_ss is ambiguous with std::chrono::hh_mm_ss.)
#include "calendar/time_zone.h"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace writ::cal {
namespace {

// Where Debian's tzdata installs the compiled zones; the date library reads the same directory.
constexpr const char* zoneinfo_dir = "/usr/share/zoneinfo";
constexpr int64_t seconds_per_day = 86400;
// Lookups are clamped to 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z: the calendar's range, and
// far inside what the library's year type can represent.
constexpr int64_t min_instant = -62135596800;
constexpr int64_t max_instant = 253402300799;

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// A POSIX TZ string as TZif footers use it (RFC 8536 section 3.3), e.g. "EST5EDT,M3.2.0,M11.1.0"
// or "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0". Offsets here are UTC offsets (east positive), the
// opposite sign of the TZ string's.
class PosixRule {
 public:
  static std::optional<PosixRule> parse(std::string_view text);
  int32_t offset_at(int64_t utc) const;

 private:
  struct Transition {
    enum class Kind { kJulian1, kJulian0, kMonthWeekDay };  // Jn, n, Mm.w.d
    Kind kind = Kind::kMonthWeekDay;
    unsigned day = 0;     // Jn: 1..365; n: 0..365; Mm.w.d: d (0 = Sunday)
    unsigned month = 0;   // Mm.w.d
    unsigned week = 0;    // Mm.w.d: 1..5, 5 = last
    int64_t time = 7200;  // seconds after local midnight, may be negative or past 24 h
    // Local midnight (as days since 1970-01-01) of the transition's day in `year`.
    int64_t day_in(int64_t year) const;
  };

  int32_t std_offset_ = 0;
  int32_t dst_offset_ = 0;
  bool has_dst_ = false;
  Transition start_;  // into daylight time; its time is local standard time
  Transition end_;    // back to standard time; its time is local daylight time
};

class TzReader {
 public:
  explicit TzReader(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  bool name() {  // an abbreviation: three or more letters, or <...> of letters, digits, + and -
    if (eat('<')) {
      const size_t start = i_;
      while (!done() && peek() != '>') ++i_;
      if (done() || i_ - start < 3) return false;
      ++i_;
      return true;
    }
    const size_t start = i_;
    while (!done() && ((peek() >= 'A' && peek() <= 'Z') || (peek() >= 'a' && peek() <= 'z'))) ++i_;
    return i_ - start >= 3;
  }
  std::optional<unsigned> number(unsigned max) {
    if (done() || peek() < '0' || peek() > '9') return std::nullopt;
    unsigned v = 0;
    while (!done() && peek() >= '0' && peek() <= '9') {
      v = v * 10 + static_cast<unsigned>(peek() - '0');
      if (v > max) return std::nullopt;
      ++i_;
    }
    return v;
  }
  // [+|-]hh[:mm[:ss]] in seconds; hours up to max_hours.
  std::optional<int64_t> duration(unsigned max_hours) {
    const bool negative = eat('-');
    if (!negative) eat('+');
    const auto h = number(max_hours);
    if (!h) return std::nullopt;
    int64_t v = int64_t{*h} * 3600;
    if (eat(':')) {
      const auto m = number(59);
      if (!m) return std::nullopt;
      v += int64_t{*m} * 60;
      if (eat(':')) {
        const auto sec = number(59);
        if (!sec) return std::nullopt;
        v += *sec;
      }
    }
    return negative ? -v : v;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

int64_t PosixRule::Transition::day_in(int64_t year) const {
  const auto jan1 = static_cast<int64_t>(*days_from_ymd(static_cast<int>(year), 1, 1));
  switch (kind) {
    case Kind::kJulian1: {  // 1..365, February 29 never counted
      const bool after_feb = day > 59;
      return jan1 + day - 1 + ((after_feb && is_leap_year(static_cast<int>(year))) ? 1 : 0);
    }
    case Kind::kJulian0:
      return jan1 + day;
    case Kind::kMonthWeekDay: {
      const auto first = static_cast<int64_t>(*days_from_ymd(static_cast<int>(year), month, 1));
      int64_t d =
          first + (day + 7 - weekday(static_cast<Days>(first))) % 7 + int64_t{7} * (week - 1);
      const int64_t length = days_in_month(static_cast<int>(year), month);
      while (d >= first + length) d -= 7;  // week 5: the last such weekday
      return d;
    }
  }
  return jan1;
}

std::optional<PosixRule> PosixRule::parse(std::string_view text) {
  TzReader r(text);
  PosixRule rule;
  if (!r.name()) return std::nullopt;
  const auto std_tz = r.duration(24);
  if (!std_tz) return std::nullopt;
  rule.std_offset_ = static_cast<int32_t>(-*std_tz);
  if (r.done()) return rule;
  if (!r.name()) return std::nullopt;
  rule.has_dst_ = true;
  rule.dst_offset_ = rule.std_offset_ + 3600;
  if (r.peek() != ',') {
    const auto dst_tz = r.duration(24);
    if (!dst_tz) return std::nullopt;
    rule.dst_offset_ = static_cast<int32_t>(-*dst_tz);
  }
  // Daylight time without rules is implementation-defined in POSIX; zic never writes it.
  auto transition = [&r](Transition& t) {
    if (!r.eat(',')) return false;
    if (r.eat('J')) {
      const auto n = r.number(365);
      if (!n || *n < 1) return false;
      t.kind = Transition::Kind::kJulian1;
      t.day = *n;
    } else if (r.eat('M')) {
      const auto m = r.number(12);
      if (!m || *m < 1 || !r.eat('.')) return false;
      const auto w = r.number(5);
      if (!w || *w < 1 || !r.eat('.')) return false;
      const auto d = r.number(6);
      if (!d) return false;
      t.kind = Transition::Kind::kMonthWeekDay;
      t.month = *m;
      t.week = *w;
      t.day = *d;
    } else {
      const auto n = r.number(365);
      if (!n) return false;
      t.kind = Transition::Kind::kJulian0;
      t.day = *n;
    }
    if (r.eat('/')) {
      const auto time = r.duration(167);  // RFC 8536 allows -167..167 hours
      if (!time) return false;
      t.time = *time;
    }
    return true;
  };
  if (!transition(rule.start_) || !transition(rule.end_) || !r.done()) return std::nullopt;
  return rule;
}

int32_t PosixRule::offset_at(int64_t utc) const {
  if (!has_dst_) return std_offset_;
  // The transitions of the year and its neighbours, in UTC; the latest one at or before `utc`
  // decides. At equal instants the start is taken as the later: rules for daylight time all year
  // (e.g. ",0/0,J365/25") end one year's daylight time at the very instant the next one begins.
  struct Change {
    int64_t at;
    bool to_dst;
  };
  std::array<Change, 6> changes{};
  size_t n = 0;
  const int64_t year = ymd_from_days(static_cast<Days>(floor_div(utc, seconds_per_day))).year;
  for (int64_t y = std::max<int64_t>(year - 1, 1); y <= std::min<int64_t>(year + 1, 9999); ++y) {
    changes[n++] = {start_.day_in(y) * seconds_per_day + start_.time - std_offset_, true};
    changes[n++] = {end_.day_in(y) * seconds_per_day + end_.time - dst_offset_, false};
  }
  std::sort(changes.begin(), changes.begin() + static_cast<std::ptrdiff_t>(n),
            [](const Change& a, const Change& b) {
              return a.at != b.at ? a.at < b.at : (!a.to_dst && b.to_dst);
            });
  // Before the first change in view, the state is the one that change leaves.
  bool in_dst = n > 0 && !changes[0].to_dst;
  for (size_t i = 0; i < n && changes[i].at <= utc; ++i) in_dst = changes[i].to_dst;
  return in_dst ? dst_offset_ : std_offset_;
}

// The footer of a TZif version 2+ file: the POSIX TZ string between the last two newlines.
std::optional<std::string> read_footer(const std::string& zone_name) {
  std::ifstream in(std::string(zoneinfo_dir) + "/" + zone_name, std::ios::binary);
  if (!in) return std::nullopt;
  constexpr std::streamsize max_size = 1 << 20;
  std::string bytes;
  bytes.resize(static_cast<size_t>(max_size));
  in.read(bytes.data(), max_size);
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (bytes.size() < 6 || bytes.compare(0, 4, "TZif") != 0 || bytes[4] < '2') return std::nullopt;
  if (bytes.back() != '\n') return std::nullopt;
  const size_t open = bytes.rfind('\n', bytes.size() - 2);
  if (open == std::string::npos) return std::nullopt;
  std::string footer = bytes.substr(open + 1, bytes.size() - open - 2);
  if (footer.empty()) return std::nullopt;
  for (const char c : footer) {
    if (c < 0x20 || c > 0x7e) return std::nullopt;
  }
  return footer;
}

struct ZoneData {
  const date::time_zone* zone = nullptr;
  std::optional<PosixRule> tail;  // the TZif footer's rule, when there is a usable one
  int64_t tail_from = 0;          // the rule applies at and after this instant (UTC)
};

int32_t library_offset(const date::time_zone& zone, int64_t utc) {
  const auto info = zone.get_info(date::sys_seconds{std::chrono::seconds{utc}});
  return static_cast<int32_t>(info.offset.count());
}

std::unique_ptr<ZoneData> load_zone(const date::time_zone* zone) {
  auto data = std::make_unique<ZoneData>();
  data->zone = zone;
  const auto footer = read_footer(zone->name());
  if (!footer) return data;
  // A TZ string this evaluator does not understand: fall back to the listed transitions.
  auto tail = PosixRule::parse(*footer);
  if (!tail) return data;
  // The last listed transition: the start of the period the library reports for the far future.
  const auto last = zone->get_info(date::sys_seconds{std::chrono::seconds{max_instant}});
  const int64_t from =
      std::clamp<int64_t>(last.begin.time_since_epoch().count(), min_instant, max_instant);
  // The footer must agree with the file where they meet; if not, trust the file alone.
  if (tail->offset_at(from) == library_offset(*zone, from)) {
    data->tail = tail;
    data->tail_from = from;
  }
  return data;
}

}  // namespace

Result<TimeZone> TimeZone::locate(const std::string& iana_name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<ZoneData>> loaded;  // never erased: stable pointers
  try {
    const date::time_zone* zone = date::locate_zone(iana_name);
    if (zone == nullptr) throw std::runtime_error("not found");
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = loaded[zone->name()];
    if (!slot) slot = load_zone(zone);
    TimeZone tz;
    tz.name_ = iana_name;
    tz.zone_ = slot.get();
    return tz;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kNotFound,
                      "unknown time zone '" + iana_name + "' (" + e.what() + ")");
  } catch (...) {
    return make_error(ErrorCode::kNotFound, "unknown time zone '" + iana_name + "'");
  }
}

int32_t TimeZone::offset_at(int64_t utc_seconds) const {
  const auto* data = static_cast<const ZoneData*>(zone_);
  if (data == nullptr) return 0;  // a default-constructed TimeZone is UTC
  const int64_t t = std::clamp(utc_seconds, min_instant, max_instant);
  if (data->tail && t >= data->tail_from) {
    return data->tail->offset_at(t);
  }
  return library_offset(*data->zone, t);
}

DateTime TimeZone::to_local(int64_t utc_seconds) const {
  return DateTime{utc_seconds, offset_at(utc_seconds)};
}

int64_t TimeZone::start_of_day(Days d) const {
  const int64_t midnight = int64_t{d} * seconds_per_day;  // local midnight, as local seconds
  // Offsets that can be in force around that midnight (at most one transition is assumed within
  // a day either side, which holds for every zone in the tz database).
  const int32_t candidates[] = {offset_at(midnight - seconds_per_day), offset_at(midnight),
                                offset_at(midnight + seconds_per_day)};
  const int32_t lowest = std::min({candidates[0], candidates[1], candidates[2]});
  const int32_t highest = std::max({candidates[0], candidates[1], candidates[2]});
  if (lowest == highest && offset_at(midnight - lowest) == lowest) {
    return midnight - lowest;  // the usual case: no transition near this midnight
  }
  std::optional<int64_t> best;
  for (const int32_t offset : candidates) {
    const int64_t t = midnight - offset;
    // Valid when the zone really is at that offset then; the earliest valid one wins (midnight
    // repeated by a fall-back transition).
    if (offset_at(t) == offset && (!best || t < *best)) best = t;
  }
  if (best) return *best;
  // Midnight skipped by a spring-forward transition: the day starts at the transition, the first
  // instant whose local time is on day d. Search between the two offsets' readings of midnight.
  int64_t lo = midnight - highest;  // local time still before midnight here
  int64_t hi = midnight - lowest;   // and past it here
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (mid + offset_at(mid) >= midnight) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

}  // namespace writ::cal
