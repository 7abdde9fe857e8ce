// A decoded case: records, lists and strings owned by one object, with the JSON path of every
// record and list so explanations can name the facts they used ("subject.convictions[0]").
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eval/value.h"

namespace writ::eval {

class CaseData {
 public:
  CaseData() = default;
  CaseData(const CaseData&) = delete;
  CaseData& operator=(const CaseData&) = delete;
  CaseData(CaseData&&) = default;
  CaseData& operator=(CaseData&&) = default;

  Record* new_record(uint32_t type, uint32_t nfields, std::string path);
  List* new_list(std::vector<Value> items, std::string path);
  const std::string* new_string(std::string s);
  const CitationValue* new_citation(CitationValue c);
  // The same from views: the text is copied into storage kept from earlier cases when there is
  // some (a reused CaseData then allocates nothing for paths and strings that fit).
  Record* add_record(uint32_t type, uint32_t nfields, std::string_view path);
  List* add_list(const Value* items, size_t n, std::string_view path);
  const std::string* add_string(std::string_view s);

  // Empties the case for reuse by the next one (batch runs keep one CaseData per thread): its
  // first chunk of values, the containers' storage and the strings' buffers are kept.
  void clear();

  const Record* root() const { return root_; }
  void set_root(Record* r) { root_ = r; }
  const std::string& path(uint32_t id) const { return paths_[id]; }
  std::string id;  // the case's "id"

 private:
  // Values of a case are carved out of a few large chunks, so one case's records sit together in
  // memory (a decision reads them all; scattered allocations cost a cache miss each).
  Value* allocate_values(size_t n);
  uint32_t add_path(std::string_view path);
  std::string& next_string();

  Record* root_ = nullptr;
  // Records, lists, strings and paths in use are the first *_used_ elements; those after them are
  // kept from earlier cases for reuse.
  // Records and lists in blocks of kBlock (their addresses never change).
  static constexpr size_t kBlock = 64;
  std::vector<std::unique_ptr<Record[]>> records_;
  std::vector<std::unique_ptr<List[]>> lists_;
  std::vector<std::unique_ptr<Value[]>> chunks_;
  size_t chunk_size_ = 0, chunk_used_ = 0;
  std::deque<std::string> strings_;
  std::deque<CitationValue> citations_;
  std::vector<std::string> paths_;
  size_t records_used_ = 0, lists_used_ = 0, strings_used_ = 0, paths_used_ = 0;
};

}  // namespace writ::eval
