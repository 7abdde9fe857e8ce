#include "batch/runner.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "base/json_writer.h"
#include "batch/mapper.h"
#include "batch/progress.h"
#include "calendar/civil.h"
#include "cases/case_decoder.h"
#include "engine/engine_impl.h"
#include "eval/evaluator.h"

namespace writ::batch {
namespace {

constexpr size_t kExamplesPerReason = 5;

// A row's outcome under one policy: the evaluator's three, or why there is none.
enum Kind : uint8_t { kHonor, kDecline, kReview, kError, kUnmapped, kKinds };
constexpr const char* kKindNames[kKinds] = {"honor", "decline", "review", "error", "unmapped"};

Kind kind_of(eval::Outcome o) {
  switch (o) {
    case eval::Outcome::kHonor:
      return kHonor;
    case eval::Outcome::kDecline:
      return kDecline;
    case eval::Outcome::kReview:
      return kReview;
  }
  return kReview;
}

// Bytes that make a CSV field need quotes.
constexpr std::array<bool, 256> kNeedsQuote = [] {
  std::array<bool, 256> t{};
  t[','] = t['"'] = t['\n'] = t['\r'] = true;
  return t;
}();

// Whether a word has a byte equal to c (exact: no false positives).
constexpr bool has_byte(uint64_t w, unsigned char c) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  uint64_t x = w ^ (kOnes * c);
  return ((x - kOnes) & ~x & kHighs) != 0;
}

bool needs_quote(std::string_view v) {
  size_t i = 0;
  for (; i + 8 <= v.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, v.data() + i, 8);
    if (has_byte(w, ',') || has_byte(w, '"') || has_byte(w, '\n') || has_byte(w, '\r')) return true;
  }
  for (; i < v.size(); ++i) {
    if (kNeedsQuote[static_cast<unsigned char>(v[i])]) return true;
  }
  return false;
}

void csv_field(std::string& out, std::string_view v) {
  if (!needs_quote(v)) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// Writers into a buffer sized beforehand (see Worker::write).
char* put(char* p, std::string_view v) {
  if (v.empty()) return p;  // an empty view may have no data pointer, which memcpy may not take
  std::memcpy(p, v.data(), v.size());
  return p + v.size();
}

// A CSV field: at most 2 * size + 2 bytes.
char* put_csv(char* p, std::string_view v) {
  if (!needs_quote(v)) return put(p, v);
  *p++ = '"';
  for (char c : v) {
    if (c == '"') *p++ = '"';
    *p++ = c;
  }
  *p++ = '"';
  return p;
}

void append_number(std::string& out, uint64_t n) {
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, r.ptr);
}

// YYYY-MM-DD (years 1..9999, as the calendar keeps them).
void append_date(std::string& out, int32_t day) {
  cal::Ymd d = cal::ymd_from_days(day);
  char b[10] = {static_cast<char>('0' + d.year / 1000 % 10),
                static_cast<char>('0' + d.year / 100 % 10),
                static_cast<char>('0' + d.year / 10 % 10),
                static_cast<char>('0' + d.year % 10),
                '-',
                static_cast<char>('0' + d.month / 10),
                static_cast<char>('0' + d.month % 10),
                '-',
                static_cast<char>('0' + d.day / 10),
                static_cast<char>('0' + d.day % 10)};
  out.append(b, 10);
}

// A JSON string literal (the JSON Lines output); invalid UTF-8 in the source data becomes
// U+FFFD, so every line stays valid JSON.
void json_string(std::string& out, std::string_view v) {
  JsonWriter::escape(out, v);
}

// One policy of the run, resolved.
struct PolicyRun {
  const LoadedPolicy* lp = nullptr;
  int mapper = -1;  // index into the distinct mappers (records of the same layout share a case)
  std::vector<int> column;  // per action of the policy: its output action column
};

struct Chunk {
  uint64_t seq = 0;
  size_t n = 0;
  std::vector<RawRecord> records;
  std::vector<Unmapped> orphans;  // rows read with this chunk that belong to no record
  // Results.
  std::string text;
  std::vector<RecordResult> results;
  std::vector<Unmapped> unmapped;  // records that could not be mapped, in order
  std::vector<std::map<std::string, uint64_t>> outcomes, errors;
  std::vector<std::array<uint64_t, kKinds>> counts;  // per policy and outcome, this chunk
  uint64_t unmapped_records = 0;
  uint64_t changed = 0;  // records whose outcomes differ between policies
};

struct Shared {
  const Engine* engine = nullptr;
  const Adapter* adapter = nullptr;
  const RunOptions* options = nullptr;
  std::vector<PolicyRun> policies;
  std::vector<std::unique_ptr<Mapper>> mappers;
  std::vector<std::string> action_names;  // output action columns
  // Changed records in the chunks written so far: a lower bound of those before any chunk being
  // decided, so a worker knows when the first max_explanations have surely been explained.
  std::atomic<uint64_t> changed_written{0};
  std::vector<std::string> sources;        // the tables' files, as given
  std::vector<std::string> source_names;   // their file names, for output rows
  std::vector<std::string> source_fields;  // the same as CSV fields (quoted when they need it)
};

// Decides records; one per worker thread (its Scratch and Verdict are reused).
class Worker {
 public:
  explicit Worker(const Shared& s) : s_(s) {}

  void process(Chunk& c) {
    const size_t np = s_.policies.size();
    c.text.clear();
    c.unmapped.clear();
    c.unmapped_records = 0;
    c.changed = 0;
    c.outcomes.assign(np, {});
    c.errors.assign(np, {});
    c.counts.assign(np, {});
    if (s_.options->results) c.results.resize(c.n);
    for (size_t i = 0; i < c.n; ++i) record(c, i);
    for (size_t p = 0; p < np; ++p) {
      for (size_t k = 0; k < kKinds; ++k) {
        if (c.counts[p][k]) c.outcomes[p][kKindNames[k]] = c.counts[p][k];
      }
    }
  }

 private:
  struct Outcome {
    Kind kind = kError;
    std::string reason;
    const std::string* version = nullptr;   // the program's; null: none
    std::vector<std::string_view> actions;  // per output action column
    const eval::Program* program = nullptr;
    int32_t day = 0;
  };

  void record(Chunk& c, size_t i) {
    const RawRecord& rec = c.records[i];
    const size_t np = s_.policies.size();
    outs_.resize(np);
    for (auto& o : outs_) {
      o.kind = kError;
      o.reason.clear();
      o.version = nullptr;
      o.program = nullptr;
      o.actions.assign(s_.action_names.size(), std::string_view());
    }
    std::string failure;
    uint64_t fail_line = rec.line;
    uint32_t fail_table = rec.source;
    meta_.id.clear();
    meta_.facility.clear();
    meta_.day.reset();
    meta_.attrs.clear();
    if (!rec.error.empty()) {
      meta_.id = fmt::format("line-{}", rec.line);
      failure = rec.error;
      fail_line = rec.error_line;
      fail_table = rec.error_source;
    } else if (s_.adapter->jsonl) {
      decode_jsonl(rec, failure);
    } else {
      MapFailure mf;
      if (!s_.mappers[0]->meta(rec, meta_, mf)) {
        failure = mf.reason;
        fail_line = mf.line;
        fail_table = mf.table;
      } else {
        // One CaseData per layout, reused from record to record.
        if (datas_.size() != s_.mappers.size()) {
          datas_.clear();
          for (size_t m = 0; m < s_.mappers.size(); ++m)
            datas_.push_back(std::make_unique<eval::CaseData>());
        }
        for (size_t m = 0; m < s_.mappers.size() && failure.empty(); ++m) {
          datas_[m]->clear();
          if (!s_.mappers[m]->map(rec, meta_, *datas_[m], mf, map_scratch_)) {
            failure = mf.reason;
            fail_line = mf.line;
            fail_table = mf.table;
          }
        }
      }
    }
    std::string& date = date_;
    date.clear();
    if (meta_.day) append_date(date, *meta_.day);
    if (!failure.empty()) {
      ++c.unmapped_records;
      c.unmapped.push_back({s_.sources[fail_table], fail_line, failure});
      for (size_t p = 0; p < np; ++p) {
        ++c.counts[p][kUnmapped];
        outs_[p].kind = kUnmapped;
        outs_[p].reason = failure;
      }
      write(c, rec, date);
      if (s_.options->results) c.results[i].line = 0;  // not a decided record
      return;
    }
    bool differ = false;
    for (size_t p = 0; p < np; ++p) {
      decide(p);
      ++c.counts[p][outs_[p].kind];
      if (outs_[p].kind == kError) ++c.errors[p][outs_[p].reason];
      if (outs_[p].kind != outs_[0].kind) differ = true;
    }
    write(c, rec, date);
    bool explain_it = false;
    if (differ) {
      explain_it = s_.changed_written.load(std::memory_order_relaxed) + c.changed <
                   s_.options->max_explanations;
      ++c.changed;
    }
    if (s_.options->results) {
      RecordResult& r = c.results[i];
      r.line = rec.line;
      r.source = s_.source_names[rec.source];
      r.record_id = meta_.id;
      r.date = date;
      r.facility = meta_.facility;
      r.attrs = meta_.attrs;
      r.by_policy.resize(np);
      for (size_t p = 0; p < np; ++p) {
        r.by_policy[p].outcome = kKindNames[outs_[p].kind];
        r.by_policy[p].reason = outs_[p].reason;
        r.by_policy[p].explanation.clear();
        if (explain_it && outs_[p].program) r.by_policy[p].explanation = explain(p);
      }
    }
  }

  const eval::CaseData& data_for(size_t p) const {
    if (s_.adapter->jsonl) return *datas_[p];
    return *datas_[static_cast<size_t>(s_.policies[p].mapper)];
  }

  void decode_jsonl(const RawRecord& rec, std::string& failure) {
    datas_.clear();
    std::string_view text = rec.rows[0].field(0);
    for (size_t p = 0; p < s_.policies.size(); ++p) {
      const LoadedPolicy& lp = *s_.policies[p].lp;
      auto d = cases::decode_case(text, *lp.checked, {}, &s_.engine->impl().catalog);
      if (!d) {
        failure = d.error().message;
        return;
      }
      datas_.push_back(std::move(*d));
    }
    const eval::CaseData& d0 = *datas_[0];
    const auto& pol = *s_.policies[0].lp->checked;
    meta_.id = d0.id;
    auto day = decision_date(pol, d0, std::nullopt);
    if (day) meta_.day = *day;
    int custody = -1;
    for (size_t k = 0; k < pol.inputs.size(); ++k) {
      if (pol.inputs[k].first == "custody") custody = static_cast<int>(k);
    }
    if (custody >= 0) {
      const eval::Value& cv = d0.root()->slots[custody];
      if (cv.kind == eval::VKind::kRecord) {
        const auto& info = pol.schema.records[cv.rec->type];
        int f = info.field_index("facility");
        if (f >= 0 && cv.rec->slots[f].kind == eval::VKind::kString)
          meta_.facility = *cv.rec->slots[f].str;
      }
    }
  }

  void decide(size_t p) {
    Outcome& o = outs_[p];
    const PolicyRun& pr = s_.policies[p];
    int32_t day = 0;
    if (s_.options->as_of) {
      day = *s_.options->as_of;
    } else if (meta_.day) {
      day = *meta_.day;
    } else {
      o.kind = kError;
      o.reason = meta_.date_problem.empty() ? "the record has no date (use --as-of DATE)"
                                            : meta_.date_problem;
      return;
    }
    const eval::Program* prog = pr.lp->program_for(day);
    if (!prog) {
      o.kind = kError;
      o.reason = "no version in force";
      return;
    }
    o.version = &prog->version;
    auto r = eval::evaluate_into(*prog, data_for(p), scratch_, verdict_, eval::Actions::kRequested);
    if (!r) {
      o.kind = kError;
      o.reason = r.error().message;
      return;
    }
    o.program = prog;
    o.day = day;
    o.kind = kind_of(verdict_.outcome);
    const auto& pol = *pr.lp->checked;
    for (size_t a = 0; a < verdict_.actions.size(); ++a) {
      const auto& av = verdict_.actions[a];
      if (!av.requested || !av.evaluated) continue;
      const eval::Value& v = av.permitted.value;
      o.actions[static_cast<size_t>(pr.column[a])] =
          v.kind == eval::VKind::kBool ? (v.b ? "permitted" : "forbidden") : "unknown";
      int32_t rule = av.permitted.rule;
      if (rule >= 0) {
        const std::string& label = pol.rule(prog->rules[static_cast<size_t>(rule)].rule).label;
        bool seen = false;
        size_t b = 0;
        while (b <= o.reason.size() && !o.reason.empty()) {
          size_t e = o.reason.find(';', b);
          if (e == std::string::npos) e = o.reason.size();
          if (std::string_view(o.reason).substr(b, e - b) == label) seen = true;
          b = e + 1;
        }
        if (!seen) {
          if (!o.reason.empty()) o.reason.push_back(';');
          o.reason += label;
        }
      }
    }
  }

  std::string explain(size_t p) {
    const Outcome& o = outs_[p];
    const PolicyRun& pr = s_.policies[p];
    const eval::CaseData& data = data_for(p);
    auto v = eval::evaluate_explained(*o.program, data, scratch_);
    if (!v) return v.error().message;
    Decision d =
        build_decision(*pr.lp, *o.program, data, scratch_, *v, cal::format_date(o.day), true);
    return to_memo(d);
  }

  void write(Chunk& c, const RawRecord& rec, const std::string& date) {
    static const std::string kNoVersion;
    std::string& t = c.text;
    for (size_t p = 0; p < s_.policies.size(); ++p) {
      const Outcome& o = outs_[p];
      if (s_.options->jsonl) {
        t += "{\"record_id\":";
        json_string(t, meta_.id);
        t += ",\"source\":";
        json_string(t, s_.source_names[rec.source]);
        t += ",\"line\":";
        append_number(t, rec.line);
        t += ",\"date\":";
        json_string(t, date);
        t += ",\"facility\":";
        json_string(t, meta_.facility);
        t += ",\"policy\":";
        json_string(t, s_.policies[p].lp->id);
        t += ",\"version\":";
        json_string(t, o.version ? *o.version : kNoVersion);
        t += ",\"actions\":{";
        bool first = true;
        for (size_t a = 0; a < s_.action_names.size(); ++a) {
          if (o.actions[a].empty()) continue;
          if (!first) t.push_back(',');
          first = false;
          json_string(t, s_.action_names[a]);
          t.push_back(':');
          json_string(t, o.actions[a]);
        }
        t += "},\"outcome\":";
        json_string(t, kKindNames[o.kind]);
        t += ",\"rules\":";
        json_string(t, o.reason);
        t += "}\n";
        continue;
      }
      const std::string& source = s_.source_fields[rec.source];
      const std::string& policy = s_.policies[p].lp->id;
      std::string_view version = o.version ? std::string_view(*o.version) : std::string_view();
      // Room for every field (quoted ones at most double plus their quotes), commas and the line
      // end; the row is written in place, then the text cut to what was written.
      size_t room = 2 * meta_.id.size() + source.size() + 24 + date.size() +
                    2 * meta_.facility.size() + policy.size() + version.size() + 16 +
                    2 * o.reason.size() + 16;
      for (std::string_view a : o.actions) room += a.size() + 1;
      size_t at = t.size();
      t.resize(at + room);
      char* b = t.data() + at;
      char* q = put_csv(b, meta_.id);
      *q++ = ',';
      q = put(q, source);
      *q++ = ',';
      q = std::to_chars(q, q + 24, rec.line).ptr;
      *q++ = ',';
      q = put(q, date);
      *q++ = ',';
      q = put_csv(q, meta_.facility);
      *q++ = ',';
      q = put(q, policy);
      *q++ = ',';
      q = put(q, version);
      for (std::string_view a : o.actions) {
        *q++ = ',';
        q = put(q, a);
      }
      *q++ = ',';
      q = put(q, kKindNames[o.kind]);
      *q++ = ',';
      q = put_csv(q, o.reason);
      *q++ = '\n';
      t.resize(at + static_cast<size_t>(q - b));
    }
  }

  const Shared& s_;
  eval::Scratch scratch_;
  eval::Verdict verdict_;
  RecordMeta meta_;
  MapScratch map_scratch_;
  std::vector<std::unique_ptr<eval::CaseData>> datas_;
  std::vector<Outcome> outs_;
  std::string date_;
};

}  // namespace

std::vector<std::string> output_columns(const Engine& engine,
                                        const std::vector<std::string>& policies) {
  std::vector<std::string> cols = {"record_id", "source", "line",   "date",
                                   "facility",  "policy", "version"};
  std::vector<std::string> actions;
  for (const auto& id : policies) {
    const LoadedPolicy* lp = engine.impl().find(id);
    if (!lp) continue;
    for (const auto& a : lp->checked->actions) {
      if (std::find(actions.begin(), actions.end(), a.name) == actions.end())
        actions.push_back(a.name);
    }
  }
  cols.insert(cols.end(), actions.begin(), actions.end());
  cols.push_back("outcome");
  cols.push_back("rules");
  return cols;
}

Result<RunSummary> run_batch(const Engine& engine, const Adapter& adapter, RecordSource& source,
                             const RunOptions& options, std::ostream& out,
                             const std::function<void(const RecordResult&)>& on_record,
                             const std::function<void(const Unmapped&)>& on_unmapped) {
  auto started = std::chrono::steady_clock::now();
  Shared sh;
  sh.engine = &engine;
  sh.adapter = &adapter;
  sh.options = &options;
  sh.sources = source.sources();
  for (const auto& f : sh.sources) {
    sh.source_names.push_back(std::filesystem::path(f).filename().string());
    sh.source_fields.emplace_back();
    csv_field(sh.source_fields.back(), sh.source_names.back());
  }
  if (options.policies.empty())
    return make_error(ErrorCode::kInvalidInput, "give at least one --policy");
  auto columns = output_columns(engine, options.policies);
  sh.action_names.assign(columns.begin() + 7, columns.end() - 2);
  for (const auto& id : options.policies) {
    const LoadedPolicy* lp = engine.impl().find(id);
    if (!lp) {
      return make_error(ErrorCode::kNotFound,
                        fmt::format("no policy '{}' (loaded: {})", id, engine.impl().known_ids()));
    }
    PolicyRun pr;
    pr.lp = lp;
    for (const auto& a : lp->checked->actions) {
      pr.column.push_back(
          static_cast<int>(std::find(sh.action_names.begin(), sh.action_names.end(), a.name) -
                           sh.action_names.begin()));
    }
    if (!adapter.jsonl) {
      auto m = Mapper::compile(adapter, source.headers(), *lp->checked, &engine.impl().catalog);
      if (!m) return m.error();
      for (size_t k = 0; k < sh.mappers.size(); ++k) {
        if (sh.mappers[k]->signature() == m->signature()) pr.mapper = static_cast<int>(k);
      }
      if (pr.mapper < 0) {
        pr.mapper = static_cast<int>(sh.mappers.size());
        sh.mappers.push_back(std::make_unique<Mapper>(std::move(*m)));
      }
    }
    sh.policies.push_back(std::move(pr));
  }

  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  threads = std::min(threads, 256u);
  const size_t pool_size = 2 * threads + 2;
  std::vector<std::unique_ptr<Chunk>> pool;
  std::deque<Chunk*> free_chunks, work;
  std::map<uint64_t, Chunk*> done;
  for (size_t i = 0; i < pool_size; ++i) {
    pool.push_back(std::make_unique<Chunk>());
    free_chunks.push_back(pool.back().get());
  }
  std::mutex mu;
  std::condition_variable cv_free, cv_work, cv_done;
  bool reading_done = false;
  uint64_t chunks_total = UINT64_MAX;

  RunSummary summary;
  summary.threads = threads;
  summary.outcomes.assign(options.policies.size(), {});
  summary.errors.assign(options.policies.size(), {});

  // Header.
  if (!options.jsonl) {
    std::string h;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) h.push_back(',');
      h += columns[i];
    }
    out << h << '\n';
  }

  auto note_unmapped = [&](const Unmapped& u) {
    auto& r = summary.unmapped[u.reason];
    ++r.count;
    if (r.where.size() < kExamplesPerReason)
      r.where.push_back(fmt::format("{}:{}", u.source, u.line));
    if (on_unmapped) on_unmapped(u);
  };

  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      Worker w(sh);
      for (;;) {
        Chunk* c = nullptr;
        {
          std::unique_lock lock(mu);
          cv_work.wait(lock, [&] { return !work.empty() || reading_done; });
          if (work.empty()) return;
          c = work.front();
          work.pop_front();
        }
        w.process(*c);
        {
          std::lock_guard lock(mu);
          done[c->seq] = c;
        }
        cv_done.notify_one();
      }
    });
  }

  Progress progress(options.progress, source.bytes_total());
  std::atomic<uint64_t> bytes_read{0};
  std::thread writer([&] {
    uint64_t next = 0, changed_in_order = 0;
    for (;;) {
      Chunk* c = nullptr;
      {
        std::unique_lock lock(mu);
        cv_done.wait(lock, [&] { return done.count(next) || next == chunks_total; });
        if (next == chunks_total && !done.count(next)) return;
        c = done[next];
        done.erase(next);
      }
      out.write(c->text.data(), static_cast<std::streamsize>(c->text.size()));
      for (const auto& u : c->orphans) {
        ++summary.unmapped_rows;
        note_unmapped(u);
      }
      size_t um = 0;
      for (size_t i = 0; i < c->n; ++i) {
        ++summary.records;
        if (!options.results || c->results[i].line == 0 || !on_record) continue;
        RecordResult& r = c->results[i];
        // Workers explain a few more than the first max_explanations changed records (they only
        // know a lower bound of the count before them); keep exactly the first ones.
        bool differ = false;
        for (const auto& p : r.by_policy) differ |= p.outcome != r.by_policy[0].outcome;
        if (differ && ++changed_in_order > options.max_explanations) {
          for (auto& p : r.by_policy) p.explanation.clear();
        }
        on_record(r);
      }
      for (const auto& u : c->unmapped) {
        note_unmapped(u);
        ++um;
      }
      summary.unmapped_records += um;
      sh.changed_written.fetch_add(c->changed, std::memory_order_relaxed);
      for (size_t p = 0; p < options.policies.size(); ++p) {
        for (const auto& [k, v] : c->outcomes[p]) summary.outcomes[p][k] += v;
        for (const auto& [k, v] : c->errors[p]) summary.errors[p][k] += v;
      }
      progress.update(summary.records, bytes_read.load(std::memory_order_relaxed));
      ++next;
      {
        std::lock_guard lock(mu);
        free_chunks.push_back(c);
      }
      cv_free.notify_one();
    }
  });

  // Reading, on this thread.
  uint64_t seq = 0;
  for (bool more = true; more;) {
    Chunk* c = nullptr;
    {
      std::unique_lock lock(mu);
      cv_free.wait(lock, [&] { return !free_chunks.empty(); });
      c = free_chunks.front();
      free_chunks.pop_front();
    }
    c->seq = seq;
    c->n = 0;
    c->orphans.clear();
    while (c->n < options.chunk_records) {
      if (c->records.size() == c->n) c->records.emplace_back();
      if (!source.next(c->records[c->n], c->orphans)) {
        more = false;
        break;
      }
      ++c->n;
    }
    if (c->n == 0 && c->orphans.empty()) {
      std::lock_guard lock(mu);
      free_chunks.push_back(c);
      break;
    }
    bytes_read.store(source.bytes_read(), std::memory_order_relaxed);
    {
      std::lock_guard lock(mu);
      work.push_back(c);
      ++seq;
    }
    cv_work.notify_one();
  }
  {
    std::lock_guard lock(mu);
    reading_done = true;
    chunks_total = seq;
  }
  cv_work.notify_all();
  cv_done.notify_all();
  for (auto& w : workers) w.join();
  cv_done.notify_all();
  writer.join();
  progress.finish();
  out.flush();
  summary.bytes = source.bytes_read();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!out) return make_error(ErrorCode::kIo, "writing the decisions failed");
  return summary;
}

std::string format_summary(const RunSummary& s, const std::vector<std::string>& policies) {
  std::string o;
  o += fmt::format("{} records in {:.2f} s ({:.0f} records/s, {} threads)\n", s.records, s.seconds,
                   s.seconds > 0 ? static_cast<double>(s.records) / s.seconds : 0.0, s.threads);
  for (size_t p = 0; p < policies.size() && p < s.outcomes.size(); ++p) {
    o += fmt::format("  {}:", policies[p]);
    for (const char* k : {"honor", "decline", "review", "error", "unmapped"}) {
      auto it = s.outcomes[p].find(k);
      o += fmt::format(" {} {}", k, it == s.outcomes[p].end() ? 0 : it->second);
    }
    o += "\n";
    for (const auto& [reason, n] : s.errors[p]) o += fmt::format("    error: {} ({})\n", reason, n);
  }
  if (s.unmapped_records || s.unmapped_rows) {
    o += fmt::format("unmapped: {} records, {} rows outside any record\n", s.unmapped_records,
                     s.unmapped_rows);
    size_t shown = 0;
    for (const auto& [reason, r] : s.unmapped) {
      if (++shown > 20) {
        o += fmt::format("  ... and {} more reasons\n", s.unmapped.size() - 20);
        break;
      }
      o += fmt::format("  {} x{}: {}{}\n", reason, r.count, fmt::join(r.where, ", "),
                       r.count > r.where.size() ? ", ..." : "");
    }
  }
  return o;
}

}  // namespace writ::batch
