// Loading: the prelude, catalogs, calendars and every policy, checked and compiled per version.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <sodium.h>

#include "cases/case_decoder.h"
#include "engine/engine_impl.h"
#include "syntax/parser.h"

namespace writ {
namespace fs = std::filesystem;

namespace {

Result<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, fmt::format("cannot read {}", p.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string sha256_hex(const std::string& data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string hex;
  for (unsigned char c : out) hex += fmt::format("{:02x}", c);
  return hex;
}

// Files below `root` (or `root` itself) whose name ends with `suffix`, sorted.
std::vector<fs::path> files_with_suffix(const fs::path& root, std::string_view suffix) {
  std::vector<fs::path> out;
  std::error_code ec;
  auto matches = [&](const fs::path& p) {
    std::string n = p.filename().string();
    return n.size() >= suffix.size() &&
           n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (fs::is_regular_file(root, ec)) {
    out.push_back(root);
    return out;
  }
  if (!fs::is_directory(root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && matches(it->path())) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string relative_to(const fs::path& p, const fs::path& base) {
  std::error_code ec;
  fs::path r = fs::relative(p, base, ec);
  if (ec || r.empty() || r.string().rfind("..", 0) == 0) return p.string();
  return r.string();
}

}  // namespace

const eval::Program* LoadedPolicy::program_for(cal::Days day) const {
  for (const auto& p : programs) {
    if (day >= p->from && day < p->to) return p.get();
  }
  return nullptr;
}

const LoadedPolicy* Engine::Impl::find(std::string_view id) const {
  for (const auto& p : policies) {
    if (p->id == id) return p.get();
  }
  return nullptr;
}

std::string Engine::Impl::known_ids() const {
  std::string s;
  for (const auto& p : policies) s += (s.empty() ? "" : ", ") + p->id;
  return s.empty() ? "none loaded" : s;
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::open(const EngineOptions& options) {
  if (sodium_init() < 0) return make_error(ErrorCode::kInternal, "libsodium failed to initialize");
  auto impl = std::make_unique<Impl>();
  fs::path home = options.home.empty() ? fs::path(".") : fs::path(options.home);
  impl->home = home.string();

  // Catalogs.
  fs::path catalog_dir = home / "catalogs";
  if (!fs::is_directory(catalog_dir)) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("no catalogs/ directory under {} (set --home or WRIT_HOME to the "
                                  "directory holding policies/, catalogs/ and calendars/)",
                                  home.string()));
  }
  for (const auto& f : files_with_suffix(catalog_dir, ".csv")) {
    auto text = read_file(f);
    if (!text) return text.error();
    auto added = impl->catalog.add_csv(*text, relative_to(f, home));
    if (!added) return added.error();
    impl->catalog_text += *text;
  }
  // Holiday calendars.
  for (const auto& f : files_with_suffix(home / "calendars", ".holidays")) {
    auto text = read_file(f);
    if (!text) return text.error();
    auto cal = cal::HolidayCalendar::parse(*text, relative_to(f, home));
    if (!cal) return cal.error();
    impl->calendar_texts[cal->id()] = *text;
    impl->calendars.emplace(cal->id(), std::move(*cal));
  }

  // Sources: the prelude, then every policy file.
  fs::path prelude_path = home / "policies" / "prelude.writ.md";
  auto prelude_text = read_file(prelude_path);
  if (!prelude_text) {
    return make_error(
        ErrorCode::kNotFound,
        fmt::format("no prelude at {} (it declares the case format)", prelude_path.string()));
  }
  uint32_t prelude_file = impl->sources->add(relative_to(prelude_path, home), *prelude_text);
  std::vector<fs::path> policy_files;
  std::vector<std::string> roots = options.policy_paths;
  if (roots.empty()) roots.push_back((home / "policies").string());
  for (const auto& r : roots) {
    auto found = files_with_suffix(r, ".writ.md");
    if (found.empty() && !fs::exists(r)) {
      return make_error(ErrorCode::kNotFound, fmt::format("no such file or directory: {}", r));
    }
    for (auto& f : found) {
      if (f.filename() != "prelude.writ.md") policy_files.push_back(f);
    }
  }
  std::sort(policy_files.begin(), policy_files.end());
  policy_files.erase(std::unique(policy_files.begin(), policy_files.end()), policy_files.end());
  std::vector<uint32_t> file_ids;
  for (const auto& f : policy_files) {
    auto text = read_file(f);
    if (!text) return text.error();
    file_ids.push_back(impl->sources->add(relative_to(f, home), std::move(*text)));
  }

  Diagnostics prelude_diags;
  syntax::Module prelude = syntax::parse_module(*impl->sources, prelude_file, prelude_diags);
  impl->diags.append(prelude_diags);
  if (prelude_diags.has_errors()) {
    return make_error(ErrorCode::kInvalidPolicy,
                      "the prelude has errors:\n" + render_all(prelude_diags, *impl->sources));
  }

  check::CheckEnv env;
  env.has_catalog_list = [&](const std::string& l) { return impl->catalog.has_list(l); };
  env.has_calendar = [&](const std::string& c) { return impl->calendars.count(c) > 0; };
  env.has_time_zone = [](const std::string& z) { return cal::TimeZone::locate(z).ok(); };

  std::shared_ptr<const SourceMap> sources = impl->sources;
  // Parse every file; libraries (shared definitions) are kept by name for the policies using them.
  struct Parsed {
    uint32_t file;
    syntax::Module module;
    Diagnostics diags;
  };
  std::vector<Parsed> parsed;
  std::map<std::string, const Parsed*> libraries;
  parsed.reserve(file_ids.size());
  for (uint32_t fid : file_ids) {
    Parsed p{fid, {}, {}};
    p.module = syntax::parse_module(*sources, fid, p.diags);
    parsed.push_back(std::move(p));
  }
  for (auto& p : parsed) {
    if (p.module.library.empty()) continue;
    if (libraries.count(p.module.library)) {
      p.diags.error("E0222", p.module.library_span,
                    fmt::format("library name '{}' is used by another file", p.module.library));
      continue;
    }
    libraries[p.module.library] = &p;
  }
  for (auto& p : parsed) {
    if (!p.module.library.empty()) {
      impl->diags.append(p.diags);
      continue;
    }
    Diagnostics d = p.diags;
    syntax::Module& m = p.module;
    std::vector<syntax::Module> libs;
    std::string lib_text;
    if (!d.has_errors() && m.header) {
      if (impl->find(m.header->id)) {
        d.error("E0221", m.header->span,
                fmt::format("policy id '{}' is used by another file", m.header->id),
                "every policy needs its own id");
      }
      for (const auto& [name, span] : m.header->uses) {
        auto it = libraries.find(name);
        if (it == libraries.end()) {
          d.error("E0223", span, fmt::format("no library named '{}'", name),
                  "a library is a .writ.md file that starts with `library <name>`");
        } else if (it->second->diags.has_errors()) {
          d.error("E0224", span, fmt::format("library '{}' has errors", name));
        } else {
          libs.push_back(it->second->module);
          lib_text += sources->file(it->second->file).text();
        }
      }
    }
    std::unique_ptr<check::CheckedPolicy> checked;
    if (!d.has_errors())
      checked = check::check_policy(sources, prelude, std::move(libs), std::move(m), env, d);
    auto lp = std::make_unique<LoadedPolicy>();
    if (checked) {
      lp->checked = std::move(checked);
      const auto& h = lp->checked->header();
      lp->id = h.id;
      lp->path = sources->file(p.file).path();
      for (size_t v = 0; v < h.versions.size(); ++v) {
        auto prog = eval::compile_version(lp->checked, v, d);
        if (prog) lp->programs.push_back(std::move(prog));
      }
      if (!d.has_errors()) {
        auto zone = cal::TimeZone::locate(h.timezone);
        if (zone) lp->zone = std::make_unique<cal::TimeZone>(std::move(*zone));
        const cal::HolidayCalendar* holidays = nullptr;
        if (!h.holidays.empty()) holidays = &impl->calendars.at(h.holidays);
        for (auto& prog : lp->programs) {
          prog->catalog = &impl->catalog;
          prog->holidays = holidays;
          prog->zone = lp->zone.get();
          std::string link_error;
          if (!eval::link_program(*prog, link_error)) {
            d.error("E0504", h.span, fmt::format("version {}: {}", prog->version, link_error));
          }
        }
        std::string digest_input = sources->file(prelude_file).text();
        digest_input += lib_text;
        digest_input += sources->file(p.file).text();
        digest_input += impl->catalog_text;
        if (!h.holidays.empty()) digest_input += impl->calendar_texts[h.holidays];
        lp->digest = "sha256:" + sha256_hex(digest_input);
      }
    }
    impl->diags.append(d);
    if (lp->checked && !d.has_errors()) impl->policies.push_back(std::move(lp));
  }
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

std::vector<PolicyInfo> Engine::policies() const {
  std::vector<PolicyInfo> out;
  for (const auto& p : impl_->policies) {
    const auto& h = p->checked->header();
    PolicyInfo i;
    i.id = p->id;
    i.title = h.title;
    i.jurisdiction = h.jurisdiction;
    i.agency = h.agency;
    i.path = p->path;
    i.digest = p->digest;
    i.timezone = h.timezone;
    i.holidays = h.holidays;
    i.sources = h.sources;
    for (size_t v = 0; v < h.versions.size(); ++v) {
      PolicyVersionInfo vi;
      vi.from = h.versions[v].date;
      vi.label = h.versions[v].label;
      vi.to = v + 1 < h.versions.size() ? h.versions[v + 1].date : h.ends;
      i.versions.push_back(vi);
    }
    i.rules = p->checked->policy().rules.size();
    i.definitions = p->checked->policy().defs.size();
    out.push_back(std::move(i));
  }
  return out;
}

bool Engine::has_policy(std::string_view id) const {
  return impl_->find(id) != nullptr;
}

std::string Engine::diagnostics() const {
  return render_all(impl_->diags, *impl_->sources);
}

size_t Engine::error_count() const {
  size_t n = 0;
  for (const auto& d : impl_->diags.sorted()) n += d.severity == Severity::kError;
  return n;
}

size_t Engine::warning_count() const {
  size_t n = 0;
  for (const auto& d : impl_->diags.sorted()) n += d.severity == Severity::kWarning;
  return n;
}

Result<cal::Days> decision_date(const check::CheckedPolicy& policy, const eval::CaseData& data,
                                const std::optional<std::string>& as_of) {
  if (as_of) {
    auto d = cal::parse_date(*as_of);
    if (!d)
      return make_error(ErrorCode::kInvalidInput,
                        fmt::format("--as-of: '{}' is not a real date", *as_of));
    return *d;
  }
  if (policy.request_input >= 0 && policy.presented_at_field >= 0) {
    const eval::Value& rv = data.root()->slots[policy.request_input];
    if (rv.kind == eval::VKind::kRecord) {
      const eval::Value& t = rv.rec->slots[policy.presented_at_field];
      if (t.kind == eval::VKind::kDateTime) {
        return cal::local_date(cal::DateTime{t.dt.utc, t.dt.offset});
      }
    }
  }
  return make_error(
      ErrorCode::kInvalidInput,
      "/request/presented_at: unknown, so the date the policy is applied as of is unknown; "
      "give request.presented_at or --as-of",
      "/request/presented_at");
}

Result<Decision> Engine::decide(std::string_view policy_id, std::string_view case_json,
                                const DecideOptions& options) const {
  const LoadedPolicy* lp = impl_->find(policy_id);
  if (!lp) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("no policy '{}' (loaded: {})", policy_id, impl_->known_ids()));
  }
  auto data = cases::decode_case(case_json, *lp->checked, {}, &impl_->catalog);
  if (!data) return data.error();
  auto day = decision_date(*lp->checked, **data, options.as_of);
  if (!day) return day.error();
  const eval::Program* prog = lp->program_for(*day);
  if (!prog) {
    std::string versions;
    for (const auto& p : lp->programs) {
      versions += fmt::format("{}{} to {}", versions.empty() ? "" : "; ", p->version,
                              p->to == INT32_MAX ? std::string("now") : cal::format_date(p->to));
    }
    return make_error(ErrorCode::kNoVersion,
                      fmt::format("no version of {} is in force on {} (versions: {})", lp->id,
                                  cal::format_date(*day), versions));
  }
  thread_local eval::Scratch scratch;
  auto verdict = options.explain ? eval::evaluate_explained(*prog, **data, scratch)
                                 : eval::evaluate(*prog, **data, scratch);
  if (!verdict) return verdict.error();
  Decision decision = build_decision(*lp, *prog, **data, scratch, *verdict,
                                     cal::format_date(*day), options.explain);
  for (const auto& name : options.facts) {
    for (uint32_t g = 0; g < prog->defs.size(); ++g) {
      const eval::DefCode& def = prog->defs[g];
      if (def.name != name || !def.param_slots.empty() || def.body == eval::kNone32) continue;
      auto value = eval::evaluate_bool_definition(*prog, **data, scratch, g);
      if (!value) return value.error();
      decision.facts.push_back(
          {name, *value == eval::Tri::kUnknown ? std::nullopt
                                               : std::optional<bool>(*value == eval::Tri::kTrue)});
      break;
    }
  }
  return decision;
}

}  // namespace writ
