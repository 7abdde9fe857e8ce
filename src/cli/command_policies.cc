// writ policies: ids, titles, versions in force, sources and digests.
#include <iostream>

#include <fmt/format.h>

#include "calendar/civil.h"
#include "cli/commands.h"

namespace writ::cli {

void register_policies(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("policies",
                                 "list the loaded policies, their versions, sources and digests");
  cmd->callback([&g] {
    auto engine = open_engine(g);
    if (!engine) {
      g.exit_code = 2;
      return;
    }
    for (const auto& p : engine->policies()) {
      std::cout << fmt::format("{}  {}\n", p.id, p.title);
      std::cout << fmt::format("  file         {}\n", p.path);
      std::cout << fmt::format("  jurisdiction {}; agency {}\n", p.jurisdiction, p.agency);
      std::cout << fmt::format("  time zone    {}{}\n", p.timezone,
                               p.holidays.empty() ? "" : "; holidays " + p.holidays);
      std::cout << fmt::format("  rules        {}; definitions {}\n", p.rules, p.definitions);
      std::cout << "  versions\n";
      for (const auto& v : p.versions) {
        std::cout << fmt::format("    {} to {}  {}\n", v.from, v.to.empty() ? "(in force)" : v.to,
                                 v.label);
      }
      std::cout << "  sources\n";
      for (const auto& [label, url] : p.sources) {
        std::cout << fmt::format("    {}{}\n", label, url.empty() ? "" : "  " + url);
      }
      std::cout << fmt::format("  digest       {}\n\n", p.digest);
    }
    if (engine->error_count() > 0) {
      std::cerr << engine->diagnostics();
      g.exit_code = 1;
    }
  });
}

}  // namespace writ::cli
