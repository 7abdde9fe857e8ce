// The public entry point: load policies once, decide many cases.
//
//   auto engine = writ::Engine::open({.home = "."});
//   auto decision = (*engine)->decide("nyc-doc", case_json, {});
//
// An Engine is immutable after open() and safe to share between threads; decide() keeps its
// per-call state on the calling thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "writ/decision.h"
#include "writ/result.h"

namespace writ {

struct EngineOptions {
  // The directory holding policies/, catalogs/ and calendars/ (the repository or install root).
  std::string home = ".";
  // Policy files or directories to load instead of <home>/policies (the prelude always comes
  // from <home>/policies/prelude.writ.md).
  std::vector<std::string> policy_paths;
};

struct PolicyVersionInfo {
  std::string from;  // ISO date in force from
  std::string to;    // ISO date no longer in force from; empty = open-ended
  std::string label;
};

struct PolicyInfo {
  std::string id, title, jurisdiction, agency, path, digest, timezone, holidays;
  std::vector<std::pair<std::string, std::string>> sources;
  std::vector<PolicyVersionInfo> versions;
  size_t rules = 0, definitions = 0;
};

struct DecideOptions {
  std::optional<std::string> as_of;  // ISO date; default: the date the request was presented
  bool explain = true;               // reasons and missing facts
  // Boolean definitions without parameters whose values the caller wants in Decision::facts
  // whatever the outcome needed (the statutory reports classify every decision by them);
  // names the policy does not define that way are left out.
  std::vector<std::string> facts;
};

class Engine {
 public:
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Loads and checks every policy. Policies with errors are left out; their diagnostics are in
  // diagnostics(). Fails only when the prelude, catalogs or calendars cannot be loaded.
  static Result<std::unique_ptr<Engine>> open(const EngineOptions& options);

  std::vector<PolicyInfo> policies() const;
  bool has_policy(std::string_view id) const;
  // Rendered diagnostics (file:line:col, source line, caret, hint), sorted; empty when clean.
  std::string diagnostics() const;
  size_t error_count() const;
  size_t warning_count() const;

  Result<Decision> decide(std::string_view policy_id, std::string_view case_json,
                          const DecideOptions& options = {}) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace writ
