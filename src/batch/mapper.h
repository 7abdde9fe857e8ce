// Maps a RawRecord directly into the evaluator's case data (eval::CaseData), as the adapter says,
// typed by the schema of a policy (the prelude's case format): no JSON text is built or parsed.
// Everything that can be checked before reading data — case paths, their types, enum values of
// constants and code tables, columns — is checked when compiling, with the adapter's file:line.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "batch/adapter.h"
#include "batch/raw_record.h"
#include "calendar/time_zone.h"
#include "catalog/catalog.h"
#include "check/checker.h"
#include "eval/case_data.h"

namespace writ::batch {

// What a record is, independent of any policy: id, date, facility and report attributes.
struct RecordMeta {
  std::string id;
  std::optional<int32_t> day;  // the record's date
  std::string date_problem;    // why the date could not be read (empty: none, or no date column)
  std::string facility;
  std::vector<std::pair<std::string, std::string>> attrs;
};

// Working storage of Mapper::map, reused from record to record (one per thread).
struct MapScratch {
  std::string buf;                 // a code's text in upper case
  std::string path;                // a list item's path
  std::vector<eval::Value> items;  // the items of the lists being built
};

// Where mapping failed.
struct MapFailure {
  uint32_t table = 0;
  uint64_t line = 0;
  std::string reason;
};

class Mapper {
 public:
  ~Mapper();
  Mapper(Mapper&&) noexcept;
  // Compiles the adapter for one policy's schema. `headers` are the tables' column names.
  static Result<Mapper> compile(const Adapter& adapter,
                                const std::vector<std::vector<std::string>>& headers,
                                const check::CheckedPolicy& policy,
                                const catalog::Catalog* catalog);

  // Id, date, facility and attributes of the record. False (with `failure`) when a code is not in
  // its table.
  bool meta(const RawRecord& rec, RecordMeta& out, MapFailure& failure) const;
  // Builds the case. False (with `failure`) when a value cannot be read as its field's type.
  bool map(const RawRecord& rec, const RecordMeta& meta, eval::CaseData& out,
           MapFailure& failure) const;
  bool map(const RawRecord& rec, const RecordMeta& meta, eval::CaseData& out, MapFailure& failure,
           MapScratch& scratch) const;

  // Two mappers with equal signatures build identical case data (same schema layout), so one
  // CaseData can serve both policies.
  const std::string& signature() const { return signature_; }

  struct Impl;

 private:
  explicit Mapper(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string signature_;
};

}  // namespace writ::batch
