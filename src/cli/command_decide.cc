// writ decide --policy ID [--format json|text|notice] [--as-of DATE] CASE.json...
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"

namespace writ::cli {

namespace {
struct DecideArgs {
  std::string policy;
  std::string format = "json";
  std::string as_of;
  std::vector<std::string> files;
  bool no_explain = false;
  std::vector<std::string> policies;
};

bool read_input(const std::string& path, std::string& out) {
  if (path == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), {});
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}
}  // namespace

void register_decide(CLI::App& app, Globals& g) {
  auto a = std::make_shared<DecideArgs>();
  auto* cmd =
      app.add_subcommand("decide", "decide cases under a policy; writ-decision/1 JSON or a memo");
  cmd->add_option("--policy,-p", a->policy, "policy id, e.g. nyc-doc")->required();
  cmd->add_option("--format,-f", a->format,
                  "json (writ-decision/1), text (the memo) or notice (only the notices owed to the "
                  "person, ready to print)")
      ->check(CLI::IsMember({"json", "text", "notice"}));
  cmd->add_option(
      "--as-of", a->as_of,
      "apply the version in force on this date (default: the date the request was presented)");
  cmd->add_flag("--no-explain", a->no_explain,
                "outcome and actions only, no reasons or missing facts");
  cmd->add_option("--policies", a->policies,
                  "policy files or directories to load instead of policies/; repeat for several")
      ->allow_extra_args(false);
  cmd->add_option("cases", a->files, "case files (writ-case/1 JSON); - reads standard input")
      ->required();
  cmd->callback([&g, a] {
    auto engine = open_engine(g, a->policies);
    if (!engine) {
      g.exit_code = 2;
      return;
    }
    if (!engine->has_policy(a->policy)) {
      std::cerr << fmt::format("writ: no policy '{}'; `writ policies` lists them\n", a->policy);
      if (engine->error_count() > 0) std::cerr << engine->diagnostics();
      g.exit_code = 2;
      return;
    }
    DecideOptions opts;
    if (!a->as_of.empty()) opts.as_of = a->as_of;
    opts.explain = !a->no_explain;
    bool first = true;
    for (const auto& f : a->files) {
      std::string text;
      if (!read_input(f, text)) {
        std::cerr << fmt::format("writ: cannot read {}\n", f);
        g.exit_code = 2;
        continue;
      }
      auto d = engine->decide(a->policy, text, opts);
      if (!d) {
        std::cerr << fmt::format("writ: {}: {}\n", f, d.error().message);
        g.exit_code = std::max(g.exit_code, exit_code_for(d.error()));
        continue;
      }
      if (a->format == "notice") {
        std::string notices = to_notices(*d);
        if (notices.empty()) {
          std::cerr << fmt::format("writ: {}: no notice is owed to the person\n", f);
          continue;
        }
        if (!first) std::cout << "\n" << std::string(78, '-') << "\n\n";
        std::cout << notices;
      } else if (a->format == "text") {
        if (!first) std::cout << "\n" << std::string(78, '-') << "\n\n";
        std::cout << to_memo(*d);
      } else {
        std::cout << to_json(*d, a->files.size() > 1 ? -1 : 2);
        if (a->files.size() > 1) std::cout << "\n";
      }
      first = false;
    }
  });
}

}  // namespace writ::cli
