// The writ-case/1 decoder: every refusal names the field by JSON pointer, nothing crashes, and
// null / absent / [] mean unknown / unknown / known-none.
#include "cases/case_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <memory>
#include <string>

#include "engine/engine_impl.h"
#include "writ/engine.h"

namespace writ::cases {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class Decoder : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions opts;
    opts.home = WRIT_SOURCE_DIR;
    auto e = Engine::open(opts);
    ASSERT_TRUE(e) << e.error().message;
    engine_ = std::move(*e).release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  static const check::CheckedPolicy& policy() { return *engine_->impl().find("nyc-doc")->checked; }

  // A minimal valid case.
  static json base() {
    return {{"format", "writ-case/1"},
            {"id", "t1"},
            {"request", {{"kind", "detainer"}, {"presented_at", "2024-03-01T10:15:00-05:00"}}}};
  }
  static Result<std::unique_ptr<eval::CaseData>> decode(const std::string& text,
                                                       const DecodeLimits& limits = {}) {
    return decode_case(text, policy(), limits);
  }
  static Result<std::unique_ptr<eval::CaseData>> decode(const json& j) { return decode(j.dump()); }

  // The error of decoding `j`, as "pointer | message".
  static std::string error_of(const json& j) { return error_of(j.dump()); }
  static std::string error_of(const std::string& text, const DecodeLimits& limits = {}) {
    auto r = decode(text, limits);
    if (r) return "decoded";
    return r.error().pointer + " | " + r.error().message;
  }

  // The decoded value of an input (by name) of the root record.
  static const eval::Value& input(const eval::CaseData& c, const std::string& name) {
    const auto& p = policy();
    for (uint32_t i = 0; i < p.inputs.size(); ++i) {
      if (p.inputs[i].first == name) return c.root()->slots[i];
    }
    static eval::Value none;
    ADD_FAILURE() << "no input " << name;
    return none;
  }
  static const eval::Value& field(const eval::Value& rec, const std::string& name) {
    static eval::Value none;
    if (rec.kind != eval::VKind::kRecord) {
      ADD_FAILURE() << "not a record";
      return none;
    }
    int f = policy().schema.records[rec.rec->type].field_index(name);
    if (f < 0) {
      ADD_FAILURE() << "no field " << name;
      return none;
    }
    return rec.rec->slots[f];
  }

  static Engine* engine_;
};

Engine* Decoder::engine_ = nullptr;

TEST_F(Decoder, AMinimalCaseDecodes) {
  auto r = decode(base());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)->id, "t1");
  const eval::Value& req = input(**r, "request");
  ASSERT_EQ(req.kind, eval::VKind::kRecord);
  EXPECT_EQ(field(req, "kind").kind, eval::VKind::kEnum);
  EXPECT_EQ(field(req, "presented_at").kind, eval::VKind::kDateTime);
  EXPECT_EQ(field(req, "presented_at").dt.offset, -5 * 3600);
  EXPECT_EQ((*r)->path(req.rec->path), "request");
}

TEST_F(Decoder, TheSpecExampleCaseDecodes) {
  // The case of the writ-case/1 contract, written out here by hand.
  json c = json::parse(R"J({
    "format": "writ-case/1", "id": "DOC-2024-000123", "agency": "nyc-doc",
    "request": { "kind": "detainer", "form": "I-247A", "from": "ICE",
      "presented_at": "2024-03-01T10:15:00-05:00", "basis": ["final_order_of_removal"],
      "information_sought": ["release_date"],
      "documents": [
        { "type": "warrant", "issuer": "federal_magistrate_judge", "form": null,
          "offense_basis": "criminal", "names_subject": true, "authorizes_custody": true,
          "presented_at": "2024-03-01T10:15:00-05:00" },
        { "type": "removal_order", "signed_by": "immigration_judge" } ] },
    "subject": { "id": "P-8842",
      "convictions": [ { "jurisdiction": "US-NY", "statute": "PL 120.05", "subdivision": "2",
        "level": "felony", "class": "D", "inchoate": "none", "hate_crime": false,
        "offense_date": "2016-05-10", "conviction_date": "2016-11-30", "judgment_date": "2017-01-20",
        "disposition": "conviction", "equivalent_to": null, "predicate_felony": null,
        "reduced_to_misdemeanor": false, "aggravated_felony": null,
        "incarcerations": [ { "from": "2017-01-20", "to": "2019-03-01" } ] } ],
      "pending_charges": [ { "jurisdiction": "US-NJ", "statute": "2C:12-1b", "level": "indictable",
        "class": "2", "charged_on": "2024-02-27", "probable_cause_found": true } ],
      "watchlist_match": false, "prior_removal": true, "unlawful_reentry": true,
      "registrations": [], "final_removal_order": null },
    "custody": { "arrest_date": "2024-02-27", "release_eligible_at": "2024-03-02T14:00:00-05:00",
      "charges": [], "facility": "AMKC" },
    "records_check": { "source": "e-JusticeNY", "performed_at": "2024-03-01T11:00:00-05:00" }
  })J");
  auto r = decode(c);
  ASSERT_TRUE(r) << r.error().message;
  const eval::Value& subject = input(**r, "subject");
  const eval::Value& convictions = field(subject, "convictions");
  ASSERT_EQ(convictions.kind, eval::VKind::kList);
  ASSERT_EQ(convictions.list->size, 1u);
  EXPECT_EQ((*r)->path(convictions.list->path), "subject.convictions");
  const eval::Value& c0 = convictions.list->items[0];
  EXPECT_EQ((*r)->path(c0.rec->path), "subject.convictions[0]");
  const eval::Value& statute = field(c0, "statute");
  ASSERT_EQ(statute.kind, eval::VKind::kCitation);
  EXPECT_EQ(statute.cit->text, "PL 120.05");
  EXPECT_TRUE(statute.cit->parsed);
  const eval::Value& inc = field(c0, "incarcerations");
  ASSERT_EQ(inc.kind, eval::VKind::kList);
  EXPECT_EQ((*r)->path(inc.list->items[0].rec->path), "subject.convictions[0].incarcerations[0]");
  // And the whole thing decides.
  auto d = engine_->decide("nyc-doc", c.dump());
  ASSERT_TRUE(d) << d.error().message;
}

// ---------------------------------------------------------------- null, absent and []

TEST_F(Decoder, NullAbsentAndEmptyList) {
  json c = base();
  c["subject"] = {{"convictions", json::array()}, {"pending_charges", nullptr}, {"watchlist_match", nullptr}};
  auto r = decode(c);
  ASSERT_TRUE(r) << r.error().message;
  const eval::Value& subject = input(**r, "subject");
  // [] is a known, empty list.
  const eval::Value& conv = field(subject, "convictions");
  ASSERT_EQ(conv.kind, eval::VKind::kList);
  EXPECT_EQ(conv.list->size, 0u);
  // null is unknown.
  EXPECT_EQ(field(subject, "pending_charges").kind, eval::VKind::kUnknown);
  EXPECT_EQ(field(subject, "watchlist_match").kind, eval::VKind::kUnknown);
  // absent is unknown too.
  EXPECT_EQ(field(subject, "prior_removal").kind, eval::VKind::kUnknown);
  EXPECT_EQ(field(subject, "registrations").kind, eval::VKind::kUnknown);
  EXPECT_EQ(input(**r, "custody").kind, eval::VKind::kUnknown);
  // A null record is unknown; a null list element is an unknown element.
  c["subject"]["final_removal_order"] = nullptr;
  c["subject"]["registrations"] = {nullptr, "arson"};
  r = decode(c);
  ASSERT_TRUE(r) << r.error().message;
  const eval::Value& regs = field(input(**r, "subject"), "registrations");
  ASSERT_EQ(regs.kind, eval::VKind::kList);
  ASSERT_EQ(regs.list->size, 2u);
  EXPECT_EQ(regs.list->items[0].kind, eval::VKind::kUnknown);
  EXPECT_EQ(regs.list->items[1].kind, eval::VKind::kEnum);
}

TEST_F(Decoder, NullAbsentAndEmptyListDecideDifferently) {
  // A watchlist-only honor: convictions [] (none found) vs absent (no search).
  json c = base();
  c["request"]["documents"] = {{{"type", "warrant"}, {"issuer", "article_iii_judge"}, {"names_subject", true},
                                {"authorizes_custody", true}}};
  c["request"]["from"] = "ICE";
  c["subject"] = {{"watchlist_match", false}, {"convictions", json::array()}};
  auto d = engine_->decide("nyc-doc", c.dump());
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->outcome, "decline");
  c["subject"].erase("convictions");
  d = engine_->decide("nyc-doc", c.dump());
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->outcome, "review");
  ASSERT_FALSE(d->missing.empty());
  EXPECT_EQ(d->missing[0].fact, "subject.convictions");
  c["subject"]["convictions"] = nullptr;
  auto d2 = engine_->decide("nyc-doc", c.dump());
  ASSERT_TRUE(d2);
  EXPECT_EQ(to_json(*d2), to_json(*d));  // null is exactly absent
}

// ---------------------------------------------------------------- refusals

TEST_F(Decoder, InvalidJson) {
  for (const char* text : {"", "{", "{\"format\": }", "nul", "{\"a\": 1,}", "{'format': 1}", "\xff"}) {
    auto r = decode(std::string(text));
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput) << text;
    EXPECT_THAT(r.error().message, StartsWith("/: not valid JSON")) << text;
  }
}

TEST_F(Decoder, NotAnObject) {
  EXPECT_EQ(error_of(std::string("[]")), " | /: expected a JSON object, found a list");
  EXPECT_EQ(error_of(std::string("42")), " | /: expected a JSON object, found an integer");
  EXPECT_EQ(error_of(std::string("\"case\"")), " | /: expected a JSON object, found a string");
  EXPECT_EQ(error_of(std::string("null")), " | /: expected a JSON object, found null");
}

TEST_F(Decoder, FormatMissingOrWrong) {
  json c = base();
  c.erase("format");
  EXPECT_THAT(error_of(c), StartsWith("/format | /format: must be \"writ-case/1\""));
  c["format"] = "writ-case/2";
  EXPECT_THAT(error_of(c), StartsWith("/format | "));
  c["format"] = 1;
  EXPECT_THAT(error_of(c), StartsWith("/format | "));
  c["format"] = nullptr;
  EXPECT_THAT(error_of(c), StartsWith("/format | "));
}

TEST_F(Decoder, IdMissingEmptyOrNotAString) {
  json c = base();
  c.erase("id");
  EXPECT_EQ(error_of(c), "/id | /id: the case needs a non-empty string id");
  c["id"] = "";
  EXPECT_EQ(error_of(c), "/id | /id: the case needs a non-empty string id");
  c["id"] = 7;
  EXPECT_EQ(error_of(c), "/id | /id: the case needs a non-empty string id");
}

TEST_F(Decoder, WrongTypes) {
  json c = base();
  c["subject"] = {{"watchlist_match", "yes"}};
  EXPECT_EQ(error_of(c), "/subject/watchlist_match | /subject/watchlist_match: expected true or false, found a string");
  c = base();
  c["subject"] = {{"convictions", {{"statute", 120.05}}}};
  c["subject"]["convictions"] = json::array({{{"statute", 120.05}}});
  EXPECT_EQ(error_of(c),
            "/subject/convictions/0/statute | /subject/convictions/0/statute: expected a statute citation "
            "string, found a number");
  c = base();
  c["subject"] = "P-1";
  EXPECT_EQ(error_of(c), "/subject | /subject: expected an object, found a string");
  c = base();
  c["subject"] = {{"convictions", {{"x", 1}}}};
  EXPECT_EQ(error_of(c), "/subject/convictions | /subject/convictions: expected a list, found an object");
  c = base();
  c["custody"] = {{"arrest_date", 20240227}};
  EXPECT_EQ(error_of(c),
            "/custody/arrest_date | /custody/arrest_date: expected a date string (YYYY-MM-DD), found an integer");
  c = base();
  c["request"]["kind"] = true;
  EXPECT_THAT(error_of(c), StartsWith("/request/kind | /request/kind: expected one of detainer, notification"));
  c = base();
  c["id"] = "x";
  c["agency"] = 5;
  EXPECT_EQ(error_of(c), "/agency | /agency: expected a string, found an integer");
  c = base();
  c["subject"] = {{"convictions", json::array({{{"incarcerations", json::array({{{"from", 1.5}}})}}})}};
  EXPECT_EQ(error_of(c),
            "/subject/convictions/0/incarcerations/0/from | /subject/convictions/0/incarcerations/0/from: "
            "expected a date string (YYYY-MM-DD), found a number");
}

TEST_F(Decoder, ImpossibleDates) {
  json c = base();
  c["custody"] = {{"arrest_date", "2023-02-30"}};
  EXPECT_EQ(error_of(c),
            "/custody/arrest_date | /custody/arrest_date: '2023-02-30' is not a real date (expected YYYY-MM-DD)");
  for (const char* bad : {"2023-13-01", "2023-2-3", "23-02-03", "2023-02-03T00:00:00Z", "2023/02/03", "", "0000-01-01"}) {
    c["custody"]["arrest_date"] = bad;
    EXPECT_THAT(error_of(c), StartsWith("/custody/arrest_date | ")) << bad;
  }
  c["custody"]["arrest_date"] = "2024-02-29";
  EXPECT_EQ(error_of(c), "decoded");
}

TEST_F(Decoder, BadDateTimes) {
  json c = base();
  c["request"]["presented_at"] = "2024-03-01T10:15:00";
  EXPECT_THAT(error_of(c), StartsWith("/request/presented_at | /request/presented_at: '2024-03-01T10:15:00' is not "
                                      "a valid date-time"));
  EXPECT_THAT(error_of(c), HasSubstr("with its UTC offset"));
  for (const char* bad : {"2024-03-01", "2024-03-01 10:15:00-05:00", "2024-03-01T25:00:00Z", "2024-02-30T10:00:00Z",
                          "2024-03-01T10:15:00+5", "yesterday"}) {
    c["request"]["presented_at"] = bad;
    EXPECT_THAT(error_of(c), StartsWith("/request/presented_at | ")) << bad;
  }
  for (const char* good : {"2024-03-01T10:15:00Z", "2024-03-01T10:15:00.250-05:00", "2024-03-01T10:15-05:00"}) {
    c["request"]["presented_at"] = good;
    EXPECT_EQ(error_of(c), "decoded") << good;
  }
}

TEST_F(Decoder, UnknownEnumValue) {
  json c = base();
  c["request"]["kind"] = "detain";
  EXPECT_EQ(error_of(c),
            "/request/kind | /request/kind: 'detain' is not one of: detainer, notification, transfer, information, "
            "interview");
  c = base();
  c["request"]["documents"] = json::array({{{"issuer", "judge"}}});
  EXPECT_THAT(error_of(c), StartsWith("/request/documents/0/issuer | /request/documents/0/issuer: 'judge' is not one of"));
  // Enum values are case-sensitive.
  c = base();
  c["request"]["kind"] = "Detainer";
  EXPECT_THAT(error_of(c), StartsWith("/request/kind | "));
}

TEST_F(Decoder, UnknownFieldsWithSuggestions) {
  json c = base();
  c["subject"] = {{"watchlist_mach", true}};
  EXPECT_EQ(error_of(c),
            "/subject/watchlist_mach | /subject/watchlist_mach: unknown field 'watchlist_mach' (did you mean "
            "'watchlist_match'?)");
  c = base();
  c["request"]["documnts"] = json::array();
  EXPECT_THAT(error_of(c), HasSubstr("(did you mean 'documents'?)"));
  c = base();
  c["colour"] = "red";
  EXPECT_THAT(error_of(c), StartsWith("/colour | /colour: unknown field 'colour' (expected one of: id, agency, request"));
  // JSON pointer escaping of ~ and /.
  c = base();
  c["subject"] = {{"a/b~c", 1}};
  EXPECT_THAT(error_of(c), StartsWith("/subject/a~1b~0c | "));
  // `format` is allowed only at the top.
  c = base();
  c["subject"] = {{"format", "writ-case/1"}};
  EXPECT_THAT(error_of(c), StartsWith("/subject/format | "));
}

TEST_F(Decoder, TheFirstErrorIsReported) {
  json c = base();
  c["custody"] = {{"arrest_date", "2023-02-30"}};
  c["subject"] = {{"watchlist_match", "x"}};
  // Object keys are decoded in (sorted) order: custody before subject.
  EXPECT_THAT(error_of(c), StartsWith("/custody/arrest_date | "));
}

// ---------------------------------------------------------------- limits

TEST_F(Decoder, OversizedCase) {
  json c = base();
  c["subject"] = {{"id", std::string((1 << 20) + 10, 'x')}};
  auto r = decode(c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  EXPECT_THAT(r.error().message, HasSubstr("at most 1048576 are accepted"));
  // Just under the limit is fine.
  c["subject"]["id"] = std::string((1 << 20) - 400, 'x');
  EXPECT_LE(c.dump().size(), 1u << 20);
  EXPECT_EQ(error_of(c), "decoded");
}

TEST_F(Decoder, TooManyListItems) {
  json c = base();
  c["request"]["basis"] = json::array();
  for (int i = 0; i < 1001; ++i) c["request"]["basis"].push_back("biometric_match");
  auto r = decode(c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().pointer, "/request/basis");
  EXPECT_EQ(r.error().message, "/request/basis: has 1001 items; at most 1000 are accepted");
  c["request"]["basis"].erase(0);
  EXPECT_EQ(error_of(c), "decoded");
  // Limits are configurable.
  DecodeLimits small;
  small.max_list_items = 2;
  c["request"]["basis"] = {"biometric_match", "biometric_match", "biometric_match"};
  EXPECT_THAT(error_of(c.dump(), small), StartsWith("/request/basis | "));
}

TEST_F(Decoder, DeeplyNestedJsonIsRefusedNotACrash) {
  std::string deep(100000, '[');
  auto r = decode(deep, DecodeLimits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  EXPECT_THAT(r.error().message, HasSubstr("nested 100000 levels deep"));
  std::string objects;
  for (int i = 0; i < 50000; ++i) objects += "{\"a\":";
  r = decode(objects, DecodeLimits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  // Balanced, and inside a valid case.
  std::string nested = "{\"format\":\"writ-case/1\",\"id\":\"x\",\"subject\":{\"id\":" + std::string(5000, '[') +
                       std::string(5000, ']') + "}}";
  r = decode(nested, DecodeLimits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
}

TEST_F(Decoder, BracketsInsideStringsDoNotCountAsNesting) {
  json c = base();
  c["subject"] = {{"id", std::string(5000, '[') + "\\\"" + std::string(5000, '{')}};
  EXPECT_EQ(error_of(c), "decoded");
}

TEST_F(Decoder, NestingWithinTheLimitButDeeperThanTheSchema) {
  // 16 levels of JSON nesting are accepted by the pre-scan; a value where the schema expects a
  // scalar is then a type error, not a crash.
  json c = base();
  json v = 1;
  for (int i = 0; i < 15; ++i) v = json::array({v});
  c["subject"] = {{"watchlist_match", v}};
  EXPECT_THAT(error_of(c), StartsWith("/subject/watchlist_match | "));
}

TEST_F(Decoder, HugeNumbersAreRefusedNotACrash) {
  json c = base();
  c["subject"] = {{"watchlist_match", 1}};
  std::string text = c.dump();
  // An integer too large for int64 is read as a number.
  std::string big = text;
  big.replace(big.find("\"watchlist_match\":1"), 19, "\"watchlist_match\":99999999999999999999999");
  EXPECT_THAT(error_of(big), StartsWith("/subject/watchlist_match | "));
  // A number that overflows a double. Regression: nlohmann throws json::out_of_range (406), which
  // decode_case did not catch, so it escaped Engine::decide.
  std::string inf = text;
  inf.replace(inf.find("\"watchlist_match\":1"), 19, "\"watchlist_match\":1e400");
  auto r = decode(inf, DecodeLimits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(r.error().message, StartsWith("/: "));
  auto d = engine_->decide("nyc-doc", inf);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidInput);
}

TEST_F(Decoder, UnreadableCitationsDecodeAsUnparsed) {
  json c = base();
  c["subject"] = {{"convictions", json::array({{{"statute", "not a statute at all"}}})}};
  auto r = decode(c);
  ASSERT_TRUE(r) << r.error().message;
  const eval::Value& conv = field(input(**r, "subject"), "convictions");
  const eval::Value& st = field(conv.list->items[0], "statute");
  ASSERT_EQ(st.kind, eval::VKind::kCitation);
  EXPECT_FALSE(st.cit->parsed);
  EXPECT_EQ(st.cit->text, "not a statute at all");
}

TEST_F(Decoder, SubdivisionIsMergedIntoTheStatute) {
  json c = base();
  c["subject"] = {{"convictions", json::array({{{"statute", "PL 120.05"}, {"subdivision", "2"}}})}};
  auto r = decode(c);
  ASSERT_TRUE(r) << r.error().message;
  const eval::Value& conv = field(input(**r, "subject"), "convictions");
  const eval::Value& st = field(conv.list->items[0], "statute");
  ASSERT_EQ(st.kind, eval::VKind::kCitation);
  EXPECT_TRUE(st.cit->parsed);
  EXPECT_EQ(st.cit->citation.subdivision, "2");
}

TEST_F(Decoder, DecodingTwiceGivesIndependentData) {
  auto a = decode(base());
  auto b = decode(base());
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_NE((*a)->root(), (*b)->root());
}

}  // namespace
}  // namespace writ::cases
