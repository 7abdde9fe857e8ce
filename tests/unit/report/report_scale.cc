// report_scale N [K]: feeds N synthetic records (3 policies, a changed record every K-th, with
// 1,500-byte memos; default K = 7) to a WhatIfReport, renders all four outputs, and prints the
// time, the output sizes and the peak RSS. With K larger than N (one changed record) the peak
// RSS shows that memory does not grow with the number of records. Not a CTest: a measurement
// (docs/batch.md, "Reports").
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "report/what_if.h"

int main(int argc, char** argv) {
  using namespace writ::report;
  const long n = argc > 1 ? std::atol(argv[1]) : 1000000;
  const long every = argc > 2 ? std::atol(argv[2]) : 7;
  if (n <= 0 || every <= 0) return std::fprintf(stderr, "usage: report_scale N [K]\n"), 2;
  WhatIfReport w({"honor-all", "travis-2017", "felony-1-2-or-higher"}, "scale");
  const std::string memo(1500, 'm');
  const auto t0 = std::chrono::steady_clock::now();
  RecordResult r;
  r.source = "bookings.csv";
  r.facility = "Travis County Jail";
  for (long i = 0; i < n; ++i) {
    r.line = static_cast<uint64_t>(i + 2);
    r.record_id = std::to_string(i);
    char d[64];
    std::snprintf(d, sizeof d, "%04ld-%02ld-15", 2000 + (i / 3000) % 20, i % 12 + 1);
    r.date = d;
    const bool ch = i % every == 0;
    r.by_policy = {{"honor", "honor-every-detainer", ch ? memo : ""},
                   {ch ? "decline" : "honor", ch ? "detainer-not-honored" : "honor-listed-felony",
                    ch ? memo : ""},
                   {ch ? "review" : "honor", "honor-serious-felony", ch ? memo : ""}};
    r.attrs = {{"has_felony", i % 4 ? "false" : "true"},
               {"has_violent_crime", i % 5 ? "false" : "true"}};
    w.add(r);
  }
  const auto t1 = std::chrono::steady_clock::now();
  const std::string html = w.html(), json = w.json(), counts = w.counts_csv(),
                    changed = w.changed_csv();
  const auto t2 = std::chrono::steady_clock::now();
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const double add_s = std::chrono::duration<double>(t1 - t0).count();
  std::printf(
      "%ld records, every %ld-th changed: add %.2f s (%.0f records/s), render %.2f s; html %zu KB, "
      "json %zu KB, counts.csv %zu KB, changed.csv %zu KB; peak RSS %ld MB\n",
      n, every, add_s, static_cast<double>(n) / add_s,
      std::chrono::duration<double>(t2 - t1).count(), html.size() / 1024, json.size() / 1024,
      counts.size() / 1024, changed.size() / 1024, u.ru_maxrss / 1024);
}
