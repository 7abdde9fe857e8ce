#include "eval/case_data.h"

#include <algorithm>

namespace writ::eval {

Value* CaseData::allocate_values(size_t n) {
  if (chunks_.empty() || chunk_used_ + n > chunk_size_) {
    chunk_size_ = std::max<size_t>(n, chunks_.empty() ? 256 : 2 * chunk_size_);
    chunks_.push_back(std::make_unique<Value[]>(chunk_size_));
    chunk_used_ = 0;
  }
  Value* out = chunks_.back().get() + chunk_used_;
  chunk_used_ += n;
  return out;
}

void CaseData::clear() {
  root_ = nullptr;
  id.clear();
  records_.clear();
  lists_.clear();
  strings_.clear();
  citations_.clear();
  paths_.clear();
  if (chunks_.size() == 1) {
    std::fill(chunks_[0].get(), chunks_[0].get() + chunk_used_, Value());
  } else {
    chunks_.clear();
    chunk_size_ = 0;
  }
  chunk_used_ = 0;
}

Record* CaseData::new_record(uint32_t type, uint32_t nfields, std::string path) {
  paths_.push_back(std::move(path));
  records_.push_back(
      Record{type, static_cast<uint32_t>(paths_.size() - 1), allocate_values(nfields), nfields});
  return &records_.back();
}

List* CaseData::new_list(std::vector<Value> items, std::string path) {
  Value* slots = allocate_values(items.size());
  std::copy(items.begin(), items.end(), slots);
  paths_.push_back(std::move(path));
  lists_.push_back(
      List{slots, static_cast<uint32_t>(items.size()), static_cast<uint32_t>(paths_.size() - 1)});
  return &lists_.back();
}

const std::string* CaseData::new_string(std::string s) {
  strings_.push_back(std::move(s));
  return &strings_.back();
}

const CitationValue* CaseData::new_citation(CitationValue c) {
  citations_.push_back(std::move(c));
  return &citations_.back();
}

}  // namespace writ::eval
