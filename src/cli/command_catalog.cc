// writ catalog lookup CITATION: the normalized citation, its name, class and the lists it is on.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "engine/engine_impl.h"

namespace writ::cli {

void register_catalog(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("catalog", "look up statutes in the offense catalogs");
  cmd->require_subcommand(1);
  auto* lookup = cmd->add_subcommand("lookup", "normalize a citation and show its catalog entry");
  auto text = std::make_shared<std::vector<std::string>>();
  lookup->add_option("citation", *text, "e.g. \"P.L. § 265.02(3)\"")->required();
  lookup->callback([&g, text] {
    auto engine = open_engine(g);
    if (!engine) {
      g.exit_code = 2;
      return;
    }
    const auto& cat = engine->impl().catalog;
    for (const auto& t : *text) {
      auto r = cat.lookup(t);
      if (!r) {
        std::cerr << fmt::format("writ: {}: {}\n", t, r.error().message);
        g.exit_code = 2;
        continue;
      }
      std::cout << fmt::format("{}\n", r->citation.canonical());
      if (!r->entry) {
        std::cout << "  not in any loaded catalog (so on no list)\n";
        continue;
      }
      const auto& e = *r->entry;
      std::cout << fmt::format("  name    {}\n", e.name);
      std::cout << fmt::format("  class   {}\n", e.offense_class.empty() ? "-" : e.offense_class);
      if (!e.subdivisions.empty()) {
        std::cout << fmt::format("  listed subdivisions only: {}\n",
                                 fmt::join(e.subdivisions, ", "));
      }
      std::cout << fmt::format(
          "  lists   {}\n",
          r->lists.empty() ? "none" : fmt::format("{}", fmt::join(r->lists, ", ")));
      if (!r->unknown_lists.empty()) {
        std::cout << fmt::format("  maybe   {} (depends on the subdivision, which was not given)\n",
                                 fmt::join(r->unknown_lists, ", "));
      }
      if (!e.source.empty()) std::cout << fmt::format("  source  {}\n", e.source);
      std::cout << fmt::format("  verified {}{}\n", e.verified ? "yes" : "no",
                               e.note.empty() ? "" : " — " + e.note);
    }
  });
}

}  // namespace writ::cli
