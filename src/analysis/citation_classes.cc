#include "analysis/citation_classes.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace writ::analysis {

namespace {

// Every prefix of a normalized subdivision that is itself one: "2(b)(i)" -> "2", "2(b)".
std::vector<std::string> prefixes(const std::string& sub) {
  std::vector<std::string> out;
  for (size_t i = 1; i < sub.size(); ++i) {
    if (sub[i] == '(') out.push_back(sub.substr(0, i));
  }
  return out;
}

}  // namespace

CitationClasses::CitationClasses(const catalog::Catalog& catalog, std::vector<uint32_t> lists)
    : catalog_(catalog), lists_(std::move(lists)) {
  std::sort(lists_.begin(), lists_.end());
  lists_.erase(std::unique(lists_.begin(), lists_.end()), lists_.end());
  // Candidates: for every catalog section, the bare section, each listed subdivision, each of
  // their prefixes, a subdivision under each of those that no row names, and one unrelated
  // subdivision; plus a section on no list. Whether a subdivision s is within a listed one (or
  // broader) depends only on where s sits in the tree of listed subdivisions, and each such
  // position has a candidate here, so every citation answers like one of the candidates.
  std::vector<catalog::Citation> cands;
  std::set<std::string> seen_sections;
  for (const auto& e : catalog.entries()) {
    std::string key = e.citation.section_key();
    catalog::Citation base = e.citation;
    base.subdivision.clear();
    if (seen_sections.insert(key).second) {
      cands.push_back(base);
      catalog::Citation other = base;
      other.subdivision = "999";
      cands.push_back(other);
    }
    std::vector<std::string> subs;
    for (const auto& s : e.subdivisions) {
      subs.push_back(s);
      for (auto& p : prefixes(s)) subs.push_back(p);
    }
    for (const auto& s : subs) {
      catalog::Citation c = base;
      c.subdivision = s;
      cands.push_back(c);
      c.subdivision = s + (std::isdigit(static_cast<unsigned char>(s.back())) ? "(zz)" : "(999)");
      if (catalog::is_normalized_subdivision(c.subdivision)) cands.push_back(c);
    }
  }
  catalog::Citation unlisted{"PL", "999.99", ""};
  classes_.push_back(CitationClass{unlisted.canonical(), true, answers(unlisted)});
  for (const auto& c : cands) {
    auto a = answers(c);
    bool dup = std::any_of(classes_.begin(), classes_.end(),
                           [&](const CitationClass& k) { return k.parsed && k.answers == a; });
    if (!dup) classes_.push_back(CitationClass{c.canonical(), true, std::move(a)});
  }
  classes_.push_back(
      CitationClass{"unreadable citation", false,
                    std::vector<catalog::Listed>(lists_.size(), catalog::Listed::kUnknown)});
}

std::vector<catalog::Listed> CitationClasses::answers(const catalog::Citation& c) const {
  std::vector<catalog::Listed> out;
  for (uint32_t l : lists_) out.push_back(catalog_.listed(catalog::ListIndex{l}, c));
  return out;
}

int CitationClasses::list_position(uint32_t list) const {
  auto it = std::find(lists_.begin(), lists_.end(), list);
  return it == lists_.end() ? -1 : static_cast<int>(it - lists_.begin());
}

int CitationClasses::class_of(const catalog::Citation* parsed) const {
  if (!parsed) return static_cast<int>(classes_.size() - 1);
  auto a = answers(*parsed);
  for (size_t i = 0; i < classes_.size(); ++i) {
    if (classes_[i].parsed && classes_[i].answers == a) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace writ::analysis
