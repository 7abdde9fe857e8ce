#include "catalog/citation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace writ::catalog {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

struct Accepted {
  std::string_view text;
  std::string_view field;
  std::string_view code;
  std::string_view section;
  std::string_view subdivision;
  std::string_view canonical;
};

class AcceptedCitation : public ::testing::TestWithParam<Accepted> {};

TEST_P(AcceptedCitation, Normalizes) {
  const Accepted& a = GetParam();
  auto c = normalize_citation(a.text, a.field);
  ASSERT_TRUE(c.ok()) << a.text << " / " << a.field << ": " << c.error().message;
  EXPECT_EQ(c->code, a.code) << a.text;
  EXPECT_EQ(c->section, a.section) << a.text;
  EXPECT_EQ(c->subdivision, a.subdivision) << a.text;
  EXPECT_EQ(c->canonical(), a.canonical) << a.text;
  // The canonical form is a fixed point.
  auto again = normalize_citation(c->canonical());
  ASSERT_TRUE(again.ok()) << c->canonical();
  EXPECT_EQ(*again, *c);
}

INSTANTIATE_TEST_SUITE_P(
    ClerkSpellings, AcceptedCitation,
    ::testing::Values(
        Accepted{"PL 120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"P.L. § 120.05(2)", "", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"NY PL 120.05 02", "", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"PL 120.05 (2)", "", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"Penal Law §120.05 subd. 2", "", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"NYPL 120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"N.Y. Penal Law § 265.02(3)", "", "PL", "265.02", "3", "PL 265.02(3)"},
        Accepted{"PL 265.01-b", "", "PL", "265.01-b", "", "PL 265.01-b"},
        Accepted{"PL 265.01-B", "", "PL", "265.01-b", "", "PL 265.01-b"},
        Accepted{"pl 120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"PL 135.65(2)(b)", "", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"VTL 600", "", "VTL", "600", "", "VTL 600"},
        Accepted{"V.T.L. § 600(2)(a)", "", "VTL", "600", "2(a)", "VTL 600(2)(a)"},
        Accepted{"Vehicle and Traffic Law 600", "", "VTL", "600", "", "VTL 600"},
        Accepted{"PL 485.05", "", "PL", "485.05", "", "PL 485.05"},
        // Further spellings seen in records.
        Accepted{"  PL 120.05  ", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"PL120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"P. L. 120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"N.Y.P.L. 120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"NYS PL 120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"New York Penal Law section 120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"Penal 120.05", "", "PL", "120.05", "", "PL 120.05"},
        Accepted{"Penal Law § 130.65-a", "", "PL", "130.65-a", "", "PL 130.65-a"},
        Accepted{"PL 265.01\xE2\x80\x93"
                 "b",
                 "", "PL", "265.01-b", "", "PL 265.01-b"},
        Accepted{"PL\xC2\xA0"
                 "120.05\xC2\xA0(2)",
                 "", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"VTL 1192(2\xE2\x80\x91"
                 "a)",
                 "", "VTL", "1192", "2-a", "VTL 1192(2-a)"},
        Accepted{"PL 135.65 02B", "", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"PL 135.65 2(b)", "", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"PL 135.65 (2) (b)", "", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"PL 135.65 subd. 2, para. b", "", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"PL 135.65 subdivision 2 paragraph (b)", "", "PL", "135.65", "2(b)",
                 "PL 135.65(2)(b)"},
        Accepted{"PL 265.02(03)", "", "PL", "265.02", "3", "PL 265.02(3)"},
        Accepted{"PL 120.04-a(4)", "", "PL", "120.04-a", "4", "PL 120.04-a(4)"},
        Accepted{"PL 120.05(2)(b)(ii)", "", "PL", "120.05", "2(b)(ii)", "PL 120.05(2)(b)(ii)"},
        Accepted{"PL 120.05(2)(B)(II)", "", "PL", "120.05", "2(b)(ii)", "PL 120.05(2)(b)(ii)"},
        Accepted{"V&T 1192(3)", "", "VTL", "1192", "3", "VTL 1192(3)"},
        Accepted{"Veh. & Traf. Law § 600", "", "VTL", "600", "", "VTL 600"},
        Accepted{"VTL 1180(b)", "", "VTL", "1180", "b", "VTL 1180(b)"},
        Accepted{"VTL 1192(2-a)", "", "VTL", "1192", "2-a", "VTL 1192(2-a)"},
        Accepted{"CPL 1.20(15)", "", "CPL", "1.20", "15", "CPL 1.20(15)"},
        Accepted{"Criminal Procedure Law 720.10", "", "CPL", "720.10", "", "CPL 720.10"},
        Accepted{"FCA 301.2(1)", "", "FCA", "301.2", "1", "FCA 301.2(1)"},
        Accepted{"Family Court Act § 301.2", "", "FCA", "301.2", "", "FCA 301.2"},
        // Subdivision given in the separate field.
        Accepted{"PL 120.05", "2", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"PL 120.05", "02", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"PL 120.05", " (2) ", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"PL 135.65", "2(b)", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"PL 135.65", "(2)(b)", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"PL 135.65", "2b", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"VTL 1180", "b", "VTL", "1180", "b", "VTL 1180(b)"},
        // Text and field agree, or one is more specific than the other: the specific one wins.
        Accepted{"PL 120.05(2)", "2", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"PL 120.05 02", "2", "PL", "120.05", "2", "PL 120.05(2)"},
        Accepted{"PL 135.65(2)", "2(b)", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"},
        Accepted{"PL 135.65(2)(b)", "2", "PL", "135.65", "2(b)", "PL 135.65(2)(b)"}));

INSTANTIATE_TEST_SUITE_P(
    CaliforniaSpellings, AcceptedCitation,
    ::testing::Values(
        Accepted{"PC 245", "", "PC", "245", "", "PC 245"},
        Accepted{"P.C. § 245(a)(1)", "", "PC", "245", "a(1)", "PC 245(a)(1)"},
        Accepted{"Pen. Code § 261(a)(2)", "", "PC", "261", "a(2)", "PC 261(a)(2)"},
        Accepted{"Cal. Penal Code § 187", "", "PC", "187", "", "PC 187"},
        Accepted{"California Penal Code section 211", "", "PC", "211", "", "PC 211"},
        Accepted{"Penal Code 245", "", "PC", "245", "", "PC 245"},
        Accepted{"CA PC 459", "", "PC", "459", "", "PC 459"},
        Accepted{"PC 266a", "", "PC", "266a", "", "PC 266a"},
        Accepted{"PC 266A", "", "PC", "266a", "", "PC 266a"},
        Accepted{"PC 273ab", "", "PC", "273ab", "", "PC 273ab"},
        Accepted{"PC 288a(c)", "", "PC", "288a", "c", "PC 288a(c)"},
        Accepted{"PC 288a", "c", "PC", "288a", "c", "PC 288a(c)"},
        Accepted{"PC 12022.53(d)", "", "PC", "12022.53", "d", "PC 12022.53(d)"},
        Accepted{"PC 1192.7(c)(8)", "", "PC", "1192.7", "c(8)", "PC 1192.7(c)(8)"},
        Accepted{"VC 20001(c)", "", "VC", "20001", "c", "VC 20001(c)"},
        Accepted{"V.C. 23152", "", "VC", "23152", "", "VC 23152"},
        Accepted{"Veh. Code § 23153(a)", "", "VC", "23153", "a", "VC 23153(a)"},
        Accepted{"Cal. Vehicle Code 10851", "", "VC", "10851", "", "VC 10851"},
        Accepted{"CVC 23152(b)", "", "VC", "23152", "b", "VC 23152(b)"},
        Accepted{"HS 11350", "", "HS", "11350", "", "HS 11350"},
        Accepted{"H&S 11351.5", "", "HS", "11351.5", "", "HS 11351.5"},
        Accepted{"H & S Code § 11378", "", "HS", "11378", "", "HS 11378"},
        Accepted{"Health and Safety Code 11352(a)", "", "HS", "11352", "a", "HS 11352(a)"},
        Accepted{"Health & Saf. Code § 11370.1", "", "HS", "11370.1", "", "HS 11370.1"},
        Accepted{"HSC 11359", "", "HS", "11359", "", "HS 11359"}));

INSTANTIATE_TEST_SUITE_P(
    NewJerseySpellings, AcceptedCitation,
    ::testing::Values(
        Accepted{"N.J.S.A. 2C:11-3", "", "NJSA", "2C:11-3", "", "NJSA 2C:11-3"},
        Accepted{"N.J.S.A. 2C:11-3(a)(1)", "", "NJSA", "2C:11-3", "a(1)", "NJSA 2C:11-3(a)(1)"},
        Accepted{"NJSA 2C:12-1(b)", "", "NJSA", "2C:12-1", "b", "NJSA 2C:12-1(b)"},
        Accepted{"N.J.S.A. § 2C:12-1b", "", "NJSA", "2C:12-1", "b", "NJSA 2C:12-1(b)"},
        Accepted{"NJSA 2C:12-1b(1)", "", "NJSA", "2C:12-1", "b(1)", "NJSA 2C:12-1(b)(1)"},
        Accepted{"N.J. Stat. Ann. § 2C:14-2", "", "NJSA", "2C:14-2", "", "NJSA 2C:14-2"},
        Accepted{"N.J.S. 2C:39-4.1", "", "NJSA", "2C:39-4.1", "", "NJSA 2C:39-4.1"},
        Accepted{"njsa 2c:35-5", "", "NJSA", "2C:35-5", "", "NJSA 2C:35-5"},
        Accepted{"N.J.S.A. 2C:35-5.2", "", "NJSA", "2C:35-5.2", "", "NJSA 2C:35-5.2"},
        Accepted{"NJSA 39:4-50", "", "NJSA", "39:4-50", "", "NJSA 39:4-50"},
        Accepted{"N.J.S.A. 2C:12-1", "b", "NJSA", "2C:12-1", "b", "NJSA 2C:12-1(b)"},
        // Title 2C without a code, as New Jersey records write it.
        Accepted{"2C:12-1b", "", "NJSA", "2C:12-1", "b", "NJSA 2C:12-1(b)"},
        Accepted{"2C:11-3", "", "NJSA", "2C:11-3", "", "NJSA 2C:11-3"}));

struct Rejected {
  std::string_view text;
  std::string_view field;
  std::string_view message_part;  // the message must contain this
};

class RejectedCitation : public ::testing::TestWithParam<Rejected> {};

TEST_P(RejectedCitation, ExplainsWhy) {
  const Rejected& r = GetParam();
  auto c = normalize_citation(r.text, r.field);
  ASSERT_FALSE(c.ok()) << r.text << " -> " << c->canonical();
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(c.error().message, HasSubstr(std::string(r.message_part))) << r.text;
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, RejectedCitation,
    ::testing::Values(
        Rejected{"", "", "empty citation"}, Rejected{"   ", "", "empty citation"},
        Rejected{"120.05", "", "no code"}, Rejected{"§ 120.05", "", "no code"},
        Rejected{"120.05(2)", "", "no code"}, Rejected{"XYZ 120.05", "", "\"XYZ\""},
        Rejected{"XYZ 120.05", "", "known codes: PL"},
        Rejected{"Penal Lawz 120.05", "", "\"Penal Lawz\""},
        Rejected{"Penal Kode 120.05", "", "\"Penal Kode\""},
        // A state's prefix must name the code's state.
        Rejected{"Cal. Penal Law 120.05", "", "not understood"},
        Rejected{"NY PC 245", "", "not understood"},
        // California sections carry glued letters, New York's a "-letter" suffix.
        Rejected{"PL 266a", "", "\"266a\""}, Rejected{"PC 266abc", "", "\"266abc\""},
        Rejected{"PC 265.01-b", "", "\"265.01-b\""},
        // New Jersey sections are title:chapter-section.
        Rejected{"NJSA 2C", "", "title:chapter-section"},
        Rejected{"NJSA 2C:11", "", "title:chapter-section"},
        Rejected{"NJSA 2C:11-", "", "title:chapter-section"},
        Rejected{"NJSA 2C:11-3 xyz", "", "\"xyz\""}, Rejected{"N.J.S.A. 2C:11-3(a)", "b", "\"b\""},
        Rejected{"2C:11", "", "no code"}, Rejected{"39:4-50", "", "no code"},
        Rejected{"NY 120.05", "", "not understood"}, Rejected{"PL", "", "no section number"},
        Rejected{"Penal Law", "", "no section number"}, Rejected{"PL 120.05 foo", "", "\"foo\""},
        Rejected{"PL 120.05 b", "", "\"b\""}, Rejected{"PL 120.05(2", "", "unclosed"},
        Rejected{"PL 120.05()", "", "empty \"()\""}, Rejected{"PL 120.05(2x)", "", "\"(2x)\""},
        Rejected{"PL 120.05(foo)", "", "\"(foo)\""}, Rejected{"PL 120.05 00", "", "\"00\""},
        Rejected{"PL 120.05(0)", "", "\"0\""}, Rejected{"PL 120.05 subd.", "", "not understood"},
        Rejected{"PL 110/120.05", "", "\"110/120.05\""},
        Rejected{"PL 120.05.3", "", "\"120.05.3\""}, Rejected{"PL 120.05x", "", "\"120.05x\""},
        Rejected{"PL 265.01-bcd", "", "\"265.01-bcd\""},
        Rejected{"PL 120.05; PL 120.10", "", "not understood"},
        Rejected{"PL 120.05 PL 120.10", "", "not understood"},
        Rejected{"PL 120.05(12345)", "", "too long"},
        Rejected{"PL 120.05(1)(2)(3)(4)(5)(6)(7)", "", "too many parts"},
        // Separate subdivision field.
        Rejected{"PL 120.05", "bogus", "subdivision field"},
        Rejected{"PL 120.05", "(2", "subdivision field"},
        Rejected{"PL 120.05", "0", "subdivision field"},
        // Conflicts between text and field.
        Rejected{"PL 120.05(2)", "3",
                 "gives subdivision \"2\" but the subdivision field gives \"3\""},
        Rejected{"PL 120.05 02", "1", "but the subdivision field gives \"1\""},
        Rejected{"PL 135.65(2)(b)", "2(a)", "\"2(a)\""}, Rejected{"PL 265.02(2)", "20", "\"20\""}));

TEST(Citation, ConflictMessageNamesBoth) {
  auto c = normalize_citation("PL 120.05 02", "1");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.error().message,
              AllOf(HasSubstr("\"PL 120.05 02\""), HasSubstr("\"2\""), HasSubstr("\"1\"")));
}

TEST(Citation, TooLongInputIsRejected) {
  const std::string text = "PL 120.05 " + std::string(500, ' ') + "(2)";
  auto c = normalize_citation(text);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.error().message, HasSubstr("too long"));
}

TEST(Citation, NeverThrowsOnJunk) {
  const std::string_view junk[] = {"(",
                                   ")",
                                   "((((",
                                   "PL (",
                                   "PL )",
                                   "PL 1(",
                                   "PL 1)",
                                   "PL 1-",
                                   "PL 1--a",
                                   "PL -1",
                                   "PL 1.",
                                   "PL .1",
                                   "\xC2",
                                   "\xC2\xA7",
                                   "PL 1 \xC2\xA7",
                                   "PL \xE2\x80",
                                   "PL 1\xE2\x80",
                                   std::string_view("PL 1\0 2", 7),
                                   "PL 1 subd subd subd",
                                   "#",
                                   ",,,",
                                   "PL 999999999999999",
                                   "PL 1(a)(b)(c)(d)(e)(f)(g)(h)",
                                   "PL 1 2 3 4 5 6 7 8 9"};
  for (std::string_view j : junk) {
    EXPECT_NO_THROW({
      auto c = normalize_citation(j);
      if (c.ok()) {
        EXPECT_FALSE(c->canonical().empty());
      }
      auto f = normalize_citation("PL 120.05", j);
      (void)f.ok();
    }) << j;
  }
}

TEST(Citation, SectionKeyDropsSubdivision) {
  Citation c{"PL", "135.65", "2(b)"};
  EXPECT_EQ(c.section_key(), "PL 135.65");
  EXPECT_EQ(c.canonical(), "PL 135.65(2)(b)");
  Citation d{"PL", "120.05", ""};
  EXPECT_EQ(d.canonical(), "PL 120.05");
}

TEST(Subdivision, Normalizes) {
  EXPECT_EQ(*normalize_subdivision(""), "");
  EXPECT_EQ(*normalize_subdivision("  "), "");
  EXPECT_EQ(*normalize_subdivision("02"), "2");
  EXPECT_EQ(*normalize_subdivision("(2)(b)"), "2(b)");
  EXPECT_EQ(*normalize_subdivision("2(b)"), "2(b)");
  EXPECT_EQ(*normalize_subdivision("subd. 4, para. a"), "4(a)");
  EXPECT_EQ(*normalize_subdivision("2-A"), "2-a");
  EXPECT_FALSE(normalize_subdivision("foo").ok());
  EXPECT_FALSE(normalize_subdivision("2(").ok());
}

TEST(Subdivision, IsNormalized) {
  for (std::string_view s : {"", "2", "2(b)", "2(b)(ii)", "2-a", "2-a(iv)", "b", "1180"}) {
    EXPECT_TRUE(is_normalized_subdivision(s)) << s;
    auto n = normalize_subdivision(s);
    ASSERT_TRUE(n.ok()) << s;
    EXPECT_EQ(*n, s);
  }
  for (std::string_view s : {"02", "(2)", "2(B)", "2 (b)", "2b", "2(b", "2()", "0", "foo", "2-",
                             "2-abc", "12345", "2(b)(c)(d)(e)(f)(g)", " 2"}) {
    EXPECT_FALSE(is_normalized_subdivision(s)) << s;
  }
}

TEST(Subdivision, Within) {
  EXPECT_TRUE(subdivision_within("4", "4"));
  EXPECT_TRUE(subdivision_within("4(a)", "4"));
  EXPECT_TRUE(subdivision_within("2(b)(ii)", "2(b)"));
  EXPECT_FALSE(subdivision_within("2", "2(b)"));
  EXPECT_FALSE(subdivision_within("20", "2"));
  EXPECT_FALSE(subdivision_within("2-a", "2"));
  EXPECT_FALSE(subdivision_within("1", "2(b)"));
  EXPECT_FALSE(subdivision_within("", "2"));
  EXPECT_FALSE(subdivision_within("2", ""));
}

}  // namespace
}  // namespace writ::catalog
