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
  records_used_ = lists_used_ = strings_used_ = paths_used_ = 0;
  citations_.clear();
  if (chunks_.size() == 1) {
    std::fill(chunks_[0].get(), chunks_[0].get() + chunk_used_, Value());
  } else {
    chunks_.clear();
    chunk_size_ = 0;
  }
  chunk_used_ = 0;
}

uint32_t CaseData::add_path(std::string_view path) {
  if (paths_used_ == paths_.size())
    paths_.emplace_back(path);
  else
    paths_[paths_used_].assign(path);
  return static_cast<uint32_t>(paths_used_++);
}

std::string& CaseData::next_string() {
  if (strings_used_ == strings_.size()) strings_.emplace_back();
  return strings_[strings_used_++];
}

namespace {
// The next element of blocks of `block` elements, adding a block when all are in use.
template <typename T>
T& next_in(std::vector<std::unique_ptr<T[]>>& blocks, size_t& used, size_t block) {
  if (used == blocks.size() * block) blocks.push_back(std::make_unique<T[]>(block));
  T& out = blocks[used / block][used % block];
  ++used;
  return out;
}
}  // namespace

Record* CaseData::add_record(uint32_t type, uint32_t nfields, std::string_view path) {
  Record r{type, add_path(path), allocate_values(nfields), nfields};
  Record& out = next_in(records_, records_used_, kBlock);
  out = r;
  return &out;
}

List* CaseData::add_list(const Value* items, size_t n, std::string_view path) {
  Value* slots = allocate_values(n);
  std::copy(items, items + n, slots);
  List l{slots, static_cast<uint32_t>(n), add_path(path)};
  List& out = next_in(lists_, lists_used_, kBlock);
  out = l;
  return &out;
}

const std::string* CaseData::add_string(std::string_view s) {
  std::string& out = next_string();
  out.assign(s);
  return &out;
}

Record* CaseData::new_record(uint32_t type, uint32_t nfields, std::string path) {
  if (paths_used_ < paths_.size()) return add_record(type, nfields, path);
  paths_.push_back(std::move(path));  // a fresh case: the string's buffer is kept as it is
  Record r{type, static_cast<uint32_t>(paths_used_++), allocate_values(nfields), nfields};
  Record& out = next_in(records_, records_used_, kBlock);
  out = r;
  return &out;
}

List* CaseData::new_list(std::vector<Value> items, std::string path) {
  if (paths_used_ < paths_.size()) return add_list(items.data(), items.size(), path);
  Value* slots = allocate_values(items.size());
  std::copy(items.begin(), items.end(), slots);
  paths_.push_back(std::move(path));
  List l{slots, static_cast<uint32_t>(items.size()), static_cast<uint32_t>(paths_used_++)};
  List& out = next_in(lists_, lists_used_, kBlock);
  out = l;
  return &out;
}

const std::string* CaseData::new_string(std::string s) {
  std::string& out = next_string();
  out = std::move(s);
  return &out;
}

const CitationValue* CaseData::new_citation(CitationValue c) {
  citations_.push_back(std::move(c));
  return &citations_.back();
}

}  // namespace writ::eval
