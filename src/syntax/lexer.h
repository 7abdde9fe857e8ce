// Splits one writ code block into tokens. Offsets are offsets in the whole Markdown file, so
// diagnostics point at the right line. `#` starts a comment that runs to the end of the line.
#pragma once

#include <string_view>
#include <vector>

#include "syntax/token.h"

namespace writ::syntax {

// Lexes file[begin, end). Never fails: bad characters become kError tokens. Ends with kEnd.
std::vector<Token> lex(std::string_view file, uint32_t begin, uint32_t end);

}  // namespace writ::syntax
