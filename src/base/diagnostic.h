// Policy diagnostics are values: collected, positioned, ordered deterministically, rendered as
//   file:line:col: error[E0301]: message
//      12 |   hold = maybe
//         |          ^^^^^
//      = help: fix hint
#pragma once

#include <string>
#include <vector>

#include "base/source.h"

namespace writ {

enum class Severity : unsigned char { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;  // stable code, e.g. "E0201"; see docs/language.md
  Span span;
  std::string message;
  std::string hint;  // how to fix it; may be empty
};

class Diagnostics {
 public:
  void error(std::string code, Span span, std::string message, std::string hint = {});
  void warning(std::string code, Span span, std::string message, std::string hint = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  bool has_errors() const;
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  // Sorted by file, offset, code, message; duplicates removed.
  std::vector<Diagnostic> sorted() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  void append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
};

// Renders one diagnostic with its source line and caret marks.
std::string render(const Diagnostic& d, const SourceMap& sources);
// Renders all, sorted, followed by a summary line ("2 errors, 1 warning").
std::string render_all(const Diagnostics& diags, const SourceMap& sources);

}  // namespace writ
