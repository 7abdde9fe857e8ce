// One engine for the analysis tests: the bundled policies plus the test pairs of tests/data/diff.
#pragma once

#include <memory>
#include <string>

#include "writ/engine.h"

namespace writ::analysis::testing {

inline const Engine& test_engine() {
  static std::unique_ptr<Engine> engine = [] {
    EngineOptions o;
    o.home = WRIT_SOURCE_DIR;
    o.policy_paths = {std::string(WRIT_SOURCE_DIR) + "/policies",
                      std::string(WRIT_SOURCE_DIR) + "/tests/data/diff"};
    auto e = Engine::open(o);
    if (!e) throw std::runtime_error(e.error().message);
    return std::move(*e);
  }();
  return *engine;
}

}  // namespace writ::analysis::testing
