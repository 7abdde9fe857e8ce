// The literate layer: a policy is a Markdown file; its fenced code blocks whose info string starts
// with `writ` hold the rules, everything else is prose for people. This finds the blocks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace writ::syntax {

struct CodeBlock {
  std::string lang;           // first word of the info string: "writ", "writ-test", "json", ...
  std::string info;           // the whole info string ("json fixture=doc-base")
  uint32_t begin = 0;         // byte offset of the block's content in the Markdown file
  uint32_t end = 0;           // exclusive
  uint32_t fence_offset = 0;  // byte offset of the opening fence line (for diagnostics)
  // The content's pieces in the file. A block inside a blockquote or list item has markers
  // ("> ", indentation) between its lines that are not part of the code.
  std::vector<std::pair<uint32_t, uint32_t>> chunks;  // [begin, end) byte ranges
};

// The file text with everything in [block.begin, block.end) that is not block content replaced
// by spaces, so the block can be lexed with its offsets unchanged.
std::string masked_block_text(std::string_view markdown, const CodeBlock& block);

// Fenced and indented code blocks of a CommonMark document, in document order.
std::vector<CodeBlock> code_blocks(std::string_view markdown);

}  // namespace writ::syntax
