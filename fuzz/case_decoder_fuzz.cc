// Fuzzes the case decoder and the evaluator: arbitrary bytes are a writ-case/1 document for the
// nyc-doc policy (the bundled policies, loaded once). If it decodes it is decided, explained, and
// rendered as JSON and as a memo; a second decision uses a fixed as-of date so that cases without
// request.presented_at are evaluated too. Errors are fine; crashes and sanitizer reports are not.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "writ/engine.h"

namespace {

const writ::Engine& engine() {
  static const writ::Engine* e = [] {
    writ::EngineOptions opts;
    const char* h = std::getenv("WRIT_HOME");
    opts.home = h && *h ? h : WRIT_SOURCE_DIR;
    auto r = writ::Engine::open(opts);
    if (!r || !(*r)->has_policy("nyc-doc")) std::abort();
    return std::move(*r).release();
  }();
  return *e;
}

void decide(std::string_view text, const writ::DecideOptions& options) {
  auto d = engine().decide("nyc-doc", text, options);
  if (!d) return;
  (void)writ::to_json(*d);
  (void)writ::to_json(*d, -1);
  (void)writ::to_memo(*d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  writ::DecideOptions options;
  decide(text, options);
  options.as_of = "2024-03-01";
  decide(text, options);
  options.explain = false;
  decide(text, options);
  return 0;
}
