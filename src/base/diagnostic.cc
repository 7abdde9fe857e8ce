#include "base/diagnostic.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace writ {

void Diagnostics::error(std::string code, Span span, std::string message, std::string hint) {
  items_.push_back({Severity::kError, std::move(code), span, std::move(message), std::move(hint)});
}

void Diagnostics::warning(std::string code, Span span, std::string message, std::string hint) {
  items_.push_back(
      {Severity::kWarning, std::move(code), span, std::move(message), std::move(hint)});
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = items_;
  auto key = [](const Diagnostic& d) {
    return std::tie(d.span.file, d.span.begin, d.span.end, d.code, d.message);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Diagnostic& a, const Diagnostic& b) {
                          return key(a) == key(b) && a.severity == b.severity;
                        }),
            out.end());
  return out;
}

std::string render(const Diagnostic& d, const SourceMap& sources) {
  const char* sev = d.severity == Severity::kError ? "error" : "warning";
  if (d.span.file >= sources.size()) {
    std::string s = fmt::format("{}[{}]: {}\n", sev, d.code, d.message);
    if (!d.hint.empty()) s += fmt::format("  = help: {}\n", d.hint);
    return s;
  }
  const SourceFile& f = sources.file(d.span.file);
  LineCol lc = f.line_col(d.span.begin);
  std::string out =
      fmt::format("{}:{}:{}: {}[{}]: {}\n", f.path(), lc.line, lc.col, sev, d.code, d.message);
  std::string_view line = f.line_text(lc.line);
  std::string num = std::to_string(lc.line);
  std::string pad(num.size(), ' ');
  out += fmt::format(" {} |\n", pad);
  out += fmt::format(" {} | {}\n", num, line);
  size_t width = 1;
  if (d.span.end > d.span.begin) {
    LineCol le = f.line_col(d.span.end);
    width = le.line == lc.line ? le.col - lc.col : line.size() + 1 - (lc.col - 1);
  }
  width = std::max<size_t>(
      1, std::min<size_t>(width, line.size() + 1 - std::min<size_t>(line.size(), lc.col - 1)));
  std::string marks;
  for (size_t i = 0; i + 1 < lc.col && i < line.size(); ++i) marks += line[i] == '\t' ? '\t' : ' ';
  marks += std::string(width, '^');
  out += fmt::format(" {} | {}\n", pad, marks);
  if (!d.hint.empty()) out += fmt::format(" {} = help: {}\n", pad, d.hint);
  return out;
}

std::string render_all(const Diagnostics& diags, const SourceMap& sources) {
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const auto& d : diags.sorted()) {
    out += render(d, sources);
    (d.severity == Severity::kError ? errors : warnings)++;
  }
  if (errors + warnings > 0) {
    out += fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                       warnings == 1 ? "" : "s");
  }
  return out;
}

}  // namespace writ
