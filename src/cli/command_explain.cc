// writ explain POLICY CASE.json [--as-of DATE] [--format text|json]
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "analysis/counterfactual.h"
#include "cli/commands.h"
#include "cli/home.h"

namespace writ::cli {

namespace {
struct ExplainArgs {
  std::string policy, file, as_of, format = "text";
  int alternatives = 3;
  std::vector<std::string> policies;
};
}  // namespace

void register_explain(CLI::App& app, Globals& g) {
  auto args = std::make_shared<ExplainArgs>();
  auto* cmd = app.add_subcommand(
      "explain",
      "decide a case and compute the smallest changes of fact that would change the outcome");
  cmd->add_option("policy", args->policy, "policy id, e.g. nyc-doc")->required();
  cmd->add_option("case", args->file, "the case (writ-case/1 JSON); - reads standard input")
      ->required();
  cmd->add_option("--as-of", args->as_of,
                  "apply the version in force on this date (default: the date the request was "
                  "presented)");
  cmd->add_option("--format,-f", args->format, "text (the memo and counterfactuals) or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--policies", args->policies,
                  "also load policies from these files or directories (besides policies/)");
  cmd->add_option("--alternatives", args->alternatives,
                  "at most this many counterfactuals per other outcome (default 3)")
      ->check(CLI::Range(1, 10));
  cmd->callback([&g, args] {
    std::string text;
    if (args->file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      std::ifstream in(args->file, std::ios::binary);
      if (!in) {
        std::cerr << fmt::format("writ: cannot read {}\n", args->file);
        g.exit_code = 2;
        return;
      }
      std::ostringstream ss;
      ss << in.rdbuf();
      text = ss.str();
    }
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
    analysis::ExplainOptions opts;
    if (!args->as_of.empty()) opts.as_of = args->as_of;
    opts.per_outcome = args->alternatives;
    auto r = analysis::explain_case(*engine, args->policy, text, opts);
    if (!r) {
      std::cerr << fmt::format("writ: {}: {}\n", args->file, r.error().message);
      g.exit_code = exit_code_for(r.error());
      return;
    }
    std::cout << (args->format == "json" ? analysis::explain_json(*r) : analysis::explain_text(*r));
  });
}

}  // namespace writ::cli
