// writ check [PATH...]: parse and type-check policies; print positioned diagnostics.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"

namespace writ::cli {

void register_check(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("check", "parse and type-check policies; print diagnostics");
  auto paths = std::make_shared<std::vector<std::string>>();
  cmd->add_option("paths", *paths, "policy files or directories (default: the bundled policies)");
  cmd->callback([&g, paths] {
    auto engine = open_engine(g, *paths);
    if (!engine) {
      g.exit_code = 2;
      return;
    }
    std::string diags = engine->diagnostics();
    std::cout << diags;
    size_t n = engine->policies().size();
    std::cout << fmt::format("{} polic{} checked: {} error{}, {} warning{}\n", n,
                             n == 1 ? "y" : "ies", engine->error_count(),
                             engine->error_count() == 1 ? "" : "s", engine->warning_count(),
                             engine->warning_count() == 1 ? "" : "s");
    g.exit_code = engine->error_count() > 0 ? 1 : 0;
  });
}

}  // namespace writ::cli
