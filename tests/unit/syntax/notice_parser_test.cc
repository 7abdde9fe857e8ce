// The parser on `notice` declarations: every part, the bare `says`, several paragraphs, errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "syntax/parser.h"

namespace writ::syntax {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Parsed {
  SourceMap sources;
  Diagnostics diags;
  Module m;
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const auto& d : diags.sorted()) out.push_back(d.code);
    return out;
  }
};

std::unique_ptr<Parsed> parse(const std::string& code) {
  auto p = std::make_unique<Parsed>();
  uint32_t f = p->sources.add("t.writ.md", "```writ\n" + code + "\n```\n");
  p->m = parse_module(p->sources, f, p->diags);
  return p;
}

TEST(NoticeParser, TheSpecExampleWithTheBareSays) {
  auto p = parse(
      R"W(notice truth_act_copy "Copy of the ICE request (TRUTH Act)" cite "Cal. Gov. Code § 7283.1(b)" says
  when request.kind == detainer or request.kind == notification or request.kind == transfer
  text "Upon receiving an ICE hold, the agency shall provide a copy."
       "A second paragraph, as another string literal."
rule r cite "c" hold = false)W");
  EXPECT_TRUE(p->codes().empty()) << render_all(p->diags, p->sources);
  ASSERT_EQ(p->m.notices.size(), 1u);
  const NoticeDecl& n = p->m.notices[0];
  EXPECT_EQ(n.id, "truth_act_copy");
  EXPECT_EQ(n.title, "Copy of the ICE request (TRUTH Act)");
  EXPECT_EQ(n.cite, "Cal. Gov. Code § 7283.1(b)");
  EXPECT_TRUE(n.says.empty());
  ASSERT_NE(n.when, kNoExpr);
  EXPECT_EQ(p->m.exprs[n.when].kind, ExprKind::kOr);
  EXPECT_THAT(n.text, ElementsAre("Upon receiving an ICE hold, the agency shall provide a copy.",
                                  "A second paragraph, as another string literal."));
  // The next declaration is parsed as a rule, not swallowed by the text.
  ASSERT_EQ(p->m.rules.size(), 1u);
  EXPECT_EQ(p->m.rules[0].label, "r");
}

TEST(NoticeParser, SinceUntilSaysWithTextAndNoCondition) {
  auto p = parse(R"W(notice n "Title"
  since 2020-01-01 until 2021-01-01
  cite "c"
  says "what it is for"
  text "One paragraph.")W");
  EXPECT_TRUE(p->codes().empty()) << render_all(p->diags, p->sources);
  ASSERT_EQ(p->m.notices.size(), 1u);
  const NoticeDecl& n = p->m.notices[0];
  EXPECT_EQ(n.in_force.since, "2020-01-01");
  EXPECT_EQ(n.in_force.until, "2021-01-01");
  EXPECT_EQ(n.when, kNoExpr);
  ASSERT_EQ(n.says.size(), 1u);
  EXPECT_EQ(n.says[0].text, "what it is for");
  EXPECT_THAT(n.text, ElementsAre("One paragraph."));
}

TEST(NoticeParser, MissingTextIsE0112AndParsingGoesOn) {
  auto p = parse(R"W(notice n "Title" cite "c" when true
rule r cite "c" hold = false)W");
  EXPECT_THAT(p->codes(), ElementsAre("E0112"));
  EXPECT_TRUE(p->m.notices.empty());
  EXPECT_EQ(p->m.rules.size(), 1u);
}

TEST(NoticeParser, TextWithoutAStringIsE0112) {
  auto p = parse(R"W(notice n "Title" cite "c" text 42)W");
  EXPECT_THAT(p->codes(), ElementsAre("E0112"));
}

TEST(NoticeParser, TitleIsRequired) {
  auto p = parse(R"W(notice n cite "c" text "x")W");
  ASSERT_EQ(p->codes().size(), 1u);
  EXPECT_EQ(p->codes()[0], "E0102");
  EXPECT_THAT(render_all(p->diags, p->sources), HasSubstr("the notice's title"));
}

TEST(NoticeParser, NoticeIsReservedAndEndsARule) {
  auto p = parse(R"W(rule r cite "c" hold = false
notice n "T" cite "c" text "x")W");
  EXPECT_TRUE(p->codes().empty()) << render_all(p->diags, p->sources);
  EXPECT_EQ(p->m.rules.size(), 1u);
  EXPECT_EQ(p->m.notices.size(), 1u);
  auto q = parse(R"W(def notice : bool = true)W");
  ASSERT_FALSE(q->codes().empty());
  EXPECT_EQ(q->codes()[0], "E0102");
  EXPECT_TRUE(q->m.defs.empty());
}

}  // namespace
}  // namespace writ::syntax
