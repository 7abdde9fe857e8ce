// The NYC DOC detainer rule (Admin. Code § 9-131(b)(1)) written by hand in C++ over the batch
// evaluator's columns (eval/columns.h): the baseline of bench/batch_eval_bench.cc. It reads the
// same column store the batch evaluator reads (same rows, same pre-resolved catalog answers per
// distinct citation), in its own translation unit, and keeps three-valued logic wherever the rule
// can meet an unknown, as bench/nyc_doc_handwritten.cc does. It decides what the outcome of a
// detainer needs (hold = notify_release); the batch evaluator decides every action.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "eval/batch_program.h"
#include "eval/columns.h"

namespace writ::bench::cols {

enum Tri3 : uint8_t { kNo = 0, kYes = 1, kMaybe = 2 };

// Column ids and constants resolved once per (program, store).
struct Plan {
  uint32_t req, kind, from, presented_at, docs;                      // table 0
  uint32_t d_type, d_issuer, d_names, d_authorizes, d_presented;     // documents table
  uint32_t watch, arrest, convs;                                     // table 0
  uint32_t c_disp, c_juris, c_statute, c_level, c_hate, c_inchoate;  // convictions table
  uint32_t c_pred, c_equiv, c_judgment, c_incs;
  uint32_t i_from, i_to;       // incarcerations table
  uint32_t vsc, hate, vtl600;  // listed slots
  int64_t us_ny = -1;
  std::vector<int64_t> federal;      // string ids of ICE, CBP, USCIS, DHS (before Local Law 63)
  bool any_named_requester = false;  // Local Law 63 of 2026 in force
  int64_t empty = -1;                // id of ""
};

// Resolves the plan; returns false with `error` when the program does not read a column the rule
// needs.
bool make_plan(const eval::batch::BatchProgram& bp, const eval::batch::ColumnStore& store,
               const catalog::Catalog& catalog, Plan& plan, std::string& error);

// The facts a Cedar request is given for one case (the parts Cedar cannot compute itself).
struct Facts {
  Tri3 judicial_warrant = kNo;
  bool watchlist = false;
  bool any_counting = false;    // some conviction counts
  int64_t latest_counting = 0;  // the latest judgment of a counting conviction
  int64_t window_start = 0;     // arrest - 5 years - days incarcerated for counting crimes
  Tri3 convicted = kNo;         // a counting judgment after window_start
};

// Decides rows [begin, end) of the store: out[row] = outcome (0 honor, 1 decline, 2 review).
void decide(const Plan& plan, const eval::batch::ColumnStore& store, size_t begin, size_t end,
            uint8_t* out);

// The facts of one row (for the Cedar export).
Facts facts(const Plan& plan, const eval::batch::ColumnStore& store, size_t row);

}  // namespace writ::bench::cols
