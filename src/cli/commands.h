#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "writ/engine.h"

namespace writ::cli {

struct Globals {
  std::string home;
  int exit_code = 0;
};

// Exit statuses: 0 success; 1 a check or test failed; 2 bad input or usage; 3 a policy defect
// found while deciding (conflicting exceptions); 4 internal error.
int exit_code_for(const Error& e);

// Opens the engine, printing the error and returning nullptr on failure.
std::unique_ptr<Engine> open_engine(const Globals& g,
                                    const std::vector<std::string>& policy_paths = {});

void register_commands(CLI::App& app, Globals& g);
void register_check(CLI::App& app, Globals& g);
void register_lint(CLI::App& app, Globals& g);
void register_decide(CLI::App& app, Globals& g);
void register_test(CLI::App& app, Globals& g);
void register_policies(CLI::App& app, Globals& g);
void register_catalog(CLI::App& app, Globals& g);
void register_examples(CLI::App& app, Globals& g);
void register_diff(CLI::App& app, Globals& g);
void register_explain(CLI::App& app, Globals& g);
void register_batch(CLI::App& app, Globals& g);
void register_log(CLI::App& app, Globals& g);
void register_token(CLI::App& app, Globals& g);
void register_report(CLI::App& app, Globals& g);
void register_serve(CLI::App& app, Globals& g);
void register_fmt(CLI::App& app, Globals& g);

}  // namespace writ::cli
