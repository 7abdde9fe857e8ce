// Fuzzes the policy front end: an arbitrary input is a Markdown policy file. It is parsed; if it
// parses it is checked against the real prelude (and the nyc-definitions library, so that the real
// policies used as seeds get past `uses`); if it checks, every version is compiled and linked, and a
// fixed case is decided under each version. Diagnostics are rendered. Nothing may crash, leak or
// trip a sanitizer, whatever the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "calendar/holiday_calendar.h"
#include "calendar/time_zone.h"
#include "cases/case_decoder.h"
#include "catalog/catalog.h"
#include "check/checker.h"
#include "eval/evaluator.h"
#include "eval/program.h"
#include "syntax/parser.h"

namespace {

std::string home() {
  const char* h = std::getenv("WRIT_HOME");
  return h && *h ? h : WRIT_SOURCE_DIR;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A case that exercises most of the prelude's fields.
constexpr std::string_view kCase = R"J({
  "format": "writ-case/1", "id": "fuzz",
  "request": { "kind": "detainer", "from": "ICE", "presented_at": "2024-03-01T10:15:00-05:00",
    "documents": [ { "type": "warrant", "issuer": "federal_magistrate_judge", "names_subject": true,
                     "authorizes_custody": true } ] },
  "subject": { "watchlist_match": null, "prior_removal": true, "unlawful_reentry": true,
    "convictions": [ { "jurisdiction": "US-NY", "statute": "PL 160.05", "level": "felony",
      "inchoate": "none", "hate_crime": false, "judgment_date": "2021-11-03",
      "disposition": "conviction", "incarcerations": [ { "from": "2021-11-03", "to": "2022-01-01" } ] } ] },
  "custody": { "arrest_date": "2024-02-27", "release_eligible_at": "2024-03-01T14:00:00-05:00" }
})J";

// Loaded once: the prelude and the nyc-definitions library (parsed once; each input gets copies of
// the modules, and a SourceMap holding the same texts at the same file ids), the catalogs, the
// holiday calendars and the time zones met so far.
struct World {
  std::string prelude_text, library_text;
  writ::syntax::Module prelude, library;
  writ::catalog::Catalog catalog;
  std::map<std::string, writ::cal::HolidayCalendar> calendars;
  std::map<std::string, std::unique_ptr<writ::cal::TimeZone>> zones;  // nullptr: not a zone

  World() {
    std::string h = home();
    prelude_text = slurp(h + "/policies/prelude.writ.md");
    library_text = slurp(h + "/policies/nyc/definitions.writ.md");
    auto cat = writ::catalog::Catalog::load_dir(h + "/catalogs");
    if (!cat) std::abort();
    catalog = std::move(*cat);
    for (const char* id : {"us-ny-gcl-24", "us-federal"}) {
      auto c = writ::cal::HolidayCalendar::load_file(h + "/calendars/" + id + ".holidays");
      if (c) calendars.emplace(c->id(), std::move(*c));
    }
    if (prelude_text.empty() || calendars.empty()) std::abort();
    writ::SourceMap sources;
    writ::Diagnostics diags;
    uint32_t p = sources.add("policies/prelude.writ.md", prelude_text);
    uint32_t l = sources.add("policies/nyc/definitions.writ.md", library_text);
    prelude = writ::syntax::parse_module(sources, p, diags);
    library = writ::syntax::parse_module(sources, l, diags);
    if (diags.has_errors()) std::abort();
  }

  const writ::cal::TimeZone* zone(const std::string& name) {
    auto it = zones.find(name);
    if (it == zones.end()) {
      auto z = writ::cal::TimeZone::locate(name);
      it = zones.emplace(name, z ? std::make_unique<writ::cal::TimeZone>(std::move(*z)) : nullptr).first;
    }
    return it->second.get();
  }
};

World& world() {
  static World* w = new World();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace writ;
  if (size > 64 * 1024) return -1;  // policies are small; keep iterations fast
  World& w = world();
  auto sources = std::make_shared<SourceMap>();
  sources->add("policies/prelude.writ.md", w.prelude_text);            // file 0, as in World
  sources->add("policies/nyc/definitions.writ.md", w.library_text);   // file 1
  uint32_t file = sources->add("fuzz.writ.md", std::string(reinterpret_cast<const char*>(data), size));

  Diagnostics diags;
  syntax::Module prelude = w.prelude;
  syntax::Module policy = syntax::parse_module(*sources, file, diags);
  (void)render_all(diags, *sources);
  if (diags.has_errors()) return 0;

  std::vector<syntax::Module> libraries;
  if (policy.header) {
    for (const auto& [name, span] : policy.header->uses) {
      if (name == w.library.library) libraries.push_back(w.library);
    }
  }
  check::CheckEnv env;
  env.has_catalog_list = [&](const std::string& l) { return w.catalog.has_list(l); };
  env.has_calendar = [&](const std::string& c) { return w.calendars.count(c) > 0; };
  env.has_time_zone = [&](const std::string& z) { return w.zone(z) != nullptr; };
  std::shared_ptr<const check::CheckedPolicy> checked =
      check::check_policy(sources, std::move(prelude), std::move(libraries), std::move(policy), env, diags);
  (void)render_all(diags, *sources);
  if (!checked) return 0;

  const auto& h = checked->header();
  auto case_data = cases::decode_case(kCase, *checked);  // the schema is the same in every version
  for (size_t v = 0; v < h.versions.size(); ++v) {
    Diagnostics cdiags;
    auto prog = eval::compile_version(checked, v, cdiags);
    (void)render_all(cdiags, *sources);
    if (!prog) continue;
    prog->catalog = &w.catalog;
    prog->holidays = h.holidays.empty() ? nullptr : &w.calendars.at(h.holidays);
    prog->zone = w.zone(h.timezone);
    std::string link_error;
    if (!eval::link_program(*prog, link_error) || !case_data) continue;
    eval::Scratch scratch;
    (void)eval::evaluate(*prog, **case_data, scratch);
    (void)eval::evaluate_explained(*prog, **case_data, scratch);
  }
  return 0;
}
