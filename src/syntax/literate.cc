#include "syntax/literate.h"

#include <md4c.h>

namespace writ::syntax {
namespace {

struct Walk {
  std::string_view doc;
  std::vector<CodeBlock> blocks;
  bool in_code = false;
  bool have_text = false;
  CodeBlock current;
};

std::string attr(const MD_ATTRIBUTE& a) {
  return a.text ? std::string(a.text, a.size) : std::string();
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
  auto* w = static_cast<Walk*>(user);
  if (type == MD_BLOCK_CODE) {
    const auto* d = static_cast<const MD_BLOCK_CODE_DETAIL*>(detail);
    w->in_code = true;
    w->have_text = false;
    w->current = CodeBlock{};
    w->current.lang = attr(d->lang);
    w->current.info = attr(d->info);
  }
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void* /*detail*/, void* user) {
  auto* w = static_cast<Walk*>(user);
  if (type == MD_BLOCK_CODE) {
    if (w->have_text) w->blocks.push_back(w->current);
    w->in_code = false;
  }
  return 0;
}

int enter_span(MD_SPANTYPE, void*, void*) {
  return 0;
}
int leave_span(MD_SPANTYPE, void*, void*) {
  return 0;
}

int text(MD_TEXTTYPE type, const MD_CHAR* t, MD_SIZE size, void* user) {
  auto* w = static_cast<Walk*>(user);
  if (!w->in_code || type != MD_TEXT_CODE) return 0;
  const char* base = w->doc.data();
  if (t < base || t + size > base + w->doc.size()) return 0;  // synthesized text (a newline)
  auto off = static_cast<uint32_t>(t - base);
  if (!w->have_text) {
    w->current.begin = off;
    uint32_t line_start = off;
    while (line_start > 0 && base[line_start - 1] != '\n') --line_start;
    // The fence is the line before the first content line.
    uint32_t fence = line_start > 0 ? line_start - 1 : 0;
    while (fence > 0 && base[fence - 1] != '\n') --fence;
    w->current.fence_offset = fence;
    w->have_text = true;
  }
  w->current.end = off + size;
  w->current.chunks.emplace_back(off, off + size);
  return 0;
}

}  // namespace

std::string masked_block_text(std::string_view markdown, const CodeBlock& block) {
  std::string out(markdown.substr(0, block.end));
  std::vector<char> keep(block.end - block.begin, 0);
  for (const auto& [b, e] : block.chunks) {
    for (uint32_t i = b; i < e && i < block.end; ++i) keep[i - block.begin] = 1;
  }
  for (uint32_t i = block.begin; i < block.end; ++i) {
    if (!keep[i - block.begin] && out[i] != '\n') out[i] = ' ';
  }
  return out;
}

std::vector<CodeBlock> code_blocks(std::string_view markdown) {
  Walk w;
  w.doc = markdown;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_DIALECT_GITHUB;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = text;
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &w);
  return std::move(w.blocks);
}

}  // namespace writ::syntax
