#include "catalog/catalog.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

#include "catalog/csv.h"

namespace writ::catalog {
namespace {

constexpr std::array<std::string_view, 9> columns = {
    "code", "section", "subdivisions", "name", "class", "lists", "source", "verified", "note"};
enum Column : std::size_t {
  kCode,
  kSection,
  kSubdivisions,
  kName,
  kClass,
  kLists,
  kSource,
  kVerified,
  kNote,
};

constexpr std::uintmax_t max_file_bytes = std::uintmax_t{16} << 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  out.append(s);
  out += '"';
  return out;
}

Error row_error(std::string_view origin, std::size_t line, std::string_view message) {
  std::string m(origin);
  m += ':';
  m += std::to_string(line);
  m += ": ";
  m.append(message);
  return make_error(ErrorCode::kInvalidPolicy, std::move(m));
}

// Splits a ';'-separated cell; empty cell -> no items; an empty item is an error (nullopt).
std::optional<std::vector<std::string_view>> split_items(std::string_view cell) {
  std::vector<std::string_view> out;
  cell = trim(cell);
  if (cell.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t semi = cell.find(';', start);
    std::string_view item = trim(cell.substr(start, semi - start));
    if (item.empty()) return std::nullopt;
    out.push_back(item);
    if (semi == std::string_view::npos) break;
    start = semi + 1;
  }
  return out;
}

bool valid_list_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Whether an entry restricted to `subdivisions` lists `cited`.
Listed restriction_match(const std::vector<std::string>& subdivisions, std::string_view cited) {
  if (subdivisions.empty()) return Listed::kYes;
  if (cited.empty()) return Listed::kUnknown;
  if (!is_normalized_subdivision(cited)) {
    // A caller passed a raw subdivision ("02", "(2)(B)"): normalize it (the rare path that
    // allocates); one that does not read as a subdivision cannot be matched.
    auto normalized = normalize_subdivision(cited);
    if (!normalized || normalized->empty()) return Listed::kUnknown;
    return restriction_match(subdivisions, *normalized);
  }
  bool broader = false;
  for (const std::string& s : subdivisions) {
    if (subdivision_within(cited, s)) return Listed::kYes;
    if (subdivision_within(s, cited)) broader = true;
  }
  return broader ? Listed::kUnknown : Listed::kNo;
}

// FNV-1a, fed piecewise so that (code, ' ', section) hashes like the joined key.
constexpr std::size_t fnv_offset = sizeof(std::size_t) == 8 ? 14695981039346656037ULL : 2166136261U;
constexpr std::size_t fnv_prime = sizeof(std::size_t) == 8 ? 1099511628211ULL : 16777619U;

std::size_t fnv(std::size_t h, std::string_view s) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= fnv_prime;
  }
  return h;
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    return make_error(ErrorCode::kIo, path.generic_string() + ": " + ec.message());
  }
  if (size > max_file_bytes) {
    return make_error(ErrorCode::kLimit, path.generic_string() + ": file is larger than " +
                                             std::to_string(max_file_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, path.generic_string() + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::kIo, path.generic_string() + ": read error");
  return std::move(buf).str();
}

}  // namespace

std::size_t Catalog::SectionHash::operator()(std::string_view key) const {
  return fnv(fnv_offset, key);
}

std::size_t Catalog::SectionHash::operator()(SectionRef ref) const {
  std::size_t h = fnv(fnv_offset, ref.code);
  h = fnv(h, " ");
  return fnv(h, ref.section);
}

bool Catalog::SectionEq::operator()(const std::string& a, SectionRef b) const {
  const std::string_view k(a);
  return k.size() == b.code.size() + 1 + b.section.size() && k.starts_with(b.code) &&
         k[b.code.size()] == ' ' && k.substr(b.code.size() + 1) == b.section;
}

Result<Catalog> Catalog::load_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error(ErrorCode::kNotFound, "catalog directory " + in_quotes(dir) + " not found");
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".csv") files.push_back(it->path());
  }
  if (ec) {
    return make_error(ErrorCode::kIo,
                      "cannot list catalog directory " + in_quotes(dir) + ": " + ec.message());
  }
  if (files.empty()) {
    return make_error(ErrorCode::kNotFound, "no *.csv catalog in " + in_quotes(dir));
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.generic_string() < b.generic_string();
  });
  Catalog catalog;
  for (const fs::path& file : files) {
    auto text = read_file(file);
    if (!text) return text.error();
    auto added = catalog.add_csv(*text, file.generic_string());
    if (!added) return added.error();
  }
  return catalog;
}

Result<Ok> Catalog::add_csv(std::string_view text, std::string_view origin) {
  auto records = parse_csv(text, origin);
  if (!records) return records.error();
  if (records->empty()) return row_error(origin, 1, "no header row");

  // Header: every column exactly once, in any order.
  const CsvRecord& header = records->front();
  std::array<std::size_t, columns.size()> at;
  at.fill(SIZE_MAX);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string_view name = trim(header.fields[i]);
    const auto it = std::find(columns.begin(), columns.end(), name);
    if (it == columns.end()) {
      return row_error(origin, header.line,
                       "unknown column " + in_quotes(name) +
                           " (expected code,section,subdivisions,name,class,lists,source,"
                           "verified,note)");
    }
    const auto col = static_cast<std::size_t>(it - columns.begin());
    if (at[col] != SIZE_MAX) {
      return row_error(origin, header.line, "duplicate column " + in_quotes(name));
    }
    at[col] = i;
  }
  for (std::size_t col = 0; col < columns.size(); ++col) {
    if (at[col] == SIZE_MAX) {
      return row_error(origin, header.line, "missing column " + in_quotes(columns[col]));
    }
  }

  // Parse every row first, commit only when all are valid.
  std::vector<Entry> added;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    const std::size_t line = rec.line;
    if (rec.fields.size() != columns.size()) {
      return row_error(origin, line,
                       "expected " + std::to_string(columns.size()) + " fields, found " +
                           std::to_string(rec.fields.size()));
    }
    auto cell = [&](Column c) { return trim(rec.fields[at[c]]); };

    Entry e;
    const std::string_view code = cell(kCode);
    const std::string_view section = cell(kSection);
    if (code.empty()) return row_error(origin, line, "empty code");
    if (section.empty()) return row_error(origin, line, "empty section");
    auto cit = normalize_citation(std::string(code) + " " + std::string(section));
    if (!cit) return row_error(origin, line, cit.error().message);
    if (cit->code != code) {
      return row_error(
          origin, line,
          "code " + in_quotes(code) + " is not canonical (write " + in_quotes(cit->code) + ")");
    }
    if (!cit->subdivision.empty()) {
      return row_error(origin, line,
                       "section " + in_quotes(section) +
                           " carries a subdivision; put it in the subdivisions column");
    }
    e.citation = std::move(*cit);

    auto subs = split_items(cell(kSubdivisions));
    if (!subs) {
      return row_error(origin, line,
                       "empty item in subdivisions " + in_quotes(cell(kSubdivisions)));
    }
    for (std::string_view s : *subs) {
      auto sub = normalize_subdivision(s);
      if (!sub) return row_error(origin, line, "subdivisions: " + sub.error().message);
      for (const std::string& other : e.subdivisions) {
        if (subdivision_within(*sub, other) || subdivision_within(other, *sub)) {
          return row_error(
              origin, line,
              "subdivisions " + in_quotes(other) + " and " + in_quotes(*sub) + " overlap");
        }
      }
      e.subdivisions.push_back(std::move(*sub));
    }

    e.name = std::string(cell(kName));
    if (e.name.empty()) return row_error(origin, line, "empty name");
    e.offense_class = std::string(cell(kClass));

    auto lists = split_items(cell(kLists));
    if (!lists) return row_error(origin, line, "empty item in lists " + in_quotes(cell(kLists)));
    for (std::string_view id : *lists) {
      if (!valid_list_id(id)) {
        return row_error(origin, line,
                         "list id " + in_quotes(id) + " is not valid (use a-z, 0-9 and '-')");
      }
      if (std::find(e.lists.begin(), e.lists.end(), id) != e.lists.end()) {
        return row_error(origin, line, "list " + in_quotes(id) + " given twice");
      }
      e.lists.emplace_back(id);
    }
    if (e.lists.empty() && !e.subdivisions.empty()) {
      return row_error(origin, line, "subdivisions given but the section is on no list");
    }

    e.source = std::string(cell(kSource));
    const std::string_view verified = cell(kVerified);
    if (verified == "yes") {
      e.verified = true;
    } else if (verified == "no") {
      e.verified = false;
    } else {
      return row_error(origin, line, "verified must be yes or no, not " + in_quotes(verified));
    }
    e.note = std::string(cell(kNote));
    e.origin = std::string(origin) + ":" + std::to_string(line);

    // Duplicates, against the loaded entries and the rows added before this one.
    auto clash = [&](const Entry& other) -> std::optional<std::string> {
      if (other.citation.section_key() != e.citation.section_key()) return std::nullopt;
      if (other.lists.empty() || e.lists.empty()) {
        return "duplicate entry for " + e.citation.section_key() + " (first at " + other.origin +
               ")";
      }
      for (const std::string& id : e.lists) {
        if (std::find(other.lists.begin(), other.lists.end(), id) != other.lists.end()) {
          return e.citation.section_key() + " is already on list " + id + " (at " + other.origin +
                 ")";
        }
      }
      return std::nullopt;
    };
    if (auto it = by_section_.find(SectionRef{e.citation.code, e.citation.section});
        it != by_section_.end()) {
      for (std::uint32_t i = it->second; i != kNoRow; i = rows_[i].next) {
        if (auto msg = clash(entries_[i])) return row_error(origin, line, *msg);
      }
    }
    for (const Entry& other : added) {
      if (auto msg = clash(other)) return row_error(origin, line, *msg);
    }
    added.push_back(std::move(e));
  }
  if (entries_.size() + added.size() >= kNoRow) {
    return make_error(ErrorCode::kLimit, std::string(origin) + ": too many catalog entries");
  }

  // Commit.
  for (Entry& e : added) {
    const auto index = static_cast<std::uint32_t>(entries_.size());
    Row row;
    for (const std::string& id : e.lists) {
      auto found = std::find(list_ids_.begin(), list_ids_.end(), id);
      if (found == list_ids_.end()) {
        list_ids_.push_back(id);
        found = std::prev(list_ids_.end());
      }
      row.lists.push_back(static_cast<std::uint32_t>(found - list_ids_.begin()));
    }
    auto [it, inserted] = by_section_.try_emplace(e.citation.section_key(), index);
    if (!inserted) {
      std::uint32_t last = it->second;
      while (rows_[last].next != kNoRow) last = rows_[last].next;
      rows_[last].next = index;
    }
    entries_.push_back(std::move(e));
    rows_.push_back(std::move(row));
  }
  return Ok{};
}

std::uint32_t Catalog::first_row(const Citation& citation) const {
  const auto it = by_section_.find(SectionRef{citation.code, citation.section});
  return it == by_section_.end() ? kNoRow : it->second;
}

LookupResult Catalog::lookup(const Citation& citation) const {
  LookupResult out;
  out.citation = citation;
  const std::uint32_t first = first_row(citation);
  if (first == kNoRow) return out;
  out.entry = &entries_[first];
  for (std::uint32_t i = first; i != kNoRow; i = rows_[i].next) {
    const Listed l = restriction_match(entries_[i].subdivisions, citation.subdivision);
    for (std::uint32_t list : rows_[i].lists) {
      if (l == Listed::kYes) out.lists.push_back(list_ids_[list]);
      if (l == Listed::kUnknown) out.unknown_lists.push_back(list_ids_[list]);
    }
  }
  return out;
}

Result<LookupResult> Catalog::lookup(std::string_view citation_text) const {
  auto citation = normalize_citation(citation_text);
  if (!citation) return citation.error();
  return lookup(*citation);
}

std::optional<ListIndex> Catalog::list_index(std::string_view list_id) const {
  for (std::size_t i = 0; i < list_ids_.size(); ++i) {
    if (list_ids_[i] == list_id) return ListIndex{static_cast<std::uint32_t>(i)};
  }
  return std::nullopt;
}

Listed Catalog::listed(std::string_view list_id, const Citation& citation) const {
  const auto list = list_index(list_id);
  return list ? listed(*list, citation) : Listed::kNo;
}

Listed Catalog::listed(ListIndex list, const Citation& citation) const {
  return listed_at(list, first_row(citation), citation);
}

Listed Catalog::listed_at(ListIndex list, std::uint32_t row, const Citation& citation) const {
  for (std::uint32_t i = row; i != kNoRow; i = rows_[i].next) {
    const std::vector<std::uint32_t>& lists = rows_[i].lists;
    if (std::find(lists.begin(), lists.end(), list.value) != lists.end()) {
      return restriction_match(entries_[i].subdivisions, citation.subdivision);
    }
  }
  return Listed::kNo;
}

}  // namespace writ::catalog
