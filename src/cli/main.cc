// writ: the command line. Each subcommand lives in its own commands_*.cc file.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"writ — immigration-detainer law as checked, explainable decisions"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "writ 0.1.0");
  writ::cli::Globals g;
  app.add_option("--home", g.home, "directory holding policies/, catalogs/ and calendars/")
      ->envname("WRIT_HOME");
  writ::cli::register_commands(app, g);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return g.exit_code;
}
