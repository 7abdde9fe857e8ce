// writ lint [PATH...]: static checks beyond `writ check` (dead rules and exceptions, versions no
// rule is in force in, exceptions that can conflict, unread fields, empty citations).
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "engine/engine_impl.h"
#include "lint/lint.h"

namespace writ::cli {

void register_lint(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "lint", "find rules that can never apply, conflicting exceptions and unread fields");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto verbose = std::make_shared<bool>(false);
  cmd->add_option("paths", *paths, "policy files or directories (default: the bundled policies)");
  cmd->add_flag("--verbose,-v", *verbose, "also list the prelude fields no policy reads");
  cmd->callback([&g, paths, verbose] {
    auto engine = open_engine(g, *paths);
    if (!engine) {
      g.exit_code = 2;
      return;
    }
    if (engine->error_count() > 0) {
      std::cout << engine->diagnostics();
      std::cout << "writ lint: fix the errors `writ check` reports first\n";
      g.exit_code = 1;
      return;
    }
    auto r = lint::lint(*engine);
    std::cout << render_all(r.diags, *engine->impl().sources);
    if (!r.unread_prelude_fields.empty()) {
      if (*verbose) {
        for (const auto& f : r.unread_prelude_fields)
          std::cout << fmt::format("info: prelude field {} is read by no loaded policy\n", f);
      } else {
        std::cout << fmt::format(
            "info: {} prelude field(s) are read by no loaded policy (--verbose lists them)\n",
            r.unread_prelude_fields.size());
      }
    }
    if (r.diags.sorted().empty()) std::cout << "no findings\n";
    g.exit_code = r.diags.sorted().empty() ? 0 : 1;
  });
}

}  // namespace writ::cli
