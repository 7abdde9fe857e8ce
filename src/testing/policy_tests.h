// Literate policy tests: ```writ-test blocks next to the law they test, run by `writ test`.
//
//   ```json fixture=doc-base
//   { "format": "writ-case/1", ... }
//   ```
//   ```writ-test
//   test "a judgment exactly five years before the arrest does not count"
//     policy nyc-doc
//     given doc-base
//     set subject.convictions[0].judgment_date = "2019-02-27"
//     expect outcome decline
//     expect hold false
//   ```
#pragma once

#include <string>
#include <vector>

#include "writ/engine.h"

namespace writ::testing {

struct TestCase {
  std::string file;
  int line = 0;
  std::string name;
  std::string policy;
  std::string given;                                       // fixture name
  std::vector<std::pair<std::string, std::string>> edits;  // ("set path", json) ("unset path", "")
  std::string as_of;
  std::vector<std::pair<std::string, std::string>> expects;  // (what, value)
};

struct TestFile {
  std::string path;
  std::vector<std::pair<std::string, std::string>> fixtures;  // name, json text
  std::vector<TestCase> tests;
  std::vector<std::string> errors;  // "file:line: message"
};

TestFile parse_test_file(const std::string& path, const std::string& text);

struct TestResult {
  const TestCase* test = nullptr;
  bool passed = false;
  std::string failure;  // what differed, with the decision memo
};

class CoverageRecorder;

// Runs one test against the engine; with `coverage`, also records what the test exercised.
TestResult run_test(const Engine& engine, const TestFile& file, const TestCase& test,
                    CoverageRecorder* coverage = nullptr);

// Applies `edits` to the JSON case text; returns the edited JSON or an error message.
Result<std::string> apply_edits(const std::string& json_text,
                                const std::vector<std::pair<std::string, std::string>>& edits);

}  // namespace writ::testing
