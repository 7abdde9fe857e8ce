// Citation normalization. Everything here returns errors as values; nothing throws except
// std::bad_alloc from the standard library.
#include "catalog/citation.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace writ::catalog {
namespace {

constexpr std::size_t max_citation_length = 200;
constexpr std::size_t max_section_length = 24;
constexpr std::size_t max_subdivision_components = 6;
constexpr std::size_t max_number_digits = 4;
constexpr std::string_view section_sign = "\xC2\xA7";  // "§" in UTF-8

// Characters that text copied from documents carries, mapped to their ASCII meaning.
struct Lookalike {
  std::string_view utf8;
  char ascii;
};
constexpr std::array lookalikes = {
    Lookalike{"\xC2\xA0", ' '},      // no-break space
    Lookalike{"\xE2\x80\x89", ' '},  // thin space
    Lookalike{"\xE2\x80\xAF", ' '},  // narrow no-break space
    Lookalike{"\xE2\x80\x90", '-'},  // hyphen
    Lookalike{"\xE2\x80\x91", '-'},  // non-breaking hyphen
    Lookalike{"\xE2\x80\x93", '-'},  // en dash
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
char to_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}
char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string ascii_lookalikes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    bool replaced = false;
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
      for (const Lookalike& l : lookalikes) {
        if (s.substr(i).starts_with(l.utf8)) {
          out += l.ascii;
          i += l.utf8.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  out.append(s);
  out += '"';
  return out;
}

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message));
}

// ---- Codes -----------------------------------------------------------------------------------

// How a code writes its sections.
enum class SectionStyle {
  kNewYork,     // "120.05", "265.01-b": digits, ".digits", "-letter" suffix
  kCalifornia,  // "245", "11351.5", "266a", "273ab": digits, ".digits", glued letters
  kNewJersey,   // "2C:11-3", "2C:35-5.2": title ':' chapter '-' section; a glued letter after
                // it is the subsection ("2C:12-1b" = 2C:12-1(b))
};

enum class State { kNewYork, kCalifornia, kNewJersey };

struct CodeAlias {
  std::string_view words;  // upper case, '.' removed, '&' spelled AND, single spaces
  std::string_view code;
  State state;
};

// Matched against the words of the code part joined by single spaces, and (for abbreviations
// written with spaces or dots, "P. L.") against the words run together. "Penal" alone is New
// York's Penal Law; California's is "Penal Code" (the word "Code" is required).
constexpr std::array code_aliases = {
    CodeAlias{"PL", "PL", State::kNewYork},
    CodeAlias{"PENAL LAW", "PL", State::kNewYork},
    CodeAlias{"PENAL", "PL", State::kNewYork},
    CodeAlias{"PEN LAW", "PL", State::kNewYork},
    CodeAlias{"VTL", "VTL", State::kNewYork},
    CodeAlias{"VEHICLE AND TRAFFIC LAW", "VTL", State::kNewYork},
    CodeAlias{"VEHICLE AND TRAFFIC", "VTL", State::kNewYork},
    CodeAlias{"VEH AND TRAF LAW", "VTL", State::kNewYork},
    CodeAlias{"VEH AND TRAF", "VTL", State::kNewYork},
    CodeAlias{"V AND T LAW", "VTL", State::kNewYork},
    CodeAlias{"V AND T", "VTL", State::kNewYork},
    CodeAlias{"CPL", "CPL", State::kNewYork},
    CodeAlias{"CRIMINAL PROCEDURE LAW", "CPL", State::kNewYork},
    CodeAlias{"CRIM PROC LAW", "CPL", State::kNewYork},
    CodeAlias{"FCA", "FCA", State::kNewYork},
    CodeAlias{"FAMILY COURT ACT", "FCA", State::kNewYork},
    CodeAlias{"FAM CT ACT", "FCA", State::kNewYork},
    CodeAlias{"FAMILY CT ACT", "FCA", State::kNewYork},
    CodeAlias{"PC", "PC", State::kCalifornia},
    CodeAlias{"PENAL CODE", "PC", State::kCalifornia},
    CodeAlias{"PEN CODE", "PC", State::kCalifornia},
    CodeAlias{"CPC", "PC", State::kCalifornia},
    CodeAlias{"VC", "VC", State::kCalifornia},
    CodeAlias{"VEHICLE CODE", "VC", State::kCalifornia},
    CodeAlias{"VEH CODE", "VC", State::kCalifornia},
    CodeAlias{"CVC", "VC", State::kCalifornia},
    CodeAlias{"HS", "HS", State::kCalifornia},
    CodeAlias{"HSC", "HS", State::kCalifornia},
    CodeAlias{"H AND S", "HS", State::kCalifornia},
    CodeAlias{"H AND S CODE", "HS", State::kCalifornia},
    CodeAlias{"H AND SC", "HS", State::kCalifornia},
    CodeAlias{"HEALTH AND SAFETY CODE", "HS", State::kCalifornia},
    CodeAlias{"HEALTH AND SAF CODE", "HS", State::kCalifornia},
    CodeAlias{"HEALTH AND SAFETY", "HS", State::kCalifornia},
    CodeAlias{"NJSA", "NJSA", State::kNewJersey},
    CodeAlias{"NJS", "NJSA", State::kNewJersey},
    CodeAlias{"NJ STAT ANN", "NJSA", State::kNewJersey},
    CodeAlias{"NJ STAT", "NJSA", State::kNewJersey},
    CodeAlias{"NJ STATS ANN", "NJSA", State::kNewJersey},
};

constexpr std::string_view known_codes =
    "known codes: PL (Penal Law), VTL (Vehicle and Traffic Law), CPL (Criminal Procedure Law), "
    "FCA (Family Court Act) of New York; PC (Penal Code), VC (Vehicle Code), HS (Health and "
    "Safety Code) of California; NJSA (N.J.S.A.) of New Jersey";

const CodeAlias* find_alias(std::string_view words) {
  for (const CodeAlias& a : code_aliases) {
    if (a.words == words) return &a;
  }
  return nullptr;
}

SectionStyle style_of(std::string_view code) {
  if (code == "PC" || code == "VC" || code == "HS") return SectionStyle::kCalifornia;
  if (code == "NJSA") return SectionStyle::kNewJersey;
  return SectionStyle::kNewYork;
}

// Words of the code part: upper case, '.' dropped ("P.L." -> "PL"), '§', ',' and ':' as spaces,
// '&' as the word AND; "SECTION"/"SEC" dropped.
std::vector<std::string> code_words(std::string_view part) {
  std::string norm;
  norm.reserve(part.size() + 8);
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part.substr(i).starts_with(section_sign)) {
      norm += ' ';
      ++i;
      continue;
    }
    const char c = part[i];
    if (c == '.') continue;
    if (c == ',' || c == ':' || is_space(c)) {
      norm += ' ';
    } else if (c == '&') {
      norm += " AND ";
    } else {
      norm += to_upper(c);
    }
  }
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < norm.size()) {
    while (i < norm.size() && norm[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < norm.size() && norm[i] != ' ') ++i;
    if (i > start) {
      std::string w = norm.substr(start, i - start);
      if (w != "SECTION" && w != "SECTIONS" && w != "SEC" && w != "SECT") words.push_back(w);
    }
  }
  return words;
}

std::string join(const std::vector<std::string>& words, std::size_t from, std::string_view sep) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (i > from) out.append(sep);
    out += words[i];
  }
  return out;
}

// A state named before the code: "NY", "N.Y.", "New York [State]", "Cal.", "CA", "California".
// Sets `from` past it; returns whether there was one.
bool state_prefix(const std::vector<std::string>& words, std::size_t& from, State& state) {
  from = 0;
  if (words.empty()) return false;
  if (words[0] == "NY" || words[0] == "NYS") {
    from = 1;
    state = State::kNewYork;
  } else if (words.size() >= 2 && words[0] == "N" && words[1] == "Y") {
    from = 2;
    state = State::kNewYork;
  } else if (words.size() >= 2 && words[0] == "NEW" && words[1] == "YORK") {
    from = 2;
    if (words.size() >= 3 && words[2] == "STATE") from = 3;
    state = State::kNewYork;
  } else if (words[0] == "CAL" || words[0] == "CA" || words[0] == "CALIF" ||
             words[0] == "CALIFORNIA") {
    from = 1;
    state = State::kCalifornia;
  } else {
    return false;
  }
  return true;
}

// The canonical code for the code part of a citation, or empty when not understood. A state
// prefix must name the code's state ("Cal. Penal Law" is not understood).
std::string_view resolve_code(const std::vector<std::string>& words) {
  std::size_t from = 0;
  State prefixed{};
  const bool has_prefix = state_prefix(words, from, prefixed);
  auto accept = [&](const CodeAlias* a, std::size_t start) -> std::string_view {
    if (a == nullptr) return {};
    if (start > 0 && has_prefix && a->state != prefixed) return {};
    return a->code;
  };
  for (std::size_t start : {from, std::size_t{0}}) {
    if (start >= words.size()) continue;
    if (auto code = accept(find_alias(join(words, start, " ")), start); !code.empty()) {
      return code;
    }
    // Abbreviations written with spaces ("P L", "V T L", "N J S A") or glued to the prefix
    // ("NYPL").
    std::string glued = join(words, start, "");
    if (auto code = accept(find_alias(glued), start); !code.empty() && code == glued) return code;
    for (std::string_view prefix : {"NYS", "NY"}) {
      if (glued.size() > prefix.size() && std::string_view(glued).starts_with(prefix)) {
        std::string_view rest = std::string_view(glued).substr(prefix.size());
        const CodeAlias* a = find_alias(rest);
        if (a != nullptr && a->state == State::kNewYork && a->code == rest) return a->code;
      }
    }
  }
  return {};
}

// A New Jersey section at the start of `rest`: title digits with an optional letter ("2C"),
// ':', chapter digits with an optional letter, '-', section digits, optional ".digits". Returns
// its length (0 when `rest` does not start with one) and writes the normalized form.
std::size_t new_jersey_section(std::string_view rest, std::string& out) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < rest.size() && is_digit(rest[i])) ++i;
    return i > start;
  };
  out.clear();
  if (!digits()) return 0;
  if (i < rest.size() && is_alpha(rest[i])) ++i;
  out.append(rest.substr(0, i));
  for (char& c : out) c = to_upper(c);
  if (i >= rest.size() || rest[i] != ':') return 0;
  out += ':';
  ++i;
  std::size_t start = i;
  if (!digits()) return 0;
  if (i < rest.size() && is_alpha(rest[i]) && i + 1 < rest.size() && rest[i + 1] == '-') ++i;
  out += lower(rest.substr(start, i - start));
  if (i + 1 >= rest.size() || rest[i] != '-' || !is_digit(rest[i + 1])) return 0;
  ++i;
  start = i;
  digits();
  if (i + 1 < rest.size() && rest[i] == '.' && is_digit(rest[i + 1])) {
    ++i;
    digits();
  }
  out += '-';
  out.append(rest.substr(start, i - start));
  return i;
}

// Text without a code that is unmistakably a section of Title 2C of the New Jersey Statutes
// (the Code of Criminal Justice), as New Jersey records write it: "2C:12-1b".
bool bare_new_jersey_title_2c(std::string_view text) {
  std::string section;
  return (text.starts_with("2C:") || text.starts_with("2c:")) &&
         new_jersey_section(text, section) > 0;
}

// ---- Subdivisions ----------------------------------------------------------------------------

constexpr std::array subdivision_keywords = {
    std::string_view{"subd"},      std::string_view{"subdiv"},  std::string_view{"subdivision"},
    std::string_view{"sub"},       std::string_view{"para"},    std::string_view{"par"},
    std::string_view{"paragraph"}, std::string_view{"subpara"}, std::string_view{"subparagraph"},
    std::string_view{"cl"},        std::string_view{"clause"},
};

bool is_subdivision_keyword(std::string_view lowered) {
  for (std::string_view k : subdivision_keywords) {
    if (k == lowered) return true;
  }
  return false;
}

// A lettered component: one letter ("b") or a small roman numeral ("ii", "iv").
bool valid_letter_component(std::string_view lowered) {
  if (lowered.size() == 1) return true;
  if (lowered.size() > 5) return false;
  for (char c : lowered) {
    if (c != 'i' && c != 'v' && c != 'x') return false;
  }
  return true;
}

// A numbered component "02" -> "2", "1-a" -> "1-a"; an error message when malformed.
Result<std::string> number_component(std::string_view digits, std::string_view suffix) {
  std::size_t nz = 0;
  while (nz < digits.size() && digits[nz] == '0') ++nz;
  if (nz == digits.size()) {
    return invalid("subdivision " + in_quotes(digits) + " is not a number > 0");
  }
  if (digits.size() - nz > max_number_digits) {
    return invalid("subdivision number " + in_quotes(digits) + " is too long");
  }
  std::string out(digits.substr(nz));
  if (!suffix.empty()) {
    out += '-';
    out += lower(suffix);
  }
  return out;
}

// One component written inside parentheses: "2", "02", "b", "ii", "1-a".
Result<std::string> paren_component(std::string_view inner) {
  inner = trim(inner);
  if (inner.empty()) return invalid("empty \"()\" in subdivision");
  auto not_understood = [inner] {
    std::string m = "subdivision \"(";
    m.append(inner);
    m.append(")\" not understood");
    return invalid(std::move(m));
  };
  std::size_t i = 0;
  while (i < inner.size() && is_digit(inner[i])) ++i;
  if (i > 0) {
    std::string_view digits = inner.substr(0, i);
    std::string_view suffix;
    if (i < inner.size()) {
      if (inner[i] != '-' || i + 1 >= inner.size()) return not_understood();
      suffix = inner.substr(i + 1);
      if (suffix.size() > 2) return not_understood();
      for (char c : suffix) {
        if (!is_alpha(c)) return not_understood();
      }
    }
    return number_component(digits, suffix);
  }
  for (char c : inner) {
    if (!is_alpha(c)) return not_understood();
  }
  std::string l = lower(inner);
  if (!valid_letter_component(l)) return not_understood();
  return l;
}

// The components of a subdivision: "2(b)(ii)" -> {"2", "b", "ii"}. A bare letter ("b") may start
// it only when `letter_first` (a separate subdivision field); in citation text a lettered
// subdivision must be in parentheses ("VTL 1180(b)").
Result<std::vector<std::string>> subdivision_components(std::string_view s, bool letter_first) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_space(c) || c == ',') {
      ++i;
    } else if (c == '(') {
      const std::size_t close = s.find(')', i + 1);
      if (close == std::string_view::npos) {
        return invalid("unclosed \"(\" in subdivision " + in_quotes(trim(s.substr(i))));
      }
      auto comp = paren_component(s.substr(i + 1, close - i - 1));
      if (!comp) return comp.error();
      out.push_back(std::move(*comp));
      i = close + 1;
    } else if (is_digit(c)) {
      std::size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      std::string_view digits = s.substr(i, j - i);
      std::string_view suffix;
      if (j + 1 < s.size() && s[j] == '-' && is_alpha(s[j + 1])) {
        std::size_t k = j + 1;
        while (k < s.size() && is_alpha(s[k])) ++k;
        suffix = s.substr(j + 1, k - j - 1);
        if (suffix.size() > 2) return invalid(in_quotes(s.substr(i, k - i)) + " not understood");
        j = k;
      }
      auto comp = number_component(digits, suffix);
      if (!comp) return comp.error();
      out.push_back(std::move(*comp));
      i = j;
      // Letters glued to the number, as on rap sheets: "02B" = subdivision 2, paragraph b.
      if (suffix.empty() && i < s.size() && is_alpha(s[i])) {
        std::size_t k = i;
        while (k < s.size() && is_alpha(s[k])) ++k;
        std::string l = lower(s.substr(i, k - i));
        if (!valid_letter_component(l) ||
            (k < s.size() && !is_space(s[k]) && s[k] != ',' && s[k] != '(')) {
          return invalid(in_quotes(s.substr(i - digits.size(), k - i + digits.size())) +
                         " not understood");
        }
        out.push_back(std::move(l));
        i = k;
      }
    } else if (is_alpha(c)) {
      std::size_t j = i;
      while (j < s.size() && is_alpha(s[j])) ++j;
      std::string word = lower(s.substr(i, j - i));
      if (is_subdivision_keyword(word)) {
        i = j;
        if (i < s.size() && s[i] == '.') ++i;
        continue;
      }
      if ((out.empty() && !letter_first) || !valid_letter_component(word) ||
          (j < s.size() && s[j] != ' ' && s[j] != ',' && s[j] != '(')) {
        std::size_t end = j;
        while (end < s.size() && !is_space(s[end])) ++end;
        return invalid(in_quotes(s.substr(i, end - i)) + " not understood");
      }
      out.push_back(std::move(word));
      i = j;
    } else {
      return invalid(in_quotes(trim(s.substr(i))) + " not understood");
    }
    if (out.size() > max_subdivision_components) {
      return invalid("subdivision " + in_quotes(trim(s)) + " has too many parts");
    }
  }
  return out;
}

std::string join_subdivision(const std::vector<std::string>& comps) {
  std::string out;
  for (std::size_t i = 0; i < comps.size(); ++i) {
    if (i == 0) {
      out += comps[i];
    } else {
      out += '(';
      out += comps[i];
      out += ')';
    }
  }
  return out;
}

// Display form "(2)(b)" of a normalized subdivision "2(b)".
std::string display_subdivision(std::string_view sub) {
  if (sub.empty()) return {};
  const std::size_t paren = sub.find('(');
  std::string out = "(";
  out.append(sub.substr(0, paren));
  out += ')';
  if (paren != std::string_view::npos) out.append(sub.substr(paren));
  return out;
}

// Shared by normalize_subdivision and normalize_citation (see subdivision_components).
Result<std::string> subdivision_of(std::string_view text, bool letter_first) {
  text = trim(text);
  if (text.empty()) return std::string();
  if (text.size() > max_citation_length) return invalid("subdivision is too long");
  auto comps = subdivision_components(text, letter_first);
  if (!comps) return comps.error();
  if (comps->empty()) return invalid("subdivision " + in_quotes(text) + " not understood");
  return join_subdivision(*comps);
}

}  // namespace

std::string Citation::section_key() const {
  std::string out;
  out.reserve(code.size() + 1 + section.size());
  out += code;
  out += ' ';
  out += section;
  return out;
}

std::string Citation::canonical() const {
  return section_key() + display_subdivision(subdivision);
}

bool subdivision_within(std::string_view inner, std::string_view outer) {
  if (outer.empty() || !inner.starts_with(outer)) return false;
  return inner.size() == outer.size() || inner[outer.size()] == '(';
}

bool is_normalized_subdivision(std::string_view text) {
  std::size_t i = 0;
  std::size_t count = 0;
  // One component ending at `end`: a number without leading zeros and an optional "-x" suffix, or
  // a lower-case letter component.
  auto component = [&](std::size_t end) {
    const std::string_view c = text.substr(i, end - i);
    if (c.empty()) return false;
    if (is_digit(c[0])) {
      std::size_t d = 0;
      while (d < c.size() && is_digit(c[d])) ++d;
      if (c[0] == '0' || d > max_number_digits) return false;
      if (d == c.size()) return true;
      const std::string_view suffix = c.substr(d + 1);
      if (c[d] != '-' || suffix.empty() || suffix.size() > 2) return false;
      for (char ch : suffix) {
        if (ch < 'a' || ch > 'z') return false;
      }
      return true;
    }
    for (char ch : c) {
      if (ch < 'a' || ch > 'z') return false;
    }
    return valid_letter_component(c);
  };
  if (text.empty()) return true;
  std::size_t end = text.find('(');
  if (end == std::string_view::npos) end = text.size();
  if (!component(end)) return false;
  ++count;
  i = end;
  while (i < text.size()) {
    if (text[i] != '(') return false;
    ++i;
    const std::size_t close = text.find(')', i);
    if (close == std::string_view::npos || !component(close)) return false;
    if (++count > max_subdivision_components) return false;
    i = close + 1;
  }
  return true;
}

Result<std::string> normalize_subdivision(std::string_view text) {
  if (text.size() > max_citation_length) return invalid("subdivision is too long");
  return subdivision_of(ascii_lookalikes(text), /*letter_first=*/true);
}

Result<Citation> normalize_citation(std::string_view text, std::string_view subdivision) {
  if (trim(text).size() > max_citation_length) {
    return invalid("citation is too long (" + std::to_string(trim(text).size()) + " characters)");
  }
  const std::string cleaned = ascii_lookalikes(text);
  const std::string_view original = trim(cleaned);
  if (original.empty()) return invalid("empty citation");

  // The section starts at the first digit; everything before it names the code.
  std::size_t first_digit = 0;
  while (first_digit < original.size() && !is_digit(original[first_digit])) ++first_digit;
  if (first_digit == original.size()) {
    return invalid("no section number in citation " + in_quotes(original));
  }
  const std::string_view code_part = trim(original.substr(0, first_digit));
  std::vector<std::string> words = code_words(code_part);
  const bool bare_nj = words.empty() && bare_new_jersey_title_2c(original);
  if (words.empty() && !bare_nj) {
    return invalid("no code in citation " + in_quotes(original) +
                   ": write the law before the section, e.g. \"PL 120.05\"");
  }
  const std::string_view code = bare_nj ? std::string_view("NJSA") : resolve_code(words);
  if (code.empty()) {
    return invalid("code " + in_quotes(code_part) + " in citation " + in_quotes(original) +
                   " not understood (" + std::string(known_codes) + ")");
  }

  // Section: digits, optional ".digits" parts, optional "-letter(s)" suffix (New York) or glued
  // letters (California); New Jersey's "2C:11-3" form.
  const SectionStyle style = style_of(code);
  std::string_view rest = original.substr(first_digit);
  std::size_t i = 0;
  std::string section;
  // New Jersey: letters glued to the section start the subsection ("2C:12-1b(1)").
  bool letter_first = false;
  if (style == SectionStyle::kNewJersey) {
    i = new_jersey_section(rest, section);
    if (i == 0) {
      std::size_t end = 0;
      while (end < rest.size() && !is_space(rest[end]) && rest[end] != '(') ++end;
      return invalid("section " + in_quotes(rest.substr(0, end)) + " in citation " +
                     in_quotes(original) +
                     " not understood (N.J.S.A. sections are written title:chapter-section, "
                     "e.g. \"2C:11-3\")");
    }
    letter_first = true;
  } else {
    auto digits = [&] {
      const std::size_t start = i;
      while (i < rest.size() && is_digit(rest[i])) ++i;
      return i > start;
    };
    digits();
    if (i + 1 < rest.size() && rest[i] == '.' && is_digit(rest[i + 1])) {
      ++i;
      digits();
    }
    section.assign(rest.substr(0, i));
    if (style == SectionStyle::kNewYork && i + 1 < rest.size() && rest[i] == '-' &&
        is_alpha(rest[i + 1])) {
      std::size_t j = i + 1;
      while (j < rest.size() && is_alpha(rest[j])) ++j;
      if (j - (i + 1) > 2) {
        return invalid("section " + in_quotes(rest.substr(0, j)) + " in citation " +
                       in_quotes(original) + " not understood");
      }
      section += '-';
      section += lower(rest.substr(i + 1, j - i - 1));
      i = j;
    } else if (style == SectionStyle::kCalifornia && i < rest.size() && is_alpha(rest[i])) {
      std::size_t j = i;
      while (j < rest.size() && is_alpha(rest[j])) ++j;
      if (j - i > 2) {
        return invalid("section " + in_quotes(rest.substr(0, j)) + " in citation " +
                       in_quotes(original) + " not understood");
      }
      section += lower(rest.substr(i, j - i));
      i = j;
    }
  }
  if (section.size() > max_section_length) {
    return invalid("section number in citation " + in_quotes(original) + " is too long");
  }
  if (i < rest.size() && !is_space(rest[i]) && rest[i] != '(' && rest[i] != ',' &&
      !(letter_first && is_alpha(rest[i]))) {
    std::size_t end = i;
    while (end < rest.size() && !is_space(rest[end])) ++end;
    return invalid(in_quotes(rest.substr(0, end)) + " in citation " + in_quotes(original) +
                   " not understood as a section number");
  }

  auto from_text = subdivision_of(rest.substr(i), letter_first);
  if (!from_text) {
    return invalid(from_text.error().message + " in citation " + in_quotes(original));
  }
  auto from_field = normalize_subdivision(subdivision);
  if (!from_field) return invalid("subdivision field: " + from_field.error().message);

  Citation out;
  out.code = std::string(code);
  out.section = std::move(section);
  const std::string& a = *from_text;
  const std::string& b = *from_field;
  if (a.empty() || subdivision_within(b, a)) {
    out.subdivision = b;  // the field alone, or the field is as or more specific
  } else if (b.empty() || subdivision_within(a, b)) {
    out.subdivision = a;
  } else {
    return invalid("citation " + in_quotes(original) + " gives subdivision " + in_quotes(a) +
                   " but the subdivision field gives " + in_quotes(b));
  }
  return out;
}

}  // namespace writ::catalog
