// The batch pipeline: records are read in chunks on the calling thread, mapped and decided under
// every requested policy on a pool of worker threads (each with its own evaluator Scratch), and
// written in input order by one writer thread. At most 2 * threads + 2 chunks exist at once, so
// memory is bounded whatever the input size, and the output is the same for any thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "batch/adapter.h"
#include "batch/raw_record.h"
#include "batch/record_source.h"
#include "report/what_if.h"
#include "writ/engine.h"

namespace writ::batch {

struct RunOptions {
  std::vector<std::string> policies;  // ids, in output order
  std::optional<int32_t> as_of;       // a fixed date; nullopt: each record's own date
  unsigned threads = 0;               // 0: all cores
  size_t chunk_records = 512;
  bool results = false;  // call on_record for every record (for a report)
  // Explanations are computed for the first this many records (in input order) whose outcomes
  // differ between policies; later ones get none (a report keeps only so many).
  uint64_t max_explanations = UINT64_MAX;
  bool jsonl = false;     // decisions as JSON Lines instead of CSV
  bool progress = false;  // a progress line on stderr
};

// Results are the report's types (src/report/what_if.h), handed to it as they are.
using PolicyOutcome = report::PolicyOutcome;
using RecordResult = report::RecordResult;

struct RunSummary {
  uint64_t records = 0;           // records read (decided or not)
  uint64_t unmapped_records = 0;  // records that could not be mapped to a case
  uint64_t unmapped_rows = 0;     // rows belonging to no record (e.g. joined rows with no parent)
  uint64_t bytes = 0;
  double seconds = 0;
  unsigned threads = 0;
  // Per policy: outcome -> count (honor, decline, review, error, unmapped).
  std::vector<std::map<std::string, uint64_t>> outcomes;
  // Per policy: error reason -> count.
  std::vector<std::map<std::string, uint64_t>> errors;
  struct Reason {
    uint64_t count = 0;
    std::vector<std::string> where;  // the first few file:line
  };
  std::map<std::string, Reason> unmapped;  // by reason
};

// The output's column names, for the header of decisions.csv.
std::vector<std::string> output_columns(const Engine& engine,
                                        const std::vector<std::string>& policies);

// Runs the batch. `out` receives decisions.csv (with header) or JSON Lines. `on_record` and
// `on_unmapped` are called on one thread, in input order.
Result<RunSummary> run_batch(const Engine& engine, const Adapter& adapter, RecordSource& source,
                             const RunOptions& options, std::ostream& out,
                             const std::function<void(const RecordResult&)>& on_record,
                             const std::function<void(const Unmapped&)>& on_unmapped);

// A human summary of the run (counts per policy and outcome, unmapped rows by reason).
std::string format_summary(const RunSummary& s, const std::vector<std::string>& policies);

}  // namespace writ::batch
