#include "catalog/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/csv.h"

// Counts heap allocations, to check that Catalog::listed does not allocate. (GCC flags free() in a
// replacement operator delete as a new/free mismatch when it inlines both; they do match here.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace writ::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view nyc_source = "NYC Admin. Code § 9-131(a)(7)(i); § 14-154(a)(6)(i)";
constexpr std::string_view header =
    "code,section,subdivisions,name,class,lists,source,verified,note\n";

const Catalog& bundled() {
  static const Catalog* catalog = [] {
    auto loaded = Catalog::load_dir(std::string(WRIT_SOURCE_DIR) + "/catalogs");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.error().message;
      return new Catalog();
    }
    return new Catalog(std::move(*loaded));
  }();
  return *catalog;
}

Citation cite(std::string_view text, std::string_view field = {}) {
  auto c = normalize_citation(text, field);
  EXPECT_TRUE(c.ok()) << text << ": " << (c.ok() ? "" : c.error().message);
  return c.ok() ? *c : Citation{};
}

Listed vsc(std::string_view text) {
  return bundled().listed("nyc-vsc", cite(text));
}

// ---- The bundled New York catalogs -------------------------------------------------------------

TEST(BundledCatalog, Loads) {
  auto loaded = Catalog::load_dir(std::string(WRIT_SOURCE_DIR) + "/catalogs");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(loaded->has_list("nyc-vsc"));
  EXPECT_TRUE(loaded->has_list("nyc-vsc-hate"));
  EXPECT_TRUE(loaded->has_list("nyc-vsc-vtl600"));
  EXPECT_FALSE(loaded->has_list("nyc-VSC"));
  EXPECT_FALSE(loaded->has_list(""));
}

TEST(BundledCatalog, NycListHasExactly154PenalLawSections) {
  std::set<std::string> sections;
  int rows = 0;
  for (const Entry& e : bundled().entries()) {
    if (std::find(e.lists.begin(), e.lists.end(), "nyc-vsc") == e.lists.end()) continue;
    ++rows;
    EXPECT_EQ(e.citation.code, "PL") << e.origin;
    EXPECT_EQ(e.source, nyc_source) << e.origin;
    EXPECT_FALSE(e.name.empty()) << e.origin;
    EXPECT_FALSE(e.offense_class.empty()) << e.origin;
    sections.insert(e.citation.section_key());
  }
  EXPECT_EQ(rows, 154);
  EXPECT_EQ(sections.size(), 154u);
  // First and last of the list, and the hyphenated sections.
  for (std::string_view s :
       {"PL 120.01", "PL 490.55", "PL 120.04-a", "PL 130.65-a", "PL 265.01-a", "PL 265.01-b"}) {
    EXPECT_EQ(sections.count(std::string(s)), 1u) << s;
  }
  // Not on the 154 list: the hate crime section and the attempt sections.
  EXPECT_EQ(sections.count("PL 485.05"), 0u);
  EXPECT_EQ(sections.count("PL 110.00"), 0u);
}

// The New York rows (catalogs/us-ny/); other states' catalogs have their own conventions.
bool new_york(const Entry& e) { return e.origin.find("us-ny") != std::string::npos; }

TEST(BundledCatalog, SubdivisionRestrictionsAreExactlyTheSix) {
  std::vector<std::string> restricted;
  for (const Entry& e : bundled().entries()) {
    if (e.subdivisions.empty() || !new_york(e)) continue;
    std::string s = e.citation.section_key() + ":";
    for (const std::string& d : e.subdivisions) s += " " + d;
    restricted.push_back(s);
  }
  EXPECT_THAT(restricted, ElementsAre("PL 120.04-a: 4", "PL 135.65: 2(b)", "PL 230.25: 2",
                                      "PL 265.02: 2 3 4 5 6 7 8", "PL 265.35: 2", "PL 405.16: 1"));
}

TEST(BundledCatalog, VerificationMarks) {
  int unverified = 0;
  int vsc_verified = 0;
  for (const Entry& e : bundled().entries()) {
    if (!e.verified) {
      // Every catalog: an unverified row says what is unverified.
      EXPECT_THAT(e.note, HasSubstr("UNVERIFIED")) << e.origin;
    }
    if (!new_york(e)) continue;
    if (e.verified && std::find(e.lists.begin(), e.lists.end(), "nyc-vsc") != e.lists.end()) {
      ++vsc_verified;
    }
    if (e.verified) {
      EXPECT_THAT(e.note, Not(HasSubstr("UNVERIFIED"))) << e.origin;
    } else {
      ++unverified;
      EXPECT_THAT(e.note, HasSubstr("UNVERIFIED")) << e.origin;
    }
  }
  EXPECT_GT(unverified, 0);
  // 42 of the 154: class marked "*" and name "V", with no other UNVERIFIED remark.
  EXPECT_EQ(vsc_verified, 42);
  // "*" class and "V" name: verified.
  auto assault2 = bundled().lookup(cite("PL 120.05"));
  ASSERT_NE(assault2.entry, nullptr);
  EXPECT_TRUE(assault2.entry->verified);
  EXPECT_EQ(assault2.entry->name, "assault in the second degree");
  EXPECT_EQ(assault2.entry->offense_class, "D");
  // Class without "*": unverified.
  auto kidnapping1 = bundled().lookup(cite("PL 135.25"));
  ASSERT_NE(kidnapping1.entry, nullptr);
  EXPECT_FALSE(kidnapping1.entry->verified);
  EXPECT_EQ(kidnapping1.entry->offense_class, "A-I");
  EXPECT_THAT(kidnapping1.entry->note, HasSubstr("class from memory (UNVERIFIED)"));
  // Name "M": unverified.
  auto weapons = bundled().lookup(cite("PL 265.10"));
  ASSERT_NE(weapons.entry, nullptr);
  EXPECT_FALSE(weapons.entry->verified);
  EXPECT_THAT(weapons.entry->note, HasSubstr("name from memory (UNVERIFIED)"));
  // "*" class but an UNVERIFIED remark about repeal: unverified, remark kept verbatim.
  auto csa3 = bundled().lookup(cite("PL 130.40"));
  ASSERT_NE(csa3.entry, nullptr);
  EXPECT_FALSE(csa3.entry->verified);
  EXPECT_THAT(csa3.entry->note, HasSubstr("appears repealed/merged into rape, 2024 - UNVERIFIED"));
}

TEST(BundledCatalog, HateCrimeAndVtl600HaveTheirOwnLists) {
  EXPECT_EQ(bundled().listed("nyc-vsc-hate", cite("PL 485.05")), Listed::kYes);
  EXPECT_EQ(bundled().listed("nyc-vsc", cite("PL 485.05")), Listed::kNo);
  EXPECT_EQ(bundled().listed("nyc-vsc-vtl600", cite("VTL 600")), Listed::kYes);
  EXPECT_EQ(bundled().listed("nyc-vsc-vtl600", cite("VTL 600(2)(a)")), Listed::kYes);
  EXPECT_EQ(bundled().listed("nyc-vsc", cite("VTL 600")), Listed::kNo);
  EXPECT_EQ(bundled().listed("nyc-vsc-vtl600", cite("PL 120.05")), Listed::kNo);
  EXPECT_EQ(bundled().listed("nyc-vsc-hate", cite("PL 120.05")), Listed::kNo);
}

// ---- The six subdivision restrictions -----------------------------------------------------------

TEST(Restriction, AggravatedVehicularAssaultSubdivision4) {
  EXPECT_EQ(vsc("PL 120.04-a(4)"), Listed::kYes);
  EXPECT_EQ(vsc("PL 120.04-a(4)(a)"), Listed::kYes);
  EXPECT_EQ(vsc("PL 120.04-a(1)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 120.04-a(40)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 120.04-a"), Listed::kUnknown);
}

TEST(Restriction, CoercionSubdivision2b) {
  EXPECT_EQ(vsc("PL 135.65(2)(b)"), Listed::kYes);
  EXPECT_EQ(vsc("PL 135.65 02B"), Listed::kYes);
  EXPECT_EQ(vsc("PL 135.65(2)(b)(i)"), Listed::kYes);
  EXPECT_EQ(vsc("PL 135.65(2)"), Listed::kUnknown);  // broader than the listed 2(b)
  EXPECT_EQ(vsc("PL 135.65"), Listed::kUnknown);
  EXPECT_EQ(vsc("PL 135.65(1)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 135.65(2)(a)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 135.65(3)"), Listed::kNo);
  EXPECT_EQ(bundled().listed("nyc-vsc", cite("PL 135.65", "2(b)")), Listed::kYes);
}

TEST(Restriction, PromotingProstitution3Subdivision2) {
  EXPECT_EQ(vsc("PL 230.25(2)"), Listed::kYes);
  EXPECT_EQ(vsc("PL 230.25 02"), Listed::kYes);
  EXPECT_EQ(vsc("PL 230.25(1)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 230.25"), Listed::kUnknown);
}

TEST(Restriction, WeaponPossession3Subdivisions2To8) {
  for (int d = 2; d <= 8; ++d) {
    EXPECT_EQ(vsc("PL 265.02(" + std::to_string(d) + ")"), Listed::kYes) << d;
  }
  EXPECT_EQ(vsc("PL 265.02(4)(a)"), Listed::kYes);  // nested inside 4
  EXPECT_EQ(vsc("PL 265.02 03"), Listed::kYes);
  EXPECT_EQ(vsc("PL 265.02(1)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 265.02(9)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 265.02(10)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 265.02"), Listed::kUnknown);
}

TEST(Restriction, ProhibitedUseOfWeaponsSubdivision2) {
  EXPECT_EQ(vsc("PL 265.35(2)"), Listed::kYes);
  EXPECT_EQ(vsc("PL 265.35(1)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 265.35(3)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 265.35"), Listed::kUnknown);
}

TEST(Restriction, IndoorPyrotechnicsSubdivision1) {
  EXPECT_EQ(vsc("PL 405.16(1)"), Listed::kYes);
  EXPECT_EQ(vsc("PL 405.16(2)"), Listed::kNo);
  EXPECT_EQ(vsc("PL 405.16"), Listed::kUnknown);
  EXPECT_EQ(vsc("PL 405.18"), Listed::kYes);  // the first degree is listed whole
}

TEST(Listing, UnrestrictedEntryWhateverTheSubdivision) {
  EXPECT_EQ(vsc("PL 120.05"), Listed::kYes);
  EXPECT_EQ(vsc("PL 120.05(2)"), Listed::kYes);
  EXPECT_EQ(vsc("PL 120.05(7)(b)"), Listed::kYes);
  EXPECT_EQ(vsc("P.L. § 265.01-B"), Listed::kYes);
  EXPECT_EQ(vsc("NY PL 160.15 04"), Listed::kYes);
}

TEST(Listing, SectionsNotOnTheList) {
  EXPECT_EQ(vsc("PL 999.99"), Listed::kNo);  // in no catalog
  EXPECT_EQ(vsc("PL 155.30"), Listed::kNo);  // in the catalog, on no list
  EXPECT_EQ(vsc("PL 120.00"), Listed::kNo);
  EXPECT_EQ(vsc("PL 265.01"), Listed::kNo);   // 265.01 is not 265.01-a or 265.01-b
  EXPECT_EQ(vsc("CPL 120.05"), Listed::kNo);  // same number, other code
  EXPECT_EQ(bundled().listed("no-such-list", cite("PL 120.05")), Listed::kNo);
  EXPECT_EQ(bundled().listed("nyc-vsc", Citation{}), Listed::kNo);
}

TEST(Listing, RawSubdivisionIsNormalizedFirst) {
  // Callers that set Citation::subdivision from a raw field get the same answers.
  auto with = [](std::string_view text, std::string sub) {
    Citation c = cite(text);
    c.subdivision = std::move(sub);
    return bundled().listed("nyc-vsc", c);
  };
  EXPECT_EQ(with("PL 230.25", "02"), Listed::kYes);
  EXPECT_EQ(with("PL 230.25", "01"), Listed::kNo);
  EXPECT_EQ(with("PL 135.65", "(2)(B)"), Listed::kYes);
  EXPECT_EQ(with("PL 135.65", "2"), Listed::kUnknown);
  EXPECT_EQ(with("PL 135.65", "garbage"), Listed::kUnknown);
  EXPECT_EQ(with("PL 120.05", "garbage"), Listed::kYes);  // unrestricted
}

TEST(Listing, PreResolvedListIndexGivesTheSameAnswers) {
  const auto list = bundled().list_index("nyc-vsc");
  ASSERT_TRUE(list.has_value());
  EXPECT_FALSE(bundled().list_index("no-such-list").has_value());
  for (std::string_view text : {"PL 120.05", "PL 135.65", "PL 135.65(2)(b)", "PL 135.65(1)",
                                "PL 999.99", "VTL 600", "PL 265.02(4)(a)"}) {
    const Citation c = cite(text);
    EXPECT_EQ(bundled().listed(*list, c), bundled().listed("nyc-vsc", c)) << text;
  }
}

TEST(Listing, DoesNotAllocate) {
  const Catalog& catalog = bundled();
  const auto list = catalog.list_index("nyc-vsc");
  ASSERT_TRUE(list.has_value());
  const std::vector<Citation> citations = {cite("PL 120.05"),       cite("PL 135.65(2)"),
                                           cite("PL 265.02(4)(a)"), cite("PL 999.99"),
                                           cite("VTL 600"),         cite("PL 405.16(2)")};
  const long before = allocations.load();
  int yes = 0;
  for (int round = 0; round < 100; ++round) {
    for (const Citation& c : citations) {
      yes += catalog.listed(*list, c) == Listed::kYes;
      yes += catalog.listed("nyc-vsc", c) == Listed::kYes;
      yes += catalog.listed("nyc-vsc-vtl600", c) == Listed::kYes;
    }
  }
  const long after = allocations.load();
  EXPECT_EQ(after - before, 0);
  EXPECT_EQ(yes, 100 * 5);
  // The counter works: a lookup that builds its result does allocate.
  EXPECT_FALSE(catalog.lookup(citations[0]).lists.empty());
  EXPECT_GT(allocations.load(), after);
}

// ---- Lookup -------------------------------------------------------------------------------------

TEST(Lookup, ByTextShowsNameAndLists) {
  auto r = bundled().lookup("P.L. § 120.05(2)");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->citation.canonical(), "PL 120.05(2)");
  ASSERT_NE(r->entry, nullptr);
  EXPECT_EQ(r->entry->name, "assault in the second degree");
  EXPECT_THAT(r->lists, ElementsAre("nyc-vsc"));
  EXPECT_THAT(r->unknown_lists, IsEmpty());
}

TEST(Lookup, RestrictedSectionWithoutSubdivisionIsUnknown) {
  auto r = bundled().lookup("PL 135.65(2)");
  ASSERT_TRUE(r.ok());
  ASSERT_NE(r->entry, nullptr);
  EXPECT_EQ(r->entry->name, "coercion in the first degree");
  EXPECT_THAT(r->entry->subdivisions, ElementsAre("2(b)"));
  EXPECT_THAT(r->lists, IsEmpty());
  EXPECT_THAT(r->unknown_lists, ElementsAre("nyc-vsc"));
  auto no = bundled().lookup("PL 135.65(1)");
  ASSERT_TRUE(no.ok());
  EXPECT_THAT(no->lists, IsEmpty());
  EXPECT_THAT(no->unknown_lists, IsEmpty());
}

TEST(Lookup, NonListedSectionsShowTheirNames) {
  const std::pair<std::string_view, std::string_view> expected[] = {
      {"PL 155.30", "grand larceny in the fourth degree"},
      {"PL 155.35", "grand larceny in the third degree"},
      {"PL 155.40", "grand larceny in the second degree"},
      {"PL 155.42", "grand larceny in the first degree"},
      {"PL 140.20", "burglary in the third degree"},
      {"PL 220.39", "criminal sale of a controlled substance in the third degree"},
      {"PL 220.16", "criminal possession of a controlled substance in the third degree"},
      {"PL 170.25", "criminal possession of a forged instrument in the second degree"},
      {"PL 265.01", "criminal possession of a weapon in the fourth degree"},
      {"PL 120.00", "assault in the third degree"},
  };
  for (const auto& [text, name] : expected) {
    auto r = bundled().lookup(text);
    ASSERT_TRUE(r.ok()) << text;
    ASSERT_NE(r->entry, nullptr) << text;
    EXPECT_EQ(r->entry->name, name);
    EXPECT_THAT(r->entry->lists, IsEmpty()) << text;
    EXPECT_FALSE(r->entry->verified) << text;
    EXPECT_THAT(r->lists, IsEmpty()) << text;
  }
}

TEST(Lookup, UnknownSectionAndBadText) {
  auto r = bundled().lookup("PL 999.99");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entry, nullptr);
  EXPECT_THAT(r->lists, IsEmpty());
  auto bad = bundled().lookup("120.05");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("no code"));
}

// ---- CSV reading and row validation
// ---------------------------------------------------------------

TEST(Csv, QuotedFieldsCommentsAndLineEndings) {
  const std::string text =
      "\xEF\xBB\xBF# comment\r\n"
      "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
      "\n"
      "  \n"
      "\"multi\nline\",,\"\"\n"
      "# another, with \"quotes\"\n"
      "last,row";
  auto rows = parse_csv(text, "t.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].line, 2u);
  EXPECT_THAT((*rows)[0].fields, ElementsAre("a", "b,c", "say \"hi\""));
  EXPECT_EQ((*rows)[1].line, 5u);
  EXPECT_THAT((*rows)[1].fields, ElementsAre("multi\nline", "", ""));
  EXPECT_EQ((*rows)[2].line, 8u);
  EXPECT_THAT((*rows)[2].fields, ElementsAre("last", "row"));
}

TEST(Csv, TrailingCommaGivesEmptyField) {
  auto rows = parse_csv("a,b,\n", "t.csv");
  ASSERT_TRUE(rows.ok());
  EXPECT_THAT(rows->front().fields, ElementsAre("a", "b", ""));
}

struct BadCsv {
  std::string_view name;
  std::string text;
  std::string_view message;  // full "file:line: ..." prefix expected, then a substring
};

std::string with_header(std::string_view rows) {
  return std::string(header) + std::string(rows);
}

class MalformedCatalog : public ::testing::TestWithParam<BadCsv> {};

TEST_P(MalformedCatalog, ReportsFileAndLine) {
  const BadCsv& b = GetParam();
  Catalog catalog;
  auto r = catalog.add_csv(b.text, "bad.csv");
  ASSERT_FALSE(r.ok()) << b.name;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidPolicy) << b.name;
  EXPECT_THAT(r.error().message, StartsWith(std::string(b.message))) << b.name;
  EXPECT_TRUE(catalog.entries().empty());
}

const std::string good_row = "PL,120.05,,assault in the second degree,D,nyc-vsc,src,yes,\n";

INSTANTIATE_TEST_SUITE_P(
    Rows, MalformedCatalog,
    ::testing::Values(
        BadCsv{"empty", "", "bad.csv:1: no header row"},
        BadCsv{"comments only", "# nothing\n", "bad.csv:1: no header row"},
        BadCsv{"unknown column",
               "code,section,subdivisions,name,klass,lists,source,verified,note\n",
               "bad.csv:1: unknown column \"klass\""},
        BadCsv{"missing column", "code,section,subdivisions,name,class,lists,source,verified\n",
               "bad.csv:1: missing column \"note\""},
        BadCsv{"duplicate column",
               "code,code,section,subdivisions,name,class,lists,source,verified,note\n",
               "bad.csv:1: duplicate column \"code\""},
        BadCsv{"too few fields", with_header(good_row + "PL,120.10,,assault,B,nyc-vsc,src,yes\n"),
               "bad.csv:3: expected 9 fields, found 8"},
        BadCsv{"too many fields", with_header("# c\n" + good_row + "PL,120.10,,x,B,l,,no,,extra\n"),
               "bad.csv:4: expected 9 fields, found 10"},
        BadCsv{"unterminated quote",
               with_header(good_row + "PL,120.10,,\"assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:3: quoted field is not closed"},
        BadCsv{"text after quote", with_header("PL,120.10,,\"assault\"x,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: unexpected text after the closing quote"},
        BadCsv{"quote in unquoted field", with_header("PL,120.10,,ass\"ault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: quote inside an unquoted field"},
        BadCsv{"line counted through quoted newlines",
               with_header("PL,120.10,,\"assault\nin the\nfirst degree\",B,nyc-vsc,src,yes,\n"
                           "PL,120.11,,x,B,nyc-vsc,src,maybe,\n"),
               "bad.csv:5: verified must be yes or no, not \"maybe\""},
        BadCsv{"unknown code", with_header("XX,120.10,,assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: code \"XX\""},
        BadCsv{"non-canonical code", with_header("Penal Law,120.10,,assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: code \"Penal Law\" is not canonical (write \"PL\")"},
        BadCsv{"empty section", with_header("PL,,,assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: empty section"},
        BadCsv{"bad section", with_header("PL,120.1x,,assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: \"120.1x\""},
        BadCsv{"section with subdivision",
               with_header("PL,120.10(2),,assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: section \"120.10(2)\" carries a subdivision"},
        BadCsv{"bad subdivision", with_header("PL,120.10,2;foo,assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: subdivisions: \"foo\" not understood"},
        BadCsv{"empty subdivision item", with_header("PL,120.10,2;;3,assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: empty item in subdivisions"},
        BadCsv{"overlapping subdivisions",
               with_header("PL,120.10,2;2(b),assault,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: subdivisions \"2\" and \"2(b)\" overlap"},
        BadCsv{"empty name", with_header("PL,120.10,,,B,nyc-vsc,src,yes,\n"),
               "bad.csv:2: empty name"},
        BadCsv{"bad list id", with_header("PL,120.10,,assault,B,NYC VSC,src,yes,\n"),
               "bad.csv:2: list id \"NYC VSC\" is not valid"},
        BadCsv{"list twice", with_header("PL,120.10,,assault,B,a;a,src,yes,\n"),
               "bad.csv:2: list \"a\" given twice"},
        BadCsv{"restriction without list", with_header("PL,120.10,2,assault,B,,src,yes,\n"),
               "bad.csv:2: subdivisions given but the section is on no list"},
        BadCsv{"verified empty", with_header("PL,120.10,,assault,B,a,src,,\n"),
               "bad.csv:2: verified must be yes or no"},
        BadCsv{"duplicate section", with_header(good_row + "# x\n" + good_row),
               "bad.csv:4: PL 120.05 is already on list nyc-vsc (at bad.csv:2)"},
        BadCsv{"duplicate unlisted section",
               with_header("PL,155.30,,gl4,E,,,no,\nPL,155.30,,gl4,E,,,no,\n"),
               "bad.csv:3: duplicate entry for PL 155.30 (first at bad.csv:2)"},
        BadCsv{"same section spelled differently",
               with_header("PL,265.01-b,,x,E,a,,no,\nPL,265.01-B,,x,E,a,,no,\n"),
               "bad.csv:3: PL 265.01-b is already on list a"}),
    [](const ::testing::TestParamInfo<BadCsv>& info) {
      std::string n;
      for (char c : info.param.name) n += (c == ' ' || c == '-') ? '_' : c;
      return n;
    });

TEST(AddCsv, FailureLeavesCatalogUnchanged) {
  Catalog catalog;
  ASSERT_TRUE(catalog.add_csv(with_header(good_row), "one.csv").ok());
  auto r = catalog.add_csv(with_header("PL,120.10,,a1,B,other,,no,\nPL,120.11,,x,B,other,,bad,\n"),
                           "two.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, StartsWith("two.csv:3: "));
  EXPECT_EQ(catalog.entries().size(), 1u);
  EXPECT_FALSE(catalog.has_list("other"));
  EXPECT_EQ(catalog.listed("other", cite("PL 120.10")), Listed::kNo);
}

TEST(AddCsv, DuplicateAcrossFiles) {
  Catalog catalog;
  ASSERT_TRUE(catalog.add_csv(with_header(good_row), "one.csv").ok());
  auto r = catalog.add_csv(with_header(good_row), "two.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "two.csv:2: PL 120.05 is already on list nyc-vsc (at one.csv:2)");
}

TEST(AddCsv, ColumnsInAnyOrderAndQuotedCells) {
  Catalog catalog;
  auto r = catalog.add_csv(
      "# comment\n"
      "name,code,section,lists,subdivisions,class,verified,source,note\n"
      "\"name, with comma\",PL,265.02, a-list ; b-list ,\"2; 3\",D,no,\"src \"\"q\"\"\",n\n",
      "order.csv");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(catalog.entries().size(), 1u);
  const Entry& e = catalog.entries()[0];
  EXPECT_EQ(e.name, "name, with comma");
  EXPECT_EQ(e.citation.canonical(), "PL 265.02");
  EXPECT_THAT(e.lists, ElementsAre("a-list", "b-list"));
  EXPECT_THAT(e.subdivisions, ElementsAre("2", "3"));
  EXPECT_EQ(e.source, "src \"q\"");
  EXPECT_EQ(e.origin, "order.csv:3");
  EXPECT_THAT(catalog.list_ids(), ElementsAre("a-list", "b-list"));
}

TEST(AddCsv, SameSectionOnDifferentListsWithDifferentRestrictions) {
  Catalog catalog;
  ASSERT_TRUE(catalog
                  .add_csv(with_header("PL,265.02,2;3,cpw3,D,narrow,,no,\n"
                                       "PL,265.02,,cpw3,D,wide;other,,no,\n"),
                           "multi.csv")
                  .ok());
  EXPECT_EQ(catalog.listed("narrow", cite("PL 265.02(1)")), Listed::kNo);
  EXPECT_EQ(catalog.listed("wide", cite("PL 265.02(1)")), Listed::kYes);
  EXPECT_EQ(catalog.listed("narrow", cite("PL 265.02")), Listed::kUnknown);
  EXPECT_EQ(catalog.listed("other", cite("PL 265.02")), Listed::kYes);
  auto r = catalog.lookup(cite("PL 265.02"));
  EXPECT_THAT(r.lists, ElementsAre("wide", "other"));
  EXPECT_THAT(r.unknown_lists, ElementsAre("narrow"));
}

TEST(AddCsv, SubdivisionRestrictionSemantics) {
  Catalog catalog;
  ASSERT_TRUE(catalog.add_csv(with_header("PL,1.00,2(b);4,x,D,l,,no,\n"), "s.csv").ok());
  EXPECT_EQ(catalog.listed("l", cite("PL 1.00(2)(b)")), Listed::kYes);
  EXPECT_EQ(catalog.listed("l", cite("PL 1.00(4)")), Listed::kYes);
  EXPECT_EQ(catalog.listed("l", cite("PL 1.00(4)(c)(ii)")), Listed::kYes);
  EXPECT_EQ(catalog.listed("l", cite("PL 1.00(2)")), Listed::kUnknown);
  EXPECT_EQ(catalog.listed("l", cite("PL 1.00")), Listed::kUnknown);
  EXPECT_EQ(catalog.listed("l", cite("PL 1.00(2)(a)")), Listed::kNo);
  EXPECT_EQ(catalog.listed("l", cite("PL 1.00(1)")), Listed::kNo);
  EXPECT_EQ(catalog.listed("l", cite("PL 1.00(4-a)")), Listed::kNo);
}

// ---- Loading directories ------------------------------------------------------------------------

class TempDir {
 public:
  explicit TempDir(std::string_view name)
      : path_(std::filesystem::path(::testing::TempDir()) /
              ("writ_catalog_" + std::string(name) + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& rel, std::string_view text) const {
    const auto p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

 private:
  std::filesystem::path path_;
};

TEST(LoadDir, MissingDirectory) {
  auto r = Catalog::load_dir(std::string(WRIT_SOURCE_DIR) + "/no/such/catalogs");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST(LoadDir, DirectoryWithoutCsv) {
  TempDir dir("empty");
  dir.write("readme.txt", "not a catalog");
  auto r = Catalog::load_dir(dir.path().string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST(LoadDir, RecursiveSortedAndErrorsNameTheFile) {
  TempDir dir("nested");
  dir.write("b/second.csv", with_header("PL,120.10,,a1,B,l2,,no,\n"));
  dir.write("a/first.csv", with_header("PL,120.05,,a2,D,l1,,no,\n"));
  dir.write("a/notes.txt", "ignored");
  auto r = Catalog::load_dir(dir.path().string());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_THAT(r->list_ids(), ElementsAre("l1", "l2"));  // a/ before b/

  dir.write("b/third.csv", with_header("\n# x\nPL,120.11,,a3,B,l2,,perhaps,\n"));
  auto bad = Catalog::load_dir(dir.path().string());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, HasSubstr("third.csv:4: verified must be yes or no"));
}

}  // namespace
}  // namespace writ::catalog
