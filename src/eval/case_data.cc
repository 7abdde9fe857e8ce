#include "eval/case_data.h"

namespace writ::eval {

Record* CaseData::new_record(uint32_t type, uint32_t nfields, std::string path) {
  slots_.emplace_back(nfields);
  paths_.push_back(std::move(path));
  records_.push_back(
      Record{type, static_cast<uint32_t>(paths_.size() - 1), slots_.back().data(), nfields});
  return &records_.back();
}

List* CaseData::new_list(std::vector<Value> items, std::string path) {
  slots_.push_back(std::move(items));
  paths_.push_back(std::move(path));
  lists_.push_back(List{slots_.back().data(), static_cast<uint32_t>(slots_.back().size()),
                        static_cast<uint32_t>(paths_.size() - 1)});
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
