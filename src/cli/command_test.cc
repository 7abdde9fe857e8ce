// writ test [PATH...] [--coverage] [--coverage-json FILE] [--require-full-rule-coverage]: run the
// literate policy tests (```writ-test blocks), optionally measuring what they exercised.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/home.h"
#include "testing/coverage.h"
#include "testing/policy_tests.h"

namespace writ::cli {
namespace fs = std::filesystem;

namespace {
std::vector<fs::path> test_files(const std::vector<std::string>& roots) {
  std::vector<fs::path> out;
  for (const auto& r : roots) {
    std::error_code ec;
    if (fs::is_regular_file(r, ec)) {
      out.emplace_back(r);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(r, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string n = it->path().filename().string();
      if (it->is_regular_file() && n.size() > 3 && n.compare(n.size() - 3, 3, ".md") == 0)
        out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

void register_test(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("test", "run the policy tests written beside the law");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto filter = std::make_shared<std::string>();
  auto verbose = std::make_shared<bool>(false);
  cmd->add_option("paths", *paths, "test files or directories (default: policies/)");
  cmd->add_option("--filter", *filter, "run only tests whose name contains this text");
  cmd->add_flag("--verbose,-v", *verbose, "list every test");
  auto policies = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--policies", *policies,
                  "policy files or directories to load instead of policies/ (the prelude is "
                  "always the home's); repeat for several")
      ->allow_extra_args(false);
  struct CoverageArgs {
    bool table = false;
    std::string json;
    bool require_rules = false;
  };
  auto cov = std::make_shared<CoverageArgs>();
  cmd->add_flag("--coverage", cov->table,
                "print which rules, exceptions, definitions and if-branches the tests exercised");
  cmd->add_option("--coverage-json", cov->json, "write the coverage as JSON to this file");
  cmd->add_flag("--require-full-rule-coverage", cov->require_rules,
                "exit 1 when a loaded policy has a rule or exception no test applied");
  cmd->callback([&g, paths, filter, verbose, policies, cov] {
    auto engine = open_engine(g, *policies);
    if (!engine) {
      g.exit_code = 2;
      return;
    }
    if (engine->error_count() > 0) std::cerr << engine->diagnostics();
    std::vector<std::string> roots = *paths;
    std::string home = find_home(g.home);
    if (roots.empty()) roots.push_back((fs::path(home) / "policies").string());
    size_t passed = 0, failed = 0;
    std::unique_ptr<testing::CoverageRecorder> recorder;
    if (cov->table || !cov->json.empty() || cov->require_rules)
      recorder = std::make_unique<testing::CoverageRecorder>(*engine);
    for (const auto& f : test_files(roots)) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      std::string shown = fs::relative(f, home).string();
      if (shown.empty() || shown.rfind("..", 0) == 0) shown = f.string();
      auto tf = testing::parse_test_file(shown, ss.str());
      for (const auto& e : tf.errors) {
        std::cout << e << "\n";
        ++failed;
      }
      for (const auto& t : tf.tests) {
        if (!filter->empty() && t.name.find(*filter) == std::string::npos) continue;
        auto r = testing::run_test(*engine, tf, t, recorder.get());
        if (r.passed) {
          ++passed;
          if (*verbose) std::cout << fmt::format("ok    {}:{}: {}\n", t.file, t.line, t.name);
        } else {
          ++failed;
          std::cout << fmt::format("FAIL  {}:{}: {} [{}]\n{}\n", t.file, t.line, t.name, t.policy,
                                   r.failure);
        }
      }
    }
    std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
    g.exit_code = failed > 0 || engine->error_count() > 0 ? 1 : 0;
    if (!recorder) return;
    auto report = recorder->report();
    if (cov->table) std::cout << "\n" << testing::coverage_table(report);
    if (!cov->json.empty()) {
      std::ofstream out(cov->json, std::ios::binary | std::ios::trunc);
      out << testing::coverage_json(report);
      if (!out) {
        std::cerr << fmt::format("writ: cannot write {}\n", cov->json);
        g.exit_code = 2;
      }
    }
    if (cov->require_rules) {
      auto gaps = testing::unapplied_rules(report);
      for (const auto& gap : gaps) std::cout << "not applied by any test: " << gap << "\n";
      if (!gaps.empty()) g.exit_code = std::max(g.exit_code, 1);
    }
  });
}

}  // namespace writ::cli
