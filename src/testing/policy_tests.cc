#include "testing/policy_tests.h"

#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "syntax/literate.h"
#include "testing/coverage.h"

namespace writ::testing {
namespace {

using json = nlohmann::json;

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Strips a trailing `# comment` that is not inside a string.
std::string strip_comment(const std::string& s) {
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"' && (i == 0 || s[i - 1] != '\\')) in_str = !in_str;
    if (s[i] == '#' && !in_str && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
      return s.substr(0, i);
  }
  return s;
}

std::string unquote(const std::string& s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

// "subject.convictions[0].judgment_date" -> "/subject/convictions/0/judgment_date"
std::string to_pointer(const std::string& path) {
  std::string out = "/";
  for (char c : path) {
    if (c == '.') {
      out += '/';
    } else if (c == '[') {
      out += '/';
    } else if (c == ']') {
      continue;
    } else if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

int line_of(const std::string& text, uint32_t offset) {
  int line = 1;
  for (uint32_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

}  // namespace

TestFile parse_test_file(const std::string& path, const std::string& text) {
  TestFile tf;
  tf.path = path;
  for (const auto& b : syntax::code_blocks(text)) {
    std::string body = text.substr(b.begin, b.end - b.begin);
    if (b.lang == "json") {
      auto pos = b.info.find("fixture=");
      if (pos == std::string::npos) continue;
      std::string name = trim(b.info.substr(pos + 8));
      name = name.substr(0, name.find(' '));
      tf.fixtures.emplace_back(name, body);
      continue;
    }
    if (b.lang != "writ-test") continue;
    int line = line_of(text, b.begin);
    std::string default_policy, default_given;
    TestCase* cur = nullptr;
    std::istringstream in(body);
    std::string raw;
    for (; std::getline(in, raw); ++line) {
      std::string l = trim(strip_comment(raw));
      if (l.empty()) continue;
      auto sp = l.find(' ');
      std::string kw = l.substr(0, sp);
      std::string rest = sp == std::string::npos ? "" : trim(l.substr(sp + 1));
      auto bad = [&](const std::string& msg) {
        tf.errors.push_back(fmt::format("{}:{}: {}", path, line, msg));
      };
      if (kw == "test") {
        tf.tests.push_back(TestCase{});
        cur = &tf.tests.back();
        cur->file = path;
        cur->line = line;
        cur->name = unquote(rest);
        cur->policy = default_policy;
        cur->given = default_given;
      } else if (kw == "policy") {
        (cur ? cur->policy : default_policy) = rest;
      } else if (kw == "given") {
        (cur ? cur->given : default_given) = rest;
      } else if (!cur) {
        bad(fmt::format("'{}' before the first `test`", kw));
      } else if (kw == "set" || kw == "append") {
        auto eq = rest.find('=');
        if (eq == std::string::npos) {
          bad("expected `set PATH = JSON`");
          continue;
        }
        cur->edits.emplace_back(kw.append(" ").append(trim(rest.substr(0, eq))),
                                trim(rest.substr(eq + 1)));
      } else if (kw == "unset" || kw == "remove") {
        cur->edits.emplace_back(kw.append(" ").append(rest), "");
      } else if (kw == "as-of") {
        cur->as_of = rest;
      } else if (kw == "expect") {
        auto sp2 = rest.find(' ');
        std::string what = rest.substr(0, sp2);
        std::string value = sp2 == std::string::npos ? "" : trim(rest.substr(sp2 + 1));
        cur->expects.emplace_back(what, value);
      } else {
        bad(
            fmt::format("unknown test line '{}' (test, policy, given, set, append, unset, remove, "
                        "as-of, expect)",
                        kw));
      }
    }
  }
  return tf;
}

Result<std::string> apply_edits(const std::string& json_text,
                                const std::vector<std::pair<std::string, std::string>>& edits) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {
    return make_error(ErrorCode::kInvalidInput,
                      fmt::format("fixture is not valid JSON: {}", e.what()));
  }
  for (const auto& [op, value] : edits) {
    auto sp = op.find(' ');
    std::string verb = op.substr(0, sp), path = op.substr(sp + 1);
    try {
      json::json_pointer ptr(to_pointer(path));
      if (verb == "unset" || verb == "remove") {
        // unset: absent, i.e. unknown. remove an array element by index.
        json& parent = j.at(ptr.parent_pointer());
        if (parent.is_object()) {
          parent.erase(ptr.back());
        } else if (parent.is_array()) {
          parent.erase(parent.begin() + std::stoi(ptr.back()));
        }
        continue;
      }
      json v = json::parse(value);
      if (verb == "append") {
        j.at(ptr).push_back(std::move(v));
      } else {
        j[ptr] = std::move(v);
      }
    } catch (const std::exception& e) {
      return make_error(ErrorCode::kInvalidInput,
                        fmt::format("cannot {} {}: {}", verb, path, e.what()));
    }
  }
  return j.dump();
}

TestResult run_test(const Engine& engine, const TestFile& file, const TestCase& t,
                    CoverageRecorder* coverage) {
  TestResult r;
  r.test = &t;
  const std::string* fixture = nullptr;
  for (const auto& [n, text] : file.fixtures) {
    if (n == t.given) fixture = &text;
  }
  if (!fixture) {
    r.failure = fmt::format("no fixture named '{}' in {}", t.given, file.path);
    return r;
  }
  auto edited = apply_edits(*fixture, t.edits);
  if (!edited) {
    r.failure = edited.error().message;
    return r;
  }
  DecideOptions opts;
  if (!t.as_of.empty()) opts.as_of = t.as_of;
  auto d = engine.decide(t.policy, *edited, opts);
  if (coverage && d.ok()) coverage->record(t.policy, *edited, opts);
  std::vector<std::string> diffs;
  bool expected_error = false;
  for (const auto& [what, want] : t.expects) {
    if (what == "error") {
      expected_error = true;
      if (d.ok()) {
        diffs.push_back(fmt::format("expected error {}, got outcome {}", want, d->outcome));
        continue;
      }
      static const std::map<std::string, ErrorCode> codes = {
          {"invalid-input", ErrorCode::kInvalidInput},
          {"no-version", ErrorCode::kNoVersion},
          {"conflict", ErrorCode::kConflict},
          {"limit", ErrorCode::kLimit}};
      auto it = codes.find(want.substr(0, want.find(' ')));
      if (it == codes.end() || it->second != d.error().code) {
        diffs.push_back(fmt::format("expected error {}, got: {}", want, d.error().message));
      }
    }
  }
  if (!d.ok()) {
    if (!expected_error) diffs.push_back("the engine returned an error: " + d.error().message);
  } else {
    const Decision& dec = *d;
    auto action = [&](const std::string& name) -> const ActionDecision* {
      for (const auto& a : dec.actions) {
        if (a.name == name) return &a;
      }
      return nullptr;
    };
    auto tri = [](const std::optional<bool>& b) { return b ? (*b ? "true" : "false") : "null"; };
    for (const auto& [what, want_raw] : t.expects) {
      std::string want = unquote(want_raw);
      if (what == "error") continue;
      if (what == "outcome") {
        if (dec.outcome != want)
          diffs.push_back(fmt::format("outcome: expected {}, got {}", want, dec.outcome));
      } else if (what == "reason" || what == "no-reason") {
        auto sp = want.find(' ');
        std::string name = want.substr(0, sp);
        std::string holds = sp == std::string::npos ? "" : trim(want.substr(sp + 1));
        const Reason* found = nullptr;
        for (const auto& rr : dec.reasons) {
          if (rr.rule == name) found = &rr;
        }
        if (what == "no-reason") {
          if (found)
            diffs.push_back(fmt::format("reason {}: expected absent, but it is given", name));
        } else if (!found) {
          diffs.push_back(fmt::format("reason {}: expected, but not given", name));
        } else if (!holds.empty() && holds != tri(found->holds)) {
          diffs.push_back(
              fmt::format("reason {}: expected holds {}, got {}", name, holds, tri(found->holds)));
        }
      } else if (what == "missing" || what == "not-missing") {
        auto sp = want.find(' ');
        std::string fact = want.substr(0, sp);
        std::string settles = sp == std::string::npos ? "" : unquote(trim(want.substr(sp + 1)));
        const Missing* found = nullptr;
        for (const auto& m : dec.missing) {
          if (m.fact == fact) found = &m;
        }
        if (what == "not-missing") {
          if (found)
            diffs.push_back(fmt::format("missing {}: expected not listed, but it is", fact));
        } else if (!found) {
          diffs.push_back(fmt::format("missing {}: expected listed, but it is not", fact));
        } else if (!settles.empty() && found->settles != settles) {
          diffs.push_back(fmt::format("missing {}: expected settles \"{}\", got \"{}\"", fact,
                                      settles, found->settles));
        }
      } else if (what == "notice" || (what == "no" && want.rfind("notice ", 0) == 0)) {
        bool absent = what == "no";
        std::string rest = absent ? trim(want.substr(7)) : want;
        auto sp = rest.find(' ');
        std::string id = rest.substr(0, sp);
        std::string certainty = sp == std::string::npos ? "" : trim(rest.substr(sp + 1));
        const Notice* found = nullptr;
        for (const auto& n : dec.notices) {
          if (n.id == id) found = &n;
        }
        if (absent) {
          if (found) diffs.push_back(fmt::format("notice {}: expected not given, but it is", id));
        } else if (!found) {
          diffs.push_back(fmt::format("notice {}: expected given, but it is not", id));
        } else if (certainty == "certain" && !found->certain) {
          diffs.push_back(fmt::format("notice {}: expected certain, but it is uncertain", id));
        } else if (certainty == "uncertain" && found->certain) {
          diffs.push_back(fmt::format("notice {}: expected uncertain, but it is certain", id));
        } else if (!certainty.empty() && certainty != "certain" && certainty != "uncertain") {
          diffs.push_back(
              fmt::format("notice {}: '{}' is not certain or uncertain", id, certainty));
        }
      } else if (what == "missing-count") {
        if (std::to_string(dec.missing.size()) != want) {
          diffs.push_back(
              fmt::format("missing-count: expected {}, got {}", want, dec.missing.size()));
        }
      } else if (what == "version") {
        if (dec.policy.version != want)
          diffs.push_back(fmt::format("version: expected {}, got {}", want, dec.policy.version));
      } else {
        std::string name = what;
        bool until = false;
        if (name.size() > 6 && name.compare(name.size() - 6, 6, ".until") == 0) {
          name = name.substr(0, name.size() - 6);
          until = true;
        }
        const ActionDecision* a = action(name);
        if (!a) {
          diffs.push_back(fmt::format("unknown expectation or action '{}'", what));
        } else if (until) {
          std::string got = !a->has_until ? "none" : a->until ? *a->until : "null";
          if (got != want)
            diffs.push_back(fmt::format("{}.until: expected {}, got {}", name, want, got));
        } else if (tri(a->permitted) != want) {
          diffs.push_back(fmt::format("{}: expected {}, got {}", name, want, tri(a->permitted)));
        }
      }
    }
  }
  r.passed = diffs.empty();
  if (!r.passed) {
    std::string msg;
    for (const auto& x : diffs) msg += "  - " + x + "\n";
    if (d.ok()) msg += "\n" + to_memo(*d);
    r.failure = msg;
  }
  return r;
}

}  // namespace writ::testing
