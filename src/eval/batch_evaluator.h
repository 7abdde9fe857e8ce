// The batch (columnar) evaluator: decides a chunk of cases at a time from a ColumnStore, one
// BNode over all the rows of the chunk (lists become frames of their items), with the same
// three-valued semantics as evaluator.h. It gives each case's outcome and whether each action is
// permitted, without explanations: a caller that needs an explanation re-runs that case through
// eval::evaluate_explained. Cases the columnar form cannot decide (a program it does not support,
// data that does not fit the columns, rules in conflict) are flagged for the per-case evaluator;
// decide_cases does that re-run itself.
//
//   auto bp = batch::compile_batch(program);          // once per program
//   batch::ColumnStore store = bp->make_store();      // add cases (all decided by `program`)
//   for (auto* c : cases) store.add(*c);
//   batch::BatchScratch scratch;  batch::BatchOutput out;
//   batch::evaluate_columns(*bp, store, 0, store.cases(), scratch, out);
#pragma once

#include <memory>
#include <vector>

#include "eval/batch_program.h"
#include "eval/columns.h"
#include "eval/evaluator.h"

namespace writ::eval::batch {

// Per case: the outcome, each action's `permitted` (Tri, [case * actions + a]), and whether the
// case must be (or, in decide_cases, was) decided by the per-case evaluator instead.
struct BatchOutput {
  size_t actions = 0;
  std::vector<Outcome> outcome;
  std::vector<Tri> permitted;
  std::vector<uint8_t> fallback;
  std::vector<uint8_t> failed;  // decide_cases: the per-case evaluator returned an error
};

// Per-thread working storage, reused across chunks (no allocation in steady state).
class BatchScratch {
 public:
  BatchScratch();
  ~BatchScratch();
  BatchScratch(const BatchScratch&) = delete;
  BatchScratch& operator=(const BatchScratch&) = delete;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

constexpr size_t kDefaultChunk = 1024;

// Decides the cases [begin, end) of `store` (built with bp.make_store()) into `out` at the same
// positions (out is resized to store.cases() if smaller). Cases flagged in out.fallback are
// undecided here. With Actions::kRequested, an action no case of a chunk asks for is not
// decided (its `permitted` is left unknown); outcomes are the same. Several threads may run it at
// once on disjoint ranges with their own scratch and their own output objects, or on one output
// object presized to store.cases().
void evaluate_columns(const BatchProgram& bp, const ColumnStore& store, size_t begin, size_t end,
                      BatchScratch& scratch, BatchOutput& out, size_t chunk = kDefaultChunk,
                      Actions which = Actions::kAll);

// The whole path for cases all decided by `bp.program`: columns, batch evaluation, and the
// per-case evaluator for every flagged case. Returns how many cases went to the per-case path.
size_t decide_cases(const BatchProgram& bp, const std::vector<const CaseData*>& cases,
                    BatchOutput& out);

}  // namespace writ::eval::batch
