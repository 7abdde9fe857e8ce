// writ fmt over every bundled policy and the diagnostics golden inputs: the layout is stable
// (idempotent), keeps the prose byte-identical, keeps every token and comment, and the formatted
// policies load cleanly and pass their literate tests.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "format/format.h"
#include "syntax/lexer.h"
#include "syntax/literate.h"
#include "testing/policy_tests.h"
#include "writ/engine.h"

namespace writ::format {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = WRIT_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> files_under(const fs::path& dir, std::string_view suffix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().filename().string().ends_with(suffix)) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> inputs() {
  auto v = files_under(kSource / "policies", ".writ.md");
  auto g = files_under(kSource / "tests/golden/diagnostics", ".writ.md");
  v.insert(v.end(), g.begin(), g.end());
  return v;
}

// What a file means, without its layout: per writ block, each token's kind and spelling and each
// comment's text; per other block and between blocks, the bytes.
struct Meaning {
  std::vector<std::string> code;   // "kind spelling" per token, "# comment" per comment
  std::vector<std::string> prose;  // bytes outside writ blocks
};

Meaning meaning(const std::string& md) {
  Meaning m;
  size_t copied = 0;
  for (const auto& b : syntax::code_blocks(md)) {
    if (b.lang != "writ") continue;
    m.prose.push_back(md.substr(copied, b.begin - copied));
    copied = b.end;
    std::string text = syntax::masked_block_text(md, b);
    for (const auto& t : syntax::lex(text, b.begin, b.end)) {
      if (t.kind == syntax::Tok::kEnd) continue;
      m.code.push_back(std::to_string(static_cast<int>(t.kind)) + " " +
                       text.substr(t.begin, t.end - t.begin));
    }
    // Comments: every '#' outside a string, to the end of its line.
    std::string_view s(text);
    s = s.substr(b.begin, b.end - b.begin);
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (in_string) {
        if (c == '\\')
          ++i;
        else if (c == '"' || c == '\n')
          in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '#') {
        size_t nl = s.find('\n', i);
        std::string_view com = s.substr(i, nl == std::string_view::npos ? s.npos : nl - i);
        while (!com.empty() && (com.back() == ' ' || com.back() == '\t' || com.back() == '\r')) {
          com.remove_suffix(1);
        }
        m.code.push_back(std::string(com));
        i = nl == std::string_view::npos ? s.size() : nl;
      }
    }
  }
  m.prose.push_back(md.substr(copied));
  return m;
}

TEST(FormatPolicies, IdempotentOnEveryPolicyAndGoldenInput) {
  auto files = inputs();
  ASSERT_GT(files.size(), 20u);
  for (const auto& f : files) {
    std::string once = format_policy(read(f));
    EXPECT_EQ(format_policy(once), once) << f;
  }
}

TEST(FormatPolicies, KeepsProseTokensAndComments) {
  size_t changed = 0;
  for (const auto& f : inputs()) {
    std::string before = read(f);
    std::string after = format_policy(before);
    if (after != before) ++changed;
    Meaning a = meaning(before), b = meaning(after);
    EXPECT_EQ(a.prose, b.prose) << f;
    EXPECT_EQ(a.code, b.code) << f;
  }
  // Not a test that cannot fail: the snippets in format_layout_test.cc show changes happen.
  RecordProperty("files_changed", static_cast<int>(changed));
}

// The policy with its writ blocks spoiled: every space between tokens doubled (not in strings,
// indentation or before a comment), trailing whitespace on every line, blank lines doubled.
std::string spoil(const std::string& md) {
  std::string out;
  bool in_writ = false;
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("```")) {
      in_writ = !in_writ && line == "```writ";
      out += line + "\n";
      continue;
    }
    if (!in_writ) {
      out += line + "\n";
      continue;
    }
    if (line.empty()) {
      out += "\n\n";
      continue;
    }
    std::string l;
    size_t i = 0;
    while (i < line.size() && line[i] == ' ') l += line[i++];
    bool in_string = false;
    for (; i < line.size(); ++i) {
      char c = line[i];
      if (!in_string && c == '#') {
        l += line.substr(i);
        break;
      }
      if (in_string && c == '\\') {
        l += line.substr(i, 2);
        ++i;
        continue;
      }
      if (c == '"') in_string = !in_string;
      size_t next = line.find_first_not_of(' ', i);
      bool before_comment = next != std::string::npos && line[next] == '#';
      l += c;
      if (c == ' ' && !in_string && !before_comment) l += ' ';
    }
    out += l + "  \n";
  }
  return out;
}

// Every bundled policy is in the canonical layout, so spoiling its spacing and formatting it
// must give back exactly the file as committed.
TEST(FormatPolicies, RestoresEveryPolicyFromSpoiledSpacing) {
  for (const auto& f : files_under(kSource / "policies", ".writ.md")) {
    std::string original = read(f);
    std::string spoiled = spoil(original);
    ASSERT_NE(spoiled, original) << f;
    std::string formatted = format_policy(spoiled);
    EXPECT_EQ(meaning(formatted).code, meaning(spoiled).code) << f;
    EXPECT_EQ(formatted, original) << f;
  }
}

// Copies the home (policies, catalogs, calendars), formats every policy in the copy, and runs
// every literate test against the formatted policies.
TEST(FormatPolicies, FormattedPoliciesLoadAndPassTheirTests) {
  fs::path home = fs::temp_directory_path() / ("writ-fmt-test-" + std::to_string(::getpid()));
  fs::remove_all(home);
  fs::create_directories(home);
  for (const char* d : {"policies", "catalogs", "calendars"}) {
    if (fs::exists(kSource / d)) fs::copy(kSource / d, home / d, fs::copy_options::recursive);
  }
  for (const auto& f : files_under(home / "policies", ".writ.md")) {
    std::string text = format_policy(read(f));
    std::ofstream(f, std::ios::binary | std::ios::trunc) << text;
  }
  EngineOptions opts;
  opts.home = home.string();
  auto engine = Engine::open(opts);
  ASSERT_TRUE(engine) << engine.error().message;
  EXPECT_EQ((*engine)->error_count(), 0u) << (*engine)->diagnostics();
  size_t run = 0;
  for (const auto& f : files_under(home / "policies", ".test.md")) {
    auto tf = testing::parse_test_file(f.string(), read(f));
    EXPECT_TRUE(tf.errors.empty()) << f;
    for (const auto& t : tf.tests) {
      auto r = testing::run_test(**engine, tf, t);
      EXPECT_TRUE(r.passed) << f << ": " << r.failure;
      ++run;
    }
  }
  EXPECT_GT(run, 50u);
  fs::remove_all(home);
}

}  // namespace
}  // namespace writ::format
