// writ fmt: one canonical layout for the ```writ blocks of a literate policy. Everything outside
// those blocks (the Markdown prose, other code blocks) is returned byte-identical.
//
// The layout is a token re-spacing line by line, not a pretty-printer: the author's line breaks
// and each line's indentation are kept (policies align continuation lines under an open
// parenthesis), comments stay where they are, spacing between tokens is made canonical, trailing
// whitespace is removed and runs of blank lines become one.
#pragma once

#include <string>
#include <string_view>

namespace writ::format {

// The file with its ```writ blocks laid out canonically. A block containing a token the lexer
// rejects, or one inside a blockquote or list item, is left as it is except for trailing spaces.
std::string format_policy(std::string_view markdown);

// One writ source text (the content of a block) laid out canonically.
std::string format_block(std::string_view code);

}  // namespace writ::format
