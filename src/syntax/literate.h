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
};

// Fenced and indented code blocks of a CommonMark document, in document order.
std::vector<CodeBlock> code_blocks(std::string_view markdown);

}  // namespace writ::syntax
