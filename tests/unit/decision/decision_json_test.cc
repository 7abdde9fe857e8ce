// writ-decision/1 is written by a streaming writer (base/json_writer.h). These tests hold its
// bytes to nlohmann-json's dump of the same tree, the serializer Writ used before, on every
// bundled example and shared example case under every bundled policy, compact and indented, and
// on strings with every kind of character that needs escaping.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "base/json_writer.h"
#include "writ/engine.h"

namespace writ {
namespace {

namespace fs = std::filesystem;
using ordered = nlohmann::ordered_json;

const fs::path kSource = WRIT_SOURCE_DIR;

// The reference: the decision as an ordered_json tree, dumped by nlohmann-json.
std::string reference_json(const Decision& d, int indent) {
  ordered j;
  j["format"] = "writ-decision/1";
  j["case"] = d.case_id;
  j["policy"] =
      ordered{{"id", d.policy.id}, {"version", d.policy.version}, {"digest", d.policy.digest}};
  j["as_of"] = d.as_of;
  j["outcome"] = d.outcome;
  ordered actions = ordered::object();
  for (const auto& a : d.actions) {
    ordered o;
    o["permitted"] = a.permitted ? ordered(*a.permitted) : ordered(nullptr);
    if (a.has_until) o["until"] = a.until ? ordered(*a.until) : ordered(nullptr);
    o["requested"] = a.requested;
    actions[a.name] = std::move(o);
  }
  j["actions"] = std::move(actions);
  ordered reasons = ordered::array();
  for (const auto& r : d.reasons) {
    ordered o;
    o["rule"] = r.rule;
    o["kind"] = r.kind;
    o["cite"] = r.cite;
    o["holds"] = r.holds ? ordered(*r.holds) : ordered(nullptr);
    if (!r.value.empty()) o["value"] = r.value;
    o["because"] = r.because;
    o["facts"] = r.facts;
    if (!r.decides.empty()) o["decides"] = r.decides;
    reasons.push_back(std::move(o));
  }
  j["reasons"] = std::move(reasons);
  if (!d.missing.empty() || d.outcome == "review") {
    ordered missing = ordered::array();
    for (const auto& m : d.missing)
      missing.push_back(ordered{{"fact", m.fact}, {"settles", m.settles}});
    j["missing"] = std::move(missing);
  }
  if (!d.notices.empty()) {
    ordered notices = ordered::array();
    for (const auto& n : d.notices) {
      notices.push_back(ordered{{"id", n.id},
                                {"title", n.title},
                                {"cite", n.cite},
                                {"text", n.text},
                                {"certain", n.certain}});
    }
    j["notices"] = std::move(notices);
  }
  if (!d.facts.empty()) {
    ordered facts = ordered::object();
    for (const auto& f : d.facts) facts[f.name] = f.value ? ordered(*f.value) : ordered();
    j["facts"] = std::move(facts);
  }
  return j.dump(indent) + (indent >= 0 ? "\n" : "");
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(DecisionJson, SameBytesAsTheReferenceOnEveryExampleAndPolicy) {
  EngineOptions o;
  o.home = kSource.string();
  auto engine = Engine::open(o);
  ASSERT_TRUE(engine) << engine.error().message;
  std::vector<fs::path> files;
  for (const auto& dir : {kSource / "examples/cases", kSource / "../shared/spec/examples"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.path().extension() == ".json" && e.path().filename() != "expected.json")
        files.push_back(e.path());
    }
  }
  ASSERT_GE(files.size(), 10u);
  size_t compared = 0, reviews = 0, with_notices = 0;
  for (const auto& f : files) {
    std::string text = read(f);
    for (const auto& p : (*engine)->policies()) {
      DecideOptions opts;
      opts.facts = {"violent_or_serious_conviction", "no_such_definition"};
      auto d = (*engine)->decide(p.id, text, opts);
      if (!d) continue;  // e.g. no version in force on the case's date
      for (int indent : {-1, 2}) {
        EXPECT_EQ(to_json(*d, indent), reference_json(*d, indent))
            << f.filename() << " under " << p.id << ", indent " << indent;
      }
      ++compared;
      reviews += d->outcome == "review";
      with_notices += !d->notices.empty();
    }
  }
  EXPECT_GE(compared, 50u);
  EXPECT_GT(reviews, 0u);
  EXPECT_GT(with_notices, 0u);
}

TEST(JsonWriter, EscapesAsNlohmannDoes) {
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) all_controls += static_cast<char>(c);
  for (std::string s :
       {std::string("plain"), std::string("quote \" and \\ backslash"), all_controls,
        std::string("\x7f del"), std::string("§ 9-131 — ünïcødé"),
        std::string("emoji \xF0\x9F\x93\x9C"), std::string(""), std::string("tab\tnew\nline\r")}) {
    std::string mine;
    JsonWriter::escape(mine, s);
    EXPECT_EQ(mine, nlohmann::json(s).dump()) << s;
  }
}

TEST(JsonWriter, EscapesAtEveryOffsetOfALongString) {
  // The writer skips eight plain bytes at a time: put each kind of byte that needs a look at
  // every offset of a longer string, and at its end.
  for (std::string special : {std::string("\""), std::string("\\"), std::string("\n"),
                              std::string("\x01"), std::string("\x1f"), std::string("\xC3\xA9"),
                              std::string("\xE2\x80\x94"), std::string(" "), std::string("\x7f")}) {
    for (size_t at = 0; at <= 24; ++at) {
      std::string s(24, 'x');
      s.insert(at, special);
      std::string mine;
      JsonWriter::escape(mine, s);
      EXPECT_EQ(mine, nlohmann::json(s).dump()) << "offset " << at;
    }
  }
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacterAsNlohmannReplaceDoes) {
  for (std::string s : {std::string("a\xFF"
                                    "b"),
                        std::string("\xC3"), std::string("\xE2\x82"), std::string("\xED\xA0\x80"),
                        std::string("\xC0\xAF"), std::string("ok \xF4\x90\x80\x80")}) {
    std::string mine;
    JsonWriter::escape(mine, s);
    // Each byte that starts no valid sequence is replaced by one U+FFFD.
    EXPECT_NE(mine.find("\xEF\xBF\xBD"), std::string::npos) << mine;
    // The output is valid UTF-8: nlohmann parses it back.
    EXPECT_TRUE(nlohmann::json::accept(mine)) << mine;
  }
}

TEST(JsonWriter, NestedEmptyAndRawValuesIndented) {
  for (int indent : {-1, 0, 2, 4}) {
    std::string out;
    JsonWriter w(out, indent);
    w.begin_object();
    w.key("a");
    w.begin_array();
    w.end_array();
    w.key("b");
    w.begin_object();
    w.end_object();
    w.key("c");
    w.begin_array();
    w.value(1);
    w.null();
    w.value(true);
    w.begin_object();
    w.key("d");
    w.value("e");
    w.end_object();
    w.end_array();
    w.key("r");
    w.raw("[1,2]");
    w.end_object();
    ordered ref = {{"a", ordered::array()},
                   {"b", ordered::object()},
                   {"c", {1, nullptr, true, {{"d", "e"}}}},
                   {"r", "RAW"}};
    // raw() copies its text as it is, on one line whatever the indent.
    std::string expected = ref.dump(indent);
    expected.replace(expected.rfind("\"RAW\""), 5, "[1,2]");
    EXPECT_EQ(out, expected) << "indent " << indent;
  }
}

}  // namespace
}  // namespace writ
