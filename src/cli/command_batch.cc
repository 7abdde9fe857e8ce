// writ batch --policy ID [--policy ID...] --input DIR|FILE --adapter NAME --out decisions.csv
//            [--report report.html] [--as-of record|DATE] [--threads N]
// What-if runs of policies over dataset records (docs/batch.md).
#include <fstream>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "batch/adapter.h"
#include "batch/progress.h"
#include "batch/record_source.h"
#include "batch/runner.h"
#include "calendar/civil.h"
#include "cli/commands.h"
#include "cli/home.h"
#include "report/tally.h"
#include "report/what_if.h"

namespace writ::cli {

namespace {
struct BatchArgs {
  std::vector<std::string> policies;
  std::string input, adapter, out = "-", report, as_of = "record";
  unsigned threads = 0;
  size_t chunk = 512;
  bool quiet = false;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

int run(const Globals& g, const BatchArgs& a) {
  batch::RunOptions opts;
  opts.policies = a.policies;
  opts.threads = a.threads;
  opts.chunk_records = a.chunk == 0 ? 1 : a.chunk;
  opts.jsonl = ends_with(a.out, ".jsonl");
  opts.results = !a.report.empty();
  opts.max_explanations = report::kMaxStoredExplanations;  // the report keeps no more
  opts.progress = !a.quiet && batch::Progress::stderr_is_terminal();
  if (a.as_of != "record") {
    auto d = cal::parse_date(a.as_of);
    if (!d) {
      std::cerr << fmt::format("writ: --as-of: '{}' is neither 'record' nor a date YYYY-MM-DD\n",
                               a.as_of);
      return 2;
    }
    opts.as_of = *d;
  }
  auto engine = open_engine(g);
  if (!engine) return 2;
  for (const auto& id : a.policies) {
    if (!engine->has_policy(id)) {
      std::cerr << fmt::format("writ: no policy '{}'; `writ policies` lists them\n", id);
      if (engine->error_count() > 0) std::cerr << engine->diagnostics();
      return 2;
    }
  }
  std::string home = find_home(g.home);
  batch::Adapter adapter;
  if (a.adapter == "jsonl") {
    adapter.name = "jsonl";
    adapter.path = "jsonl";
    adapter.jsonl = true;
  } else {
    auto loaded = batch::load_adapter(home, a.adapter);
    if (!loaded) {
      std::cerr << "writ: " << loaded.error().message << "\n";
      return 2;
    }
    adapter = std::move(*loaded);
  }
  auto source = batch::RecordSource::open(adapter, a.input);
  if (!source) {
    std::cerr << "writ: " << source.error().message << "\n";
    return exit_code_for(source.error());
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (a.out != "-") {
    file.open(a.out, std::ios::binary);
    if (!file) {
      std::cerr << fmt::format("writ: cannot write {}\n", a.out);
      return 2;
    }
    out = &file;
  }
  std::optional<report::WhatIfReport> rep;
  if (!a.report.empty())
    rep.emplace(a.policies, adapter.dataset.empty() ? adapter.name : adapter.dataset);
  auto summary = batch::run_batch(
      *engine, adapter, **source, opts, *out, [&](const batch::RecordResult& r) { rep->add(r); },
      [&](const batch::Unmapped& u) {
        if (rep) rep->add_unmapped(u);
      });
  if (!summary) {
    std::cerr << "writ: " << summary.error().message << "\n";
    return exit_code_for(summary.error());
  }
  std::ostream& info = a.out == "-" ? std::cerr : std::cout;
  if (!a.quiet) info << batch::format_summary(*summary, a.policies);
  if (rep) {
    std::string base = a.report;
    if (ends_with(base, ".html")) base.resize(base.size() - 5);
    bool ok = write_file(a.report, rep->html()) && write_file(base + ".json", rep->json()) &&
              write_file(base + "-counts.csv", rep->counts_csv()) &&
              write_file(base + "-changed.csv", rep->changed_csv());
    if (!ok) {
      std::cerr << fmt::format("writ: cannot write the report {}\n", a.report);
      return 2;
    }
    if (!a.quiet)
      info << fmt::format("report: {} (+ {}.json, {}-counts.csv, {}-changed.csv)\n", a.report, base,
                          base, base);
  }
  return 0;
}
}  // namespace

void register_batch(CLI::App& app, Globals& g) {
  auto a = std::make_shared<BatchArgs>();
  auto* cmd = app.add_subcommand(
      "batch", "what-if runs: decide every record of a dataset under one or more policies");
  cmd->add_option("--policy,-p", a->policies, "policy id (repeat to compare policies)")->required();
  cmd->add_option("--input,-i", a->input,
                  "the dataset: a directory holding the adapter's files, or one file")
      ->required();
  cmd->add_option("--adapter,-a", a->adapter,
                  "adapter name (adapters/<name>.adapter.md or .json), a path to an adapter "
                  "file, or jsonl (one writ-case/1 per line)")
      ->required();
  cmd->add_option("--out,-o", a->out,
                  "decisions, one row per record and policy: .csv, or .jsonl for JSON Lines; - "
                  "(default) writes CSV to standard output");
  cmd->add_option("--report", a->report,
                  "write the what-if report (HTML) here, and .json, -counts.csv, -changed.csv "
                  "beside it");
  cmd->add_option("--as-of", a->as_of,
                  "record (default): each record under the version in force on its own date; or "
                  "a date YYYY-MM-DD for every record");
  cmd->add_option("--threads,-j", a->threads, "worker threads (default: all cores)");
  cmd->add_option("--chunk", a->chunk, "records per chunk of work (default 512)");
  cmd->add_flag("--quiet,-q", a->quiet, "no progress line and no summary");
  cmd->callback([&g, a] { g.exit_code = run(g, *a); });
}

}  // namespace writ::cli
