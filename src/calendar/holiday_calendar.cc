// The .holidays format: UTF-8 text, one directive per line.
//
//   # A comment runs from '#' (outside a quoted string) to the end of the line.
//   calendar us-ny-gcl-24                       first directive, exactly once
//   title "New York public holidays"            at most once
//   source "N.Y. Gen. Constr. Law § 24"         any number: the law encoded
//   holiday "New Year's Day" fixed 01-01 sunday->monday
//   holiday "Dr. Martin Luther King, Jr. Day" nth 3 monday january from 1986
//   holiday "Memorial Day" last monday may
//   holiday "General Election Day" tuesday after nth 1 monday november
//   holiday "Veterans Day" nth 4 monday october from 1971 to 1977
//   day 2018-12-05 "National Day of Mourning for President George H. W. Bush"
//
// Tokens are separated by spaces or tabs; keywords, weekday and month names are lower case.
// A quoted string may contain \" and \\ and must close on its line. Blank lines are ignored.
//
//   calendar ID      ID: lower-case letters, digits, '.', '_' and '-', starting with a letter
//                    or digit.
//   holiday "NAME" DATE [from YEAR] [to YEAR] [sunday->monday] [saturday->friday]
//     DATE is one of
//       fixed MM-DD                 that day every year (02-29 only in leap years)
//       nth N WEEKDAY MONTH         the Nth (1..4) WEEKDAY of MONTH
//       last WEEKDAY MONTH          the last WEEKDAY of MONTH
//     optionally preceded by "WEEKDAY after", meaning the first such weekday strictly after the
//     date ("tuesday after nth 1 monday november": the Tuesday next after the first Monday).
//     MONTH is 1..12 or january..december; WEEKDAY is monday..sunday.
//     from/to: the first and last years (inclusive, 1..9999) the rule is in force, judged by
//     the year of the date before any shift; default: every year.
//     sunday->monday: when the date is a Sunday, the Monday after is a holiday too ("observed").
//     saturday->friday: when the date is a Saturday, the Friday before is a holiday too.
//     The options may come in any order, each at most once.
//   day YYYY-MM-DD "NAME"      a one-off holiday (a day appointed by proclamation).
//
// Errors are reported as "origin:line: message".
#include "calendar/holiday_calendar.h"

#include <array>
#include <fstream>
#include <optional>
#include <utility>

namespace writ::cal {

struct HolidayCalendar::Rule {
  enum class Kind { kFixed, kNth, kLast, kDay };
  Kind kind = Kind::kFixed;
  std::string name;
  unsigned month = 1;                     // kFixed, kNth, kLast
  unsigned day = 1;                       // kFixed
  unsigned nth = 1;                       // kNth: 1..4
  unsigned weekday = 1;                   // kNth, kLast: 0 = Sunday .. 6 = Saturday
  std::optional<unsigned> after_weekday;  // "WEEKDAY after ..."
  int from_year = 1;
  int to_year = 9999;
  bool sunday_to_monday = false;
  bool saturday_to_friday = false;
  Days date = 0;  // kDay

  // The date the rule gives in `year` (before any weekend shift); nullopt when none.
  std::optional<Days> nominal(int year) const {
    if (year < from_year || year > to_year) return std::nullopt;
    std::optional<Days> d;
    switch (kind) {
      case Kind::kFixed:
        d = days_from_ymd(year, month, day);
        break;
      case Kind::kNth: {
        const auto first = days_from_ymd(year, month, 1);
        if (!first) return std::nullopt;
        d = *first + static_cast<Days>((weekday + 7 - cal::weekday(*first)) % 7 + 7 * (nth - 1));
        break;
      }
      case Kind::kLast: {
        const auto last = days_from_ymd(year, month, days_in_month(year, month));
        if (!last) return std::nullopt;
        d = *last - static_cast<Days>((cal::weekday(*last) + 7 - weekday) % 7);
        break;
      }
      case Kind::kDay:
        return std::nullopt;
    }
    if (d && after_weekday) {
      *d += static_cast<Days>((*after_weekday + 6 - cal::weekday(*d)) % 7 + 1);
    }
    return d;
  }

  // The day the holiday is moved to when it falls on a weekend, if it moves.
  std::optional<Days> observed(Days nominal_day) const {
    const unsigned wd = cal::weekday(nominal_day);
    if (wd == 0 && sunday_to_monday) return nominal_day + 1;
    if (wd == 6 && saturday_to_friday) return nominal_day - 1;
    return std::nullopt;
  }
};

namespace {

constexpr std::array<std::string_view, 7> weekday_names = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 12> month_names = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr size_t max_file_bytes = 1 << 20;

struct Token {
  std::string text;
  bool quoted = false;
};

// Thrown only inside this file and caught in parse(): carries the message for "origin:line:".
struct ParseError {
  std::string message;
};

[[noreturn]] void fail(std::string message) {
  throw ParseError{std::move(message)};
}

std::string show(const Token& t) {
  return t.quoted ? "\"" + t.text + "\"" : "'" + t.text + "'";
}

std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '#') {
      break;
    } else if (c == '"') {
      Token t{{}, true};
      ++i;
      bool closed = false;
      while (i < line.size()) {
        const char q = line[i++];
        if (q == '"') {
          closed = true;
          break;
        }
        if (q == '\\') {
          if (i >= line.size() || (line[i] != '"' && line[i] != '\\')) {
            fail("only \\\" and \\\\ may follow a backslash in a quoted string");
          }
          t.text += line[i++];
        } else {
          t.text += q;
        }
      }
      if (!closed) fail("unterminated quoted string");
      if (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '#') {
        fail("a quoted string must be followed by a space");
      }
      tokens.push_back(std::move(t));
    } else {
      const size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '#' &&
             line[i] != '"') {
        ++i;
      }
      if (i < line.size() && line[i] == '"') fail("a quoted string must follow a space");
      tokens.push_back(Token{std::string(line.substr(start, i - start)), false});
    }
  }
  return tokens;
}

// Walks the tokens of one directive.
class Cursor {
 public:
  explicit Cursor(const std::vector<Token>& tokens) : tokens_(tokens) {}
  bool done() const { return pos_ >= tokens_.size(); }
  const Token* peek() const { return done() ? nullptr : &tokens_[pos_]; }
  const Token& next(std::string_view what) {
    if (done()) fail("expected " + std::string(what) + " at the end of the line");
    return tokens_[pos_++];
  }
  std::string word(std::string_view what) {
    const Token& t = next(what);
    if (t.quoted) fail("expected " + std::string(what) + ", got " + show(t));
    return t.text;
  }
  std::string quoted(std::string_view what) {
    const Token& t = next(what);
    if (!t.quoted) fail("expected " + std::string(what) + " in double quotes, got " + show(t));
    if (t.text.empty()) fail(std::string(what) + " must not be empty");
    return t.text;
  }
  void end() {
    if (!done()) fail("unexpected " + show(tokens_[pos_]));
  }

 private:
  const std::vector<Token>& tokens_;
  size_t pos_ = 0;
};

std::optional<unsigned> small_number(std::string_view s, size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  unsigned v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v;
}

unsigned parse_weekday(Cursor& cur) {
  const std::string w = cur.word("a weekday (monday .. sunday)");
  for (size_t i = 0; i < weekday_names.size(); ++i) {
    if (w == weekday_names[i]) return static_cast<unsigned>(i);
  }
  fail("unknown weekday '" + w + "' (expected monday .. sunday, in lower case)");
}

unsigned parse_month(Cursor& cur) {
  const std::string m = cur.word("a month (1..12 or january .. december)");
  for (size_t i = 0; i < month_names.size(); ++i) {
    if (m == month_names[i]) return static_cast<unsigned>(i + 1);
  }
  const auto n = small_number(m, 2);
  if (!n || *n < 1 || *n > 12) {
    fail("unknown month '" + m + "' (expected 1..12 or january .. december)");
  }
  return *n;
}

int parse_year(Cursor& cur, std::string_view keyword) {
  const std::string y = cur.word("a year after '" + std::string(keyword) + "'");
  const auto n = small_number(y, 4);
  if (!n || *n < 1) fail("'" + std::string(keyword) + "' needs a year 1..9999, got '" + y + "'");
  return static_cast<int>(*n);
}

bool is_weekday_name(const Token* t) {
  if (t == nullptr || t->quoted) return false;
  for (const auto w : weekday_names) {
    if (t->text == w) return true;
  }
  return false;
}

void parse_date_rule(Cursor& cur, HolidayCalendar::Rule& rule) {
  using Kind = HolidayCalendar::Rule::Kind;
  if (is_weekday_name(cur.peek())) {
    rule.after_weekday = parse_weekday(cur);
    const std::string after = cur.word("'after'");
    if (after != "after") fail("expected 'after' following the weekday, got '" + after + "'");
  }
  const std::string kind = cur.word("a date rule (fixed, nth or last)");
  if (kind == "fixed") {
    const std::string md = cur.word("a date MM-DD after 'fixed'");
    const auto m = md.size() == 5 && md[2] == '-' ? small_number(md.substr(0, 2), 2) : std::nullopt;
    const auto d = md.size() == 5 && md[2] == '-' ? small_number(md.substr(3, 2), 2) : std::nullopt;
    // 2000 is a leap year, so 02-29 is accepted (it occurs only in leap years).
    if (!m || !d || !days_from_ymd(2000, *m, *d)) {
      fail("'fixed' needs a date MM-DD that exists, got '" + md + "'");
    }
    rule.kind = Kind::kFixed;
    rule.month = *m;
    rule.day = *d;
  } else if (kind == "nth") {
    const std::string n = cur.word("a number 1..4 after 'nth'");
    const auto v = small_number(n, 1);
    if (!v || *v < 1 || *v > 4) fail("'nth' needs a number 1..4 (or use 'last'), got '" + n + "'");
    rule.kind = Kind::kNth;
    rule.nth = *v;
    rule.weekday = parse_weekday(cur);
    rule.month = parse_month(cur);
  } else if (kind == "last") {
    rule.kind = Kind::kLast;
    rule.weekday = parse_weekday(cur);
    rule.month = parse_month(cur);
  } else {
    fail("unknown date rule '" + kind + "' (expected fixed, nth or last)");
  }
}

void parse_options(Cursor& cur, HolidayCalendar::Rule& rule) {
  bool seen_from = false;
  bool seen_to = false;
  bool seen_sunday = false;
  bool seen_saturday = false;
  auto once = [](bool& seen, const std::string& option) {
    if (seen) fail("'" + option + "' given twice");
    seen = true;
  };
  while (!cur.done()) {
    const std::string option = cur.word("an option");
    if (option == "from") {
      once(seen_from, option);
      rule.from_year = parse_year(cur, option);
    } else if (option == "to") {
      once(seen_to, option);
      rule.to_year = parse_year(cur, option);
    } else if (option == "sunday->monday") {
      once(seen_sunday, option);
      rule.sunday_to_monday = true;
    } else if (option == "saturday->friday") {
      once(seen_saturday, option);
      rule.saturday_to_friday = true;
    } else {
      fail("unknown option '" + option +
           "' (expected from YEAR, to YEAR, sunday->monday or saturday->friday)");
    }
  }
  if (rule.from_year > rule.to_year) {
    fail("'from " + std::to_string(rule.from_year) + "' is after 'to " +
         std::to_string(rule.to_year) + "'");
  }
}

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.'))) return false;
  }
  return true;
}

}  // namespace

Result<HolidayCalendar> HolidayCalendar::parse(std::string_view text, std::string_view origin) {
  HolidayCalendar cal;
  bool have_calendar = false;
  bool have_title = false;
  size_t line_no = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  try {
    while (!text.empty() || line_no == 0) {
      const size_t eol = text.find('\n');
      std::string_view line = text.substr(0, eol);
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const std::vector<Token> tokens = tokenize(line);
      if (tokens.empty()) continue;
      Cursor cur(tokens);
      const Token& head = cur.next("a directive");
      if (head.quoted) fail("expected a directive, got " + show(head));
      const std::string& directive = head.text;
      if (!have_calendar && directive != "calendar") {
        fail("the first directive must be 'calendar ID', got '" + directive + "'");
      }
      if (directive == "calendar") {
        if (have_calendar) fail("'calendar' given twice");
        cal.id_ = cur.word("a calendar id");
        if (!valid_id(cal.id_)) {
          fail("invalid calendar id '" + cal.id_ +
               "' (lower-case letters, digits, '-', '_' and '.')");
        }
        have_calendar = true;
      } else if (directive == "title") {
        if (have_title) fail("'title' given twice");
        cal.title_ = cur.quoted("the title");
        have_title = true;
      } else if (directive == "source") {
        cal.sources_.push_back(cur.quoted("the source"));
      } else if (directive == "holiday") {
        auto rule = std::make_shared<Rule>();
        rule->name = cur.quoted("the holiday's name");
        parse_date_rule(cur, *rule);
        parse_options(cur, *rule);
        cal.rules_.push_back(std::move(rule));
      } else if (directive == "day") {
        auto rule = std::make_shared<Rule>();
        rule->kind = Rule::Kind::kDay;
        const std::string date = cur.word("a date YYYY-MM-DD");
        const auto d = parse_date(date);
        if (!d) fail("'day' needs a date YYYY-MM-DD that exists, got '" + date + "'");
        rule->date = *d;
        rule->name = cur.quoted("the day's name");
        cal.rules_.push_back(std::move(rule));
      } else {
        fail("unknown directive '" + directive + "' (expected calendar, title, source, holiday" +
             " or day)");
      }
      cur.end();
    }
    if (!have_calendar) {
      line_no = 1;
      fail("empty calendar: expected 'calendar ID'");
    }
  } catch (const ParseError& e) {
    return make_error(ErrorCode::kInvalidPolicy,
                      std::string(origin) + ":" + std::to_string(line_no) + ": " + e.message);
  }
  return cal;
}

Result<HolidayCalendar> HolidayCalendar::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kNotFound, path + ": cannot open holiday calendar");
  std::string text;
  text.resize(max_file_bytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return make_error(ErrorCode::kIo, path + ": read error");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > max_file_bytes) {
    return make_error(ErrorCode::kLimit, path + ": holiday calendar larger than 1 MiB");
  }
  return parse(text, path);
}

template <typename F>
bool HolidayCalendar::visit(Days d, F&& f) const {
  const Ymd ymd = ymd_from_days(d);
  // A rule's date for year y can fall in the next year: "WEEKDAY after" moves it up to 7 days
  // and a Sunday shift 1 more. A Saturday shift can move 1 January to the year before.
  const int first_year = (ymd.month == 1 && ymd.day <= 8) ? ymd.year - 1 : ymd.year;
  const int last_year = (ymd.month == 12 && ymd.day == 31) ? ymd.year + 1 : ymd.year;
  for (const auto& rule : rules_) {
    if (rule->kind == Rule::Kind::kDay) {
      if (rule->date == d && f(rule->name, false)) return true;
      continue;
    }
    for (int y = first_year; y <= last_year; ++y) {
      const auto nominal = rule->nominal(y);
      if (!nominal) continue;
      if (*nominal == d && f(rule->name, false)) return true;
      const auto observed = rule->observed(*nominal);
      if (observed && *observed == d && f(rule->name, true)) return true;
    }
  }
  return false;
}

std::vector<std::string> HolidayCalendar::holidays_on(Days d) const {
  std::vector<std::string> names;
  visit(d, [&](const std::string& name, bool observed) {
    names.push_back(observed ? name + " (observed)" : name);
    return false;
  });
  return names;
}

bool HolidayCalendar::is_holiday(Days d) const {
  return visit(d, [](const std::string&, bool) { return true; });
}

bool HolidayCalendar::is_excluded_day(Days d) const {
  const unsigned wd = weekday(d);
  return wd == 0 || wd == 6 || is_holiday(d);
}

}  // namespace writ::cal
