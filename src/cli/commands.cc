#include "cli/commands.h"

#include <iostream>

#include "cli/home.h"

namespace writ::cli {

int exit_code_for(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kNotFound:
    case ErrorCode::kNoVersion:
    case ErrorCode::kLimit:
    case ErrorCode::kIo:
      return 2;
    case ErrorCode::kInvalidPolicy:
      return 1;
    case ErrorCode::kConflict:
      return 3;
    case ErrorCode::kInternal:
      return 4;
  }
  return 4;
}

std::unique_ptr<Engine> open_engine(const Globals& g,
                                    const std::vector<std::string>& policy_paths) {
  EngineOptions opts;
  opts.home = find_home(g.home);
  opts.policy_paths = policy_paths;
  auto engine = Engine::open(opts);
  if (!engine) {
    std::cerr << "writ: " << engine.error().message << "\n";
    return nullptr;
  }
  return std::move(*engine);
}

void register_commands(CLI::App& app, Globals& g) {
  register_check(app, g);
  register_lint(app, g);
  register_decide(app, g);
  register_test(app, g);
  register_policies(app, g);
  register_catalog(app, g);
  register_examples(app, g);
  register_diff(app, g);
  register_explain(app, g);
  register_batch(app, g);
  register_log(app, g);
  register_token(app, g);
  register_report(app, g);
  register_serve(app, g);
  register_fmt(app, g);
}

}  // namespace writ::cli
