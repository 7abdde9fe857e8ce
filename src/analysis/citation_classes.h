// The finite abstraction of citations: a policy sees a citation only through `listed(list, c)`,
// so two citations that every list used answers alike are interchangeable. This enumerates one
// representative citation per distinct answer vector (plus an unreadable citation).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/citation.h"

namespace writ::analysis {

struct CitationClass {
  std::string text;                      // a representative citation as a case would write it
  bool parsed = true;                    // false: the unreadable class (every listed() unknown)
  std::vector<catalog::Listed> answers;  // per list of CitationClasses::lists
};

class CitationClasses {
 public:
  // `lists`: catalog list indices (as linked into programs) the policies ask about.
  CitationClasses(const catalog::Catalog& catalog, std::vector<uint32_t> lists);

  const std::vector<CitationClass>& classes() const { return classes_; }
  const std::vector<uint32_t>& lists() const { return lists_; }
  // Position of catalog list index `list` in lists(), or -1.
  int list_position(uint32_t list) const;
  // The class of a citation as a case gives it (the unreadable class when it cannot be read);
  // -1 if its answers match no class (not expected: see the constructor).
  int class_of(const catalog::Citation* parsed) const;

 private:
  std::vector<catalog::Listed> answers(const catalog::Citation& c) const;
  const catalog::Catalog& catalog_;
  std::vector<uint32_t> lists_;
  std::vector<CitationClass> classes_;
};

}  // namespace writ::analysis
