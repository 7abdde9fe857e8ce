// writ diff A B [--as-of DATE] [--out DIR] [--max-elements N]
// A and B are policy ids or versions (POLICY@DATE: the version in force on DATE).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "analysis/policy_diff.h"
#include "cli/commands.h"
#include "cli/home.h"

namespace writ::cli {

namespace {
struct DiffArgs {
  std::string a, b, as_of, out;
  std::vector<std::string> policies;
  int max_elements = 2;
};
}  // namespace

void register_diff(CLI::App& app, Globals& g) {
  auto args = std::make_shared<DiffArgs>();
  auto* cmd = app.add_subcommand(
      "diff",
      "prove two policies (or two versions, POLICY@DATE) decide every case alike, or print the "
      "smallest cases on which they differ");
  cmd->add_option("a", args->a, "a policy id, or POLICY@DATE for the version in force on DATE")
      ->required();
  cmd->add_option("b", args->b, "the other policy id or POLICY@DATE")->required();
  cmd->add_option("--as-of", args->as_of,
                  "the version of a policy given without @DATE (default: today's)");
  cmd->add_option("--out", args->out,
                  "write each counterexample as a writ-case/1 file into this directory");
  cmd->add_option("--policies", args->policies,
                  "also load policies from these files or directories (besides policies/)");
  cmd->add_option("--max-elements", args->max_elements,
                  "the most elements of each list in the domain (default 2)")
      ->check(CLI::Range(0, 4));
  cmd->callback([&g, args] {
    std::vector<std::string> paths;
    if (!args->policies.empty()) {
      paths.push_back((std::filesystem::path(find_home(g.home)) / "policies").string());
      paths.insert(paths.end(), args->policies.begin(), args->policies.end());
    }
    auto engine = open_engine(g, paths);
    if (!engine) {
      g.exit_code = 2;
      return;
    }
    std::optional<std::string> as_of;
    if (!args->as_of.empty()) as_of = args->as_of;
    auto a = analysis::resolve_version(*engine, args->a, as_of);
    auto b = a ? analysis::resolve_version(*engine, args->b, as_of) : a;
    if (!a || !b) {
      std::cerr << "writ: " << (!a ? a.error().message : b.error().message) << "\n";
      g.exit_code = 2;
      return;
    }
    auto start = std::chrono::steady_clock::now();
    analysis::DiffOptions opts;
    opts.max_elements = args->max_elements;
    auto report = analysis::diff_versions(*engine, *a, *b, opts);
    if (!report) {
      std::cerr << "writ: " << report.error().message << "\n";
      g.exit_code = exit_code_for(report.error());
      return;
    }
    std::vector<std::string> files;
    if (!args->out.empty() && !report->cases.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(args->out, ec);
      for (const auto& c : report->cases) {
        std::string path = (std::filesystem::path(args->out) / (c.what + ".json")).string();
        std::ofstream f(path, std::ios::binary);
        f << c.case_json.dump(2) << "\n";
        if (!f) {
          std::cerr << fmt::format("writ: cannot write {}\n", path);
          g.exit_code = 2;
          return;
        }
        files.push_back(path);
      }
    }
    std::cout << analysis::render_diff(*report, files);
    if (!files.empty()) {
      std::cout << fmt::format(
          "\nReproduce: writ decide --policy {} --as-of {} FILE; writ decide --policy {} --as-of "
          "{} FILE\n",
          a->policy->id, a->as_of, b->policy->id, b->as_of);
    }
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << fmt::format("({:.0f} ms)\n", ms);
    g.exit_code = report->equivalent ? 0 : 1;
  });
}

}  // namespace writ::cli
