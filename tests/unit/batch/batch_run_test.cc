// writ batch end to end over generated datasets: joins, grouping, unmapped rows, as-of, and the
// same output for any thread count.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "batch/adapter.h"
#include "batch/mapper.h"
#include "batch/record_source.h"
#include "batch/runner.h"
#include "calendar/civil.h"
#include "engine/engine_impl.h"
#include "writ/engine.h"

namespace writ::batch {
namespace {
namespace fs = std::filesystem;

class BatchRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EngineOptions eo;
    eo.home = WRIT_SOURCE_DIR;
    auto e = Engine::open(eo);
    ASSERT_TRUE(e.ok()) << e.error().message;
    engine_ = e->release();
  }
  static void TearDownTestSuite() { delete engine_; }
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("writ-batch-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  Adapter adapter(const std::string& text) {
    auto a = parse_adapter(text, "test.adapter.json", false);
    EXPECT_TRUE(a.ok()) << a.error().message;
    return a.ok() ? *a : Adapter{};
  }
  struct Run {
    std::string out;
    RunSummary summary;
    std::vector<RecordResult> records;
    std::vector<Unmapped> unmapped;
  };
  Run run(const Adapter& a, RunOptions o, const std::string& input = "") {
    Run r;
    auto src = RecordSource::open(a, input.empty() ? dir_.string() : input);
    EXPECT_TRUE(src.ok()) << src.error().message;
    if (!src.ok()) return r;
    o.results = true;
    std::ostringstream out;
    auto s = run_batch(
        *engine_, a, **src, o, out, [&](const RecordResult& x) { r.records.push_back(x); },
        [&](const Unmapped& u) { r.unmapped.push_back(u); });
    EXPECT_TRUE(s.ok()) << s.error().message;
    if (s.ok()) r.summary = *s;
    r.out = out.str();
    return r;
  }
  static Engine* engine_;
  fs::path dir_;
};
Engine* BatchRun::engine_ = nullptr;

RunOptions opts(std::vector<std::string> policies, unsigned threads = 0, size_t chunk = 512,
                std::optional<int32_t> as_of = std::nullopt) {
  RunOptions o;
  o.policies = std::move(policies);
  o.threads = threads;
  o.chunk_records = chunk;
  o.as_of = as_of;
  return o;
}

const char* kJoined = R"({
  "adapter": "joined",
  "tables": [
    { "name": "bookings", "file": "bookings.csv" },
    { "name": "charges", "file": "charges.csv", "delimiter": "|",
      "join": { "parent": "bookings", "parent_key": "no", "key": "no" } }
  ],
  "record": { "id": "no", "date": "date", "facility": { "const": "Jail" } },
  "fields": {
    "request.kind": { "const": "detainer" },
    "request.from": { "const": "ICE" },
    "request.documents": { "const": [] },
    "custody.arrest_date": "date"
  },
  "lists": [
    { "path": "custody.charges", "rows": "charges",
      "fields": { "level": { "column": "level", "codes": "level" } } }
  ],
  "codes": { "level": { "map": { "F": "felony", "M": "misdemeanor" } } },
  "report_attributes": [
    { "name": "has_felony", "rows": "charges", "when": [ { "column": "level", "in": ["F"] } ] },
    { "name": "first_level", "rows": "charges", "value": "level" }
  ]
})";

TEST_F(BatchRun, JoinGroupsChildRowsUnderTheirRecord) {
  write("bookings.csv", "no,date\n001,2016-01-01\n002,2016-01-02\n004,2016-01-03\n");
  write("charges.csv", "no|level\n001|M\n001|F\n003|M\n004|M\n004|M\n005|F\n");
  auto a = adapter(kJoined);
  auto src = RecordSource::open(a, dir_.string());
  ASSERT_TRUE(src.ok()) << src.error().message;
  RawRecord rec;
  std::vector<Unmapped> orphans;
  std::vector<std::pair<uint64_t, size_t>> seen;  // line, rows
  while ((*src)->next(rec, orphans)) seen.emplace_back(rec.line, rec.nrows);
  EXPECT_EQ(seen, (std::vector<std::pair<uint64_t, size_t>>{{2, 3}, {3, 1}, {4, 3}}));
  ASSERT_EQ(orphans.size(), 2u);
  EXPECT_EQ(orphans[0].line, 4u);  // 003: no booking
  EXPECT_EQ(orphans[1].line, 7u);  // 005: after the last booking
  EXPECT_EQ(orphans[0].reason, "joined row whose key matches no record");
  EXPECT_EQ(fs::path(orphans[0].source).filename(), "charges.csv");

  auto r = run(a, opts({"nyc-doc"}));
  EXPECT_EQ(r.summary.records, 3u);
  EXPECT_EQ(r.summary.unmapped_rows, 2u);
  EXPECT_EQ(r.summary.unmapped_records, 0u);
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].attrs, (std::vector<std::pair<std::string, std::string>>{
                                    {"has_felony", "true"}, {"first_level", "M"}}));
  EXPECT_EQ(r.records[1].attrs[0].second, "false");
  EXPECT_EQ(r.records[1].attrs[1].second, "");
  EXPECT_EQ(r.records[2].attrs[0].second, "false");
  EXPECT_EQ(r.records[0].by_policy[0].outcome, "decline");
  EXPECT_EQ(r.records[0].by_policy[0].reason, "detainer-not-honored");
}

TEST_F(BatchRun, OutOfOrderKeysAreUnmappedNotFatal) {
  write("bookings.csv", "no,date\n002,2016-01-01\n001,2016-01-02\n003,2016-01-03\n");
  write("charges.csv", "no|level\n002|M\n003|F\n");
  auto r = run(adapter(kJoined), opts({"nyc-doc"}));
  EXPECT_EQ(r.summary.records, 3u);
  EXPECT_EQ(r.summary.unmapped_records, 1u);
  ASSERT_EQ(r.unmapped.size(), 1u);
  EXPECT_EQ(r.unmapped[0].line, 3u);
  EXPECT_NE(r.unmapped[0].reason.find("joins need both files sorted by the key"),
            std::string::npos);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].record_id, "003");
  EXPECT_EQ(r.records[1].attrs[0].second, "true");
}

TEST_F(BatchRun, UnmappedRowsAreCountedByReasonWithFileAndLine) {
  write("bookings.csv",
        "no,date\n001,2016-01-01\n002,2016-13-01\n003,2016-01-03,extra\n004,2016-01-04\n"
        "005,\"2016-01-05\"x\n006,2016-01-06\n");
  write("charges.csv", "no|level\n001|F\n004|Q\n006|M\n");
  auto r = run(adapter(kJoined), opts({"nyc-doc"}));
  EXPECT_EQ(r.summary.records, 6u);
  EXPECT_EQ(r.summary.unmapped_records, 4u);
  ASSERT_EQ(r.unmapped.size(), 4u);
  auto where = [&](size_t i) {
    return fs::path(r.unmapped[i].source).filename().string() + ":" +
           std::to_string(r.unmapped[i].line) + ": " + r.unmapped[i].reason;
  };
  EXPECT_EQ(where(0),
            "bookings.csv:3: custody.arrest_date: '2016-13-01' is not a date in the format "
            "%Y-%m-%d");
  EXPECT_EQ(where(1), "bookings.csv:4: the row has 3 fields; the header has 2");
  EXPECT_EQ(where(2), "charges.csv:3: custody.charges[].level: 'Q' is not in code table 'level'");
  EXPECT_EQ(where(3), "bookings.csv:6: text after the closing quote of a field");
  EXPECT_EQ(r.summary.unmapped.size(), 4u);
  // Every record has a row in the output (unmapped ones say so), in input order.
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::string> outcomes;
  std::getline(lines, line);
  EXPECT_EQ(line,
            "record_id,source,line,date,facility,policy,version,hold,notify_release,transfer,"
            "share_information,interview,outcome,rules");
  while (std::getline(lines, line)) outcomes.push_back(line.substr(0, 3));
  EXPECT_EQ(outcomes, (std::vector<std::string>{"001", "002", "lin", "004", "lin", "006"}));
  EXPECT_NE(r.out.find("line-4,bookings.csv,4,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("002,bookings.csv,3,,Jail,nyc-doc,,,,,,,unmapped,"), std::string::npos)
      << r.out;
}

TEST_F(BatchRun, AsOfRecordUsesEachRecordsDateAndFixedDateOverrides) {
  write("bookings.csv", "no,date\n001,2010-05-01\n002,2015-03-01\n003,\n");
  write("charges.csv", "no|level\n");
  auto a = adapter(kJoined);
  auto r = run(a, opts({"nyc-doc"}));
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].by_policy[0].outcome, "error");
  EXPECT_EQ(r.records[0].by_policy[0].reason, "no version in force");
  EXPECT_EQ(r.records[1].by_policy[0].outcome, "decline");
  EXPECT_EQ(r.records[2].by_policy[0].outcome, "error");
  EXPECT_EQ(r.records[2].by_policy[0].reason, "the record has no date");
  EXPECT_EQ(r.summary.errors[0].at("no version in force"), 1u);
  EXPECT_NE(r.out.find(",nyc-doc,2015-02-12,forbidden,forbidden,,,,decline,detainer-not-honored"),
            std::string::npos)
      << r.out;

  auto fixed = run(a, opts({"nyc-doc"}, 0, 512, *cal::parse_date("2020-01-01")));
  ASSERT_EQ(fixed.records.size(), 3u);
  for (const auto& rec : fixed.records) EXPECT_EQ(rec.by_policy[0].outcome, "decline");
  EXPECT_NE(fixed.out.find("001,bookings.csv,2,2010-05-01,Jail,nyc-doc,2018-01-30,"),
            std::string::npos)
      << fixed.out;
}

TEST_F(BatchRun, GroupByMakesConsecutiveRowsOneRecord) {
  write("rows.psv",
        "id|date|level\na|2016-01-01|F\na|2016-01-01|M\nb|2016-02-01|M\na|2016-03-01|M\n");
  auto a = adapter(R"({
  "adapter": "grouped",
  "tables": [ { "name": "rows", "file": "rows.psv", "delimiter": "|" } ],
  "group_by": "id",
  "record": { "id": "id", "date": "date" },
  "fields": { "request.kind": { "const": "detainer" } },
  "report_attributes": [ { "name": "felony", "when": [ { "column": "level", "in": ["F"] } ] } ]
})");
  auto r = run(a, opts({"nyc-doc"}), (dir_ / "rows.psv").string());
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].record_id, "a");
  EXPECT_EQ(r.records[0].attrs[0].second, "true");
  EXPECT_EQ(r.records[1].record_id, "b");
  EXPECT_EQ(r.records[2].line, 5u);
  // Nothing is known of who sent the request or what came with it: nyc-doc cannot decide.
  EXPECT_EQ(r.records[0].by_policy[0].outcome, "review");
}

// The generated dataset: bookings with 0-3 charges of varied levels, some malformed.
void generate(const fs::path& dir, size_t n) {
  std::ofstream b(dir / "bookings.csv"), c(dir / "charges.csv");
  b << "no,date\n";
  c << "no|level\n";
  uint64_t x = 12345;
  auto rnd = [&] {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return x;
  };
  for (size_t i = 0; i < n; ++i) {
    char no[24];
    std::snprintf(no, sizeof no, "%07zu", i);
    int year = 2012 + static_cast<int>(rnd() % 8);
    b << no << "," << year << "-0" << 1 + rnd() % 9 << "-1" << rnd() % 10 << "\n";
    for (uint64_t k = rnd() % 4; k > 0; --k) {
      uint64_t v = rnd() % 50;
      c << no << "|" << (v == 0 ? "?" : v % 2 ? "F" : "M") << "\n";
    }
  }
}

TEST_F(BatchRun, SameOutputForAnyThreadCountAndChunkSize) {
  generate(dir_, 3000);
  auto a = adapter(kJoined);
  auto base = run(a, opts({"nyc-doc", "nyc-nypd"}, 1, 512));
  EXPECT_EQ(base.summary.records, 3000u);
  EXPECT_GT(base.summary.unmapped_records, 0u);
  for (unsigned threads : {2u, 3u, 8u}) {
    for (size_t chunk : {1u, 7u, 512u}) {
      auto r = run(a, opts({"nyc-doc", "nyc-nypd"}, threads, chunk));
      EXPECT_EQ(r.out, base.out) << threads << " threads, chunks of " << chunk;
      ASSERT_EQ(r.records.size(), base.records.size());
      for (size_t i = 0; i < r.records.size(); ++i) {
        ASSERT_EQ(r.records[i].record_id, base.records[i].record_id);
        ASSERT_EQ(r.records[i].by_policy[1].outcome, base.records[i].by_policy[1].outcome);
      }
      ASSERT_EQ(r.unmapped.size(), base.unmapped.size());
      for (size_t i = 0; i < r.unmapped.size(); ++i)
        EXPECT_EQ(r.unmapped[i].line, base.unmapped[i].line);
    }
  }
}

// The mapped case decides like the same case written as writ-case/1 JSON.
TEST_F(BatchRun, MappedCasesDecideLikeTheirJson) {
  write("bookings.csv", "no,date\n001,2016-01-01\n002,2019-06-30\n");
  write("charges.csv", "no|level\n001|F\n001|M\n");
  auto r = run(adapter(kJoined), opts({"nyc-doc", "nyc-nypd"}));
  ASSERT_EQ(r.records.size(), 2u);
  const char* json[] = {
      R"({"format":"writ-case/1","id":"001","request":{"kind":"detainer","from":"ICE","documents":[]},
          "custody":{"arrest_date":"2016-01-01","charges":[{"level":"felony"},{"level":"misdemeanor"}]}})",
      R"({"format":"writ-case/1","id":"002","request":{"kind":"detainer","from":"ICE","documents":[]},
          "custody":{"arrest_date":"2019-06-30","charges":[]}})"};
  const char* dates[] = {"2016-01-01", "2019-06-30"};
  const char* policies[] = {"nyc-doc", "nyc-nypd"};
  for (size_t i = 0; i < 2; ++i) {
    for (size_t p = 0; p < 2; ++p) {
      DecideOptions o;
      o.as_of = dates[i];
      o.explain = false;
      auto d = engine_->decide(policies[p], json[i], o);
      ASSERT_TRUE(d.ok()) << d.error().message;
      EXPECT_EQ(r.records[i].by_policy[p].outcome, d->outcome) << i << " " << policies[p];
    }
  }
}

// Every record, path and value of a case, as text.
void dump(const eval::CaseData& d, const eval::Value& v, std::string& out) {
  switch (v.kind) {
    case eval::VKind::kRecord:
      out += "{" + d.path(v.rec->path) + ":";
      for (uint32_t i = 0; i < v.rec->size; ++i) dump(d, v.rec->slots[i], out);
      out += "}";
      break;
    case eval::VKind::kList:
      out += "[" + d.path(v.list->path) + ":";
      for (uint32_t i = 0; i < v.list->size; ++i) dump(d, v.list->items[i], out);
      out += "]";
      break;
    case eval::VKind::kString:
      out += "'" + *v.str + "'";
      break;
    case eval::VKind::kEnum:
      out += "e" + std::to_string(v.member);
      break;
    case eval::VKind::kDate:
      out += "d" + std::to_string(v.date);
      break;
    default:
      out += "k" + std::to_string(static_cast<int>(v.kind));
  }
  out += ",";
}

// One CaseData and MapScratch reused from record to record (as a worker does) hold the same case
// as fresh ones: nothing of a longer or earlier record is left over.
TEST_F(BatchRun, ReusedCaseDataHoldsTheSameCaseAsAFreshOne) {
  write("bookings.csv", "no,date\n001,2016-01-01\n002,2019-06-30\n003,2017-02-03\n");
  write("charges.csv", "no|level\n001|F\n001|M\n001|F\n003|M\n");
  auto a = adapter(kJoined);
  auto src = RecordSource::open(a, dir_.string());
  ASSERT_TRUE(src.ok()) << src.error().message;
  auto m = Mapper::compile(a, (*src)->headers(), *engine_->impl().find("nyc-doc")->checked,
                           &engine_->impl().catalog);
  ASSERT_TRUE(m.ok()) << m.error().message;
  eval::CaseData reused;
  MapScratch scratch;
  RawRecord rec;
  std::vector<Unmapped> orphans;
  std::vector<std::string> seen;
  while ((*src)->next(rec, orphans)) {
    RecordMeta meta;
    MapFailure f;
    ASSERT_TRUE(m->meta(rec, meta, f)) << f.reason;
    eval::CaseData fresh;
    ASSERT_TRUE(m->map(rec, meta, fresh, f)) << f.reason;
    reused.clear();
    ASSERT_TRUE(m->map(rec, meta, reused, f, scratch)) << f.reason;
    std::string want, got;
    dump(fresh, eval::Value::record(fresh.root()), want);
    dump(reused, eval::Value::record(reused.root()), got);
    EXPECT_EQ(got, want);
    seen.push_back(want);
  }
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_NE(seen[0].find("custody.charges[2]"), std::string::npos) << seen[0];
  EXPECT_EQ(seen[1].find("custody.charges[0]"), std::string::npos) << seen[1];
  EXPECT_NE(seen[2].find("custody.charges[0]"), std::string::npos) << seen[2];
}

// The jsonl adapter reads writ-case/1 lines; bad lines are unmapped with their line.
TEST_F(BatchRun, JsonLinesInput) {
  write(
      "cases.jsonl",
      R"({"format":"writ-case/1","id":"A","request":{"kind":"detainer","from":"ICE","presented_at":"2016-03-01T10:00:00-05:00","documents":[]},"custody":{"facility":"AMKC"}})"
      "\n\nnot json\n"
      R"({"format":"writ-case/1","id":"B","request":{"kind":"detainer","presented_at":"2013-03-01T10:00:00-05:00"}})"
      "\n");
  Adapter a;
  a.name = "jsonl";
  a.jsonl = true;
  auto r = run(a, opts({"nyc-doc"}), (dir_ / "cases.jsonl").string());
  EXPECT_EQ(r.summary.records, 3u);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].record_id, "A");
  EXPECT_EQ(r.records[0].facility, "AMKC");
  EXPECT_EQ(r.records[0].date, "2016-03-01");
  EXPECT_EQ(r.records[0].by_policy[0].outcome, "decline");
  EXPECT_EQ(r.records[1].by_policy[0].outcome, "error");
  ASSERT_EQ(r.unmapped.size(), 1u);
  EXPECT_EQ(r.unmapped[0].line, 3u);
  EXPECT_EQ(r.unmapped[0].reason.rfind("/: not valid JSON", 0), 0u) << r.unmapped[0].reason;
}

}  // namespace
}  // namespace writ::batch

namespace writ::batch {
namespace {

// Explanations go to the first max_explanations records whose outcomes differ, whatever the
// thread count; the rest get none (the report keeps no more).
TEST_F(BatchRun, ExplanationsForTheFirstChangedRecordsOnly) {
  generate(dir_, 400);
  auto a = adapter(kJoined);
  for (unsigned threads : {1u, 4u}) {
    RunOptions o = opts({"nyc-doc", "nyc-nypd"}, threads, 3, *cal::parse_date("2020-01-01"));
    o.max_explanations = 5;
    auto r = run(a, o);
    size_t changed = 0;
    for (const auto& rec : r.records) {
      bool differ = rec.by_policy[0].outcome != rec.by_policy[1].outcome;
      if (!differ) {
        EXPECT_EQ(rec.by_policy[0].explanation, "");
        continue;
      }
      ++changed;
      for (const auto& p : rec.by_policy) {
        if (changed <= 5)
          EXPECT_NE(p.explanation, "") << rec.record_id;
        else
          EXPECT_EQ(p.explanation, "") << rec.record_id;
      }
    }
    EXPECT_GT(changed, 5u);
  }
}

}  // namespace
}  // namespace writ::batch

namespace writ::batch {
namespace {

// Decisions as JSON Lines: one object per record and policy with the CSV's fields.
TEST_F(BatchRun, DecisionsAsJsonLines) {
  write("bookings.csv", "no,date\n001,2016-01-01\n002,2010-01-02\n");
  write("charges.csv", "no|level\n001|F\n");
  RunOptions o = opts({"nyc-doc"});
  o.jsonl = true;
  auto r = run(adapter(kJoined), o);
  EXPECT_EQ(r.out,
            "{\"record_id\":\"001\",\"source\":\"bookings.csv\",\"line\":2,\"date\":\"2016-01-01\","
            "\"facility\":\"Jail\",\"policy\":\"nyc-doc\",\"version\":\"2015-02-12\",\"actions\":{"
            "\"hold\":\"forbidden\",\"notify_release\":\"forbidden\"},\"outcome\":\"decline\","
            "\"rules\":\"detainer-not-honored\"}\n"
            "{\"record_id\":\"002\",\"source\":\"bookings.csv\",\"line\":3,\"date\":\"2010-01-02\","
            "\"facility\":\"Jail\",\"policy\":\"nyc-doc\",\"version\":\"\",\"actions\":{},"
            "\"outcome\":\"error\",\"rules\":\"no version in force\"}\n");
}

}  // namespace
}  // namespace writ::batch
