// Parses the writ blocks of one literate file into a Module. Errors are collected as diagnostics;
// the parser recovers at the next declaration keyword so one mistake does not hide the others.
#pragma once

#include "base/diagnostic.h"
#include "syntax/ast.h"

namespace writ::syntax {

// Parses every ```writ block of the Markdown file `file` (already added to `sources`).
Module parse_module(const SourceMap& sources, uint32_t file, Diagnostics& diags);

}  // namespace writ::syntax
