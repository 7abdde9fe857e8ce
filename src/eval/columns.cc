#include "eval/columns.h"

#include "catalog/catalog.h"

namespace writ::eval::batch {

VKind kind_of(const check::Schema& schema, check::TypeId t) {
  switch (schema.info(t).kind) {
    case check::TypeKind::kBool:
      return VKind::kBool;
    case check::TypeKind::kInt:
      return VKind::kInt;
    case check::TypeKind::kString:
      return VKind::kString;
    case check::TypeKind::kDate:
      return VKind::kDate;
    case check::TypeKind::kDateTime:
      return VKind::kDateTime;
    case check::TypeKind::kDuration:
      return VKind::kDuration;
    case check::TypeKind::kCitation:
      return VKind::kCitation;
    case check::TypeKind::kEnum:
      return VKind::kEnum;
    case check::TypeKind::kRecord:
      return VKind::kRecord;
    case check::TypeKind::kList:
      return VKind::kList;
    default:
      return VKind::kUnknown;
  }
}

uint32_t Layout::column(const check::Schema& schema, uint32_t table,
                        const std::vector<uint32_t>& path, check::TypeId type) {
  if (tables.empty()) tables.push_back(TableSpec{});
  for (uint32_t c : tables[table].cols) {
    if (cols[c].path == path) return c;
  }
  ColumnSpec spec;
  spec.table = table;
  spec.path = path;
  spec.type = type;
  spec.kind = kind_of(schema, type);
  auto id = static_cast<uint32_t>(cols.size());
  cols.push_back(spec);
  tables[table].cols.push_back(id);
  if (spec.kind == VKind::kList) {
    auto child = static_cast<uint32_t>(tables.size());
    TableSpec t;
    t.parent = table;
    t.list_col = id;
    t.elem = schema.info(type).elem;
    tables.push_back(t);
    cols[id].child = child;
    column(schema, child, {}, t.elem);  // the items themselves (their state; scalar values)
  }
  return id;
}

uint32_t Layout::find(uint32_t table, const std::vector<uint32_t>& path) const {
  if (table >= tables.size()) return UINT32_MAX;
  for (uint32_t c : tables[table].cols) {
    if (cols[c].path == path) return c;
  }
  return UINT32_MAX;
}

ColumnStore::ColumnStore(const check::Schema& schema, const Layout& layout,
                         const std::vector<std::string>& strings, std::vector<uint32_t> lists,
                         const catalog::Catalog* catalog)
    : schema_(schema), layout_(layout), lists_(std::move(lists)), catalog_(catalog) {
  for (const auto& s : strings) intern_string(s);
  listed_.resize(lists_.size());
  clear();
}

void ColumnStore::clear() {
  cols_.assign(layout_.cols.size(), Column{});
  rows_.assign(layout_.tables.size(), 0);
  for (size_t c = 0; c < cols_.size(); ++c) {
    if (layout_.cols[c].kind == VKind::kList) cols_[c].begin.push_back(0);
  }
  fallback_.clear();
}

void ColumnStore::repeat(size_t times) {
  if (times < 2) return;
  const std::vector<size_t> rows = rows_;
  for (size_t c = 0; c < cols_.size(); ++c) {
    Column& col = cols_[c];
    const ColumnSpec& spec = layout_.cols[c];
    const size_t n = col.st.size();
    col.st.reserve(n * times);
    col.x.reserve(n * times);
    col.off.reserve(col.off.size() * times);
    for (size_t k = 1; k < times; ++k) {
      // A record's payload is its row; a list's offsets move by the child rows before.
      const int64_t row_shift = spec.kind == VKind::kRecord ? static_cast<int64_t>(k * n) : 0;
      for (size_t i = 0; i < n; ++i) {
        col.st.push_back(col.st[i]);
        col.x.push_back(col.x[i] + row_shift);
      }
      for (size_t i = 0; i < n && !col.off.empty(); ++i) col.off.push_back(col.off[i]);
      if (spec.kind == VKind::kList) {
        const auto shift = static_cast<uint32_t>(k * rows[spec.child]);
        for (size_t i = 1; i <= n; ++i) col.begin.push_back(col.begin[i] + shift);
      }
    }
  }
  for (size_t t = 0; t < rows_.size(); ++t) rows_[t] = rows[t] * times;
  const size_t cases = fallback_.size();
  fallback_.reserve(cases * times);
  for (size_t k = 1; k < times; ++k) {
    for (size_t i = 0; i < cases; ++i) fallback_.push_back(fallback_[i]);
  }
}

int64_t ColumnStore::string_id(const std::string& s) const {
  auto it = strings_.find(s);
  return it == strings_.end() ? -1 : static_cast<int64_t>(it->second);
}

size_t ColumnStore::bytes() const {
  size_t b = 0;
  for (const Column& c : cols_) {
    b += c.st.capacity() + c.x.capacity() * sizeof(int64_t) + c.off.capacity() * sizeof(int32_t) +
         c.begin.capacity() * sizeof(uint32_t);
  }
  return b;
}

uint32_t ColumnStore::intern_string(const std::string& s) {
  auto [it, fresh] = strings_.try_emplace(s, static_cast<uint32_t>(strings_.size()));
  (void)fresh;
  return it->second;
}

uint32_t ColumnStore::intern_citation(const CitationValue& c) {
  // Equal ids exactly when same_value would call the citations equal.
  std::string key = c.parsed ? "P\x1f" + c.citation.code + "\x1f" + c.citation.section + "\x1f" +
                                   c.citation.subdivision
                             : "T\x1f" + c.text;
  auto [it, fresh] = citation_ids_.try_emplace(key, static_cast<uint32_t>(citations_.size()));
  if (fresh) {
    citations_.push_back(c);
    for (size_t l = 0; l < lists_.size(); ++l) {
      uint8_t r = 2;
      if (c.parsed && catalog_) {
        catalog::ListIndex li{lists_[l]};
        catalog::Listed a = c.row_resolved ? catalog_->listed_at(li, c.row, c.citation)
                                           : catalog_->listed(li, c.citation);
        r = static_cast<uint8_t>(a);
      }
      listed_[l].push_back(r);
    }
  }
  return it->second;
}

bool ColumnStore::put(uint32_t c, const Value& v) {
  const ColumnSpec& spec = layout_.cols[c];
  Column& col = cols_[c];
  uint8_t st = kKnown;
  int64_t x = 0;
  int32_t off = 0;
  bool fits = true;
  if (v.kind == VKind::kUnknown) {
    st = kUnknown;
  } else if (v.kind == VKind::kNone) {
    st = kNoneSt;
  } else if (v.kind != spec.kind) {
    st = kUnknown;
    fits = false;
  } else {
    switch (v.kind) {
      case VKind::kBool:
        x = v.b;
        break;
      case VKind::kInt:
        x = v.i;
        break;
      case VKind::kDate:
        x = v.date;
        break;
      case VKind::kDateTime:
        x = v.dt.utc;
        off = v.dt.offset;
        break;
      case VKind::kEnum:
        x = v.member;
        break;
      case VKind::kString:
        x = intern_string(*v.str);
        break;
      case VKind::kCitation:
        x = intern_citation(*v.cit);
        break;
      case VKind::kRecord:
      case VKind::kList:
        break;
      default:
        st = kUnknown;
        fits = false;  // durations in case data: not in the case format
        break;
    }
  }
  col.st.push_back(st);
  col.x.push_back(x);
  if (spec.kind == VKind::kDateTime) col.off.push_back(off);
  return fits;
}

void ColumnStore::fill(uint32_t table, const Value& row_value) {
  ++rows_[table];
  for (uint32_t c : layout_.tables[table].cols) {
    const ColumnSpec& spec = layout_.cols[c];
    Value v = row_value;
    for (uint32_t f : spec.path) {
      if (v.kind == VKind::kRecord) {
        v = f < v.rec->size ? v.rec->slots[f] : Value::unknown();
      } else if (v.kind != VKind::kNone) {
        v = Value::unknown();
      }
    }
    if (!put(c, v)) bad_ = true;
    if (spec.kind == VKind::kRecord) cols_[c].x.back() = static_cast<int64_t>(rows_[table] - 1);
    if (spec.kind == VKind::kList) {
      if (v.kind == VKind::kList) {
        for (uint32_t i = 0; i < v.list->size; ++i) fill(spec.child, v.list->items[i]);
      }
      cols_[c].begin.push_back(static_cast<uint32_t>(rows_[spec.child]));
    }
  }
}

void ColumnStore::add(const CaseData& c) {
  bad_ = false;
  fill(0, Value::record(c.root()));
  fallback_.push_back(bad_ ? 1 : 0);
}

}  // namespace writ::eval::batch
