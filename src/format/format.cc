#include "format/format.h"

#include <vector>

#include "syntax/lexer.h"
#include "syntax/literate.h"

namespace writ::format {
namespace {

using syntax::Tok;
using syntax::Token;

bool is_open(Tok k) {
  return k == Tok::kLParen || k == Tok::kLBracket;
}

// The separator between two tokens on one line. `had_space` says whether the author put
// whitespace there; it decides the cases where both spellings are house style: `f(x)` against
// `and (x)`, `d: Document` against `def f : bool`, `{ a }`, and the spacing of a minus (unary `-5`,
// binary `a - 5`).
std::string_view gap(const Token& prev, const Token& cur, bool had_space) {
  if (cur.kind == Tok::kDot || prev.kind == Tok::kDot) return "";
  if (cur.kind == Tok::kComma) return "";
  if (cur.kind == Tok::kRParen || cur.kind == Tok::kRBracket) return "";
  if (is_open(prev.kind)) return "";
  if (prev.kind == Tok::kComma) return " ";
  if (cur.kind == Tok::kLParen || cur.kind == Tok::kLBracket || cur.kind == Tok::kColon ||
      cur.kind == Tok::kRBrace || prev.kind == Tok::kLBrace || cur.kind == Tok::kMinus ||
      prev.kind == Tok::kMinus) {
    return had_space ? " " : "";
  }
  return " ";
}

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool blank(std::string_view s) {
  return rtrim(s).empty();
}

// One line re-spaced: indentation kept, tokens joined by canonical gaps, a trailing comment
// kept with the author's distance (at least one space) so aligned comments stay aligned.
std::string format_line(std::string_view line) {
  line = rtrim(line);
  size_t indent = 0;
  while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) ++indent;
  std::vector<Token> toks = syntax::lex(line, 0, static_cast<uint32_t>(line.size()));
  toks.pop_back();  // kEnd
  for (const auto& t : toks) {
    if (t.kind == Tok::kError) return std::string(line);
  }
  std::string out(line.substr(0, indent));
  size_t last = indent;
  for (size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    if (i > 0) out += gap(toks[i - 1], t, t.begin > last);
    out += line.substr(t.begin, t.end - t.begin);
    last = t.end;
  }
  if (last < line.size()) {
    // The rest is whitespace and a comment (the lexer skipped it).
    size_t hash = line.find('#', last);
    if (hash != std::string_view::npos) {
      if (!toks.empty()) out.append(hash - last > 0 ? hash - last : 1, ' ');
      out += line.substr(hash);
    }
  }
  return out;
}

}  // namespace

std::string format_block(std::string_view code) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= code.size()) {
    size_t nl = code.find('\n', pos);
    if (nl == std::string_view::npos) {
      lines.push_back(code.substr(pos));
      break;
    }
    lines.push_back(code.substr(pos, nl - pos));
    pos = nl + 1;
  }
  bool final_newline = !code.empty() && code.back() == '\n';
  if (final_newline) lines.pop_back();  // the empty piece after the last '\n'
  // A block with a token the lexer rejects is left alone (but for trailing whitespace).
  bool clean = true;
  for (const auto& t : syntax::lex(code, 0, static_cast<uint32_t>(code.size()))) {
    if (t.kind == Tok::kError) clean = false;
  }
  std::vector<std::string> out;
  for (auto line : lines) {
    if (blank(line)) {
      // Runs of blank lines become one; none at the start of a block.
      if (!out.empty() && !out.back().empty()) out.emplace_back();
      continue;
    }
    out.push_back(clean ? format_line(line) : std::string(rtrim(line)));
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  std::string text;
  for (size_t i = 0; i < out.size(); ++i) {
    text += out[i];
    if (i + 1 < out.size() || final_newline) text += '\n';
  }
  return text;
}

std::string format_policy(std::string_view markdown) {
  std::string out;
  size_t copied = 0;
  for (const auto& block : syntax::code_blocks(markdown)) {
    if (block.lang != "writ") continue;
    // Only fenced blocks at the left margin (not inside a blockquote or list item). The block's
    // lines run from the line after the opening fence to the closing fence line; md4c's offsets
    // skip each line's indentation, so the region is taken from the fences.
    size_t fence = block.fence_offset;
    if (block.begin >= block.end || block.end > markdown.size() || fence >= block.begin) continue;
    if (fence > 0 && markdown[fence - 1] != '\n') continue;
    std::string_view opener = markdown.substr(fence, 3);
    if (opener != "```" && opener != "~~~") continue;
    size_t begin = markdown.find('\n', fence);
    size_t last_nl = markdown.find('\n', block.end - 1);
    if (begin == std::string_view::npos || last_nl == std::string_view::npos) continue;
    ++begin;
    size_t end = last_nl + 1;
    if (begin < copied || begin > block.begin || markdown.substr(end, 3) != opener) continue;
    out += markdown.substr(copied, begin - copied);
    out += format_block(markdown.substr(begin, end - begin));
    copied = end;
  }
  out += markdown.substr(copied);
  return out;
}

}  // namespace writ::format
