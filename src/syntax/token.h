// Tokens of the writ rule language.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace writ::syntax {

enum class Tok : unsigned char {
  kEnd,
  kIdent,     // names, keywords and hyphenated labels: honor-b1
  kInt,       // 48
  kString,    // "text" (value holds the unescaped text)
  kDate,      // 2014-12-14
  kDateTime,  // 2024-03-01T10:15:00-05:00
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kComma,
  kColon,
  kDot,
  kAssign,  // =
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,  // == != < <= > >=
  kPlus,
  kMinus,
  kStar,
  kError,  // a character or literal the lexer does not understand (value says what)
};

struct Token {
  Tok kind = Tok::kEnd;
  uint32_t begin = 0;  // byte offset in the file
  uint32_t end = 0;
  std::string value;  // identifier text, unescaped string, literal text, or error message
  bool is(std::string_view word) const { return kind == Tok::kIdent && value == word; }
};

const char* token_name(Tok t);

}  // namespace writ::syntax
