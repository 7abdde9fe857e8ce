#include "syntax/lexer.h"

#include <cctype>

namespace writ::syntax {

const char* token_name(Tok t) {
  switch (t) {
    case Tok::kEnd:
      return "end of block";
    case Tok::kIdent:
      return "name";
    case Tok::kInt:
      return "number";
    case Tok::kString:
      return "string";
    case Tok::kDate:
      return "date";
    case Tok::kDateTime:
      return "date-time";
    case Tok::kLParen:
      return "'('";
    case Tok::kRParen:
      return "')'";
    case Tok::kLBracket:
      return "'['";
    case Tok::kRBracket:
      return "']'";
    case Tok::kLBrace:
      return "'{'";
    case Tok::kRBrace:
      return "'}'";
    case Tok::kComma:
      return "','";
    case Tok::kColon:
      return "':'";
    case Tok::kDot:
      return "'.'";
    case Tok::kAssign:
      return "'='";
    case Tok::kEq:
      return "'=='";
    case Tok::kNe:
      return "'!='";
    case Tok::kLt:
      return "'<'";
    case Tok::kLe:
      return "'<='";
    case Tok::kGt:
      return "'>'";
    case Tok::kGe:
      return "'>='";
    case Tok::kPlus:
      return "'+'";
    case Tok::kMinus:
      return "'-'";
    case Tok::kStar:
      return "'*'";
    case Tok::kError:
      return "invalid token";
  }
  return "token";
}

namespace {

bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Matches `n` digits at s[i..].
bool digits(std::string_view s, size_t i, size_t n) {
  if (i + n > s.size()) return false;
  for (size_t k = 0; k < n; ++k) {
    if (!is_digit(s[i + k])) return false;
  }
  return true;
}

}  // namespace

std::vector<Token> lex(std::string_view file, uint32_t begin, uint32_t end) {
  std::vector<Token> out;
  std::string_view s = file.substr(0, end);
  size_t i = begin;
  auto push = [&](Tok k, size_t b, size_t e, std::string v = {}) {
    out.push_back(Token{k, static_cast<uint32_t>(b), static_cast<uint32_t>(e), std::move(v)});
  };
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    size_t b = i;
    if (is_ident_start(c)) {
      while (i < s.size() && (is_ident_char(s[i]) || (s[i] == '-' && i + 1 < s.size() &&
                                                      is_ident_char(s[i + 1]) && i > b))) {
        ++i;
      }
      push(Tok::kIdent, b, i, std::string(s.substr(b, i - b)));
      continue;
    }
    if (is_digit(c)) {
      // date-time 2024-03-01T10:15:00-05:00 / Z, date 2024-03-01, or integer
      if (digits(s, i, 4) && i + 10 <= s.size() && s[i + 4] == '-' && digits(s, i + 5, 2) &&
          s[i + 7] == '-' && digits(s, i + 8, 2)) {
        size_t j = i + 10;
        if (j < s.size() && s[j] == 'T') {
          ++j;
          while (j < s.size() && (is_digit(s[j]) || s[j] == ':' || s[j] == '.' || s[j] == '+' ||
                                  s[j] == '-' || s[j] == 'Z')) {
            ++j;
          }
          push(Tok::kDateTime, b, j, std::string(s.substr(b, j - b)));
        } else {
          push(Tok::kDate, b, j, std::string(s.substr(b, j - b)));
        }
        i = j;
        continue;
      }
      while (i < s.size() && is_digit(s[i])) ++i;
      if (i < s.size() && is_ident_start(s[i])) {
        while (i < s.size() && is_ident_char(s[i])) ++i;
        push(Tok::kError, b, i, "a number cannot run into a name; put a space between them");
        continue;
      }
      push(Tok::kInt, b, i, std::string(s.substr(b, i - b)));
      continue;
    }
    if (c == '"') {
      std::string v;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char d = s[i];
        if (d == '"') {
          closed = true;
          ++i;
          break;
        }
        if (d == '\n') break;
        if (d == '\\' && i + 1 < s.size()) {
          char e = s[i + 1];
          if (e == 'n') {
            v += '\n';
          } else if (e == 't') {
            v += '\t';
          } else {
            v += e;
          }
          i += 2;
          continue;
        }
        v += d;
        ++i;
      }
      if (!closed) {
        push(Tok::kError, b, i, "this string is not closed on its line");
      } else {
        push(Tok::kString, b, i, std::move(v));
      }
      continue;
    }
    auto two = [&](char next) { return i + 1 < s.size() && s[i + 1] == next; };
    Tok k = Tok::kError;
    size_t len = 1;
    switch (c) {
      case '(':
        k = Tok::kLParen;
        break;
      case ')':
        k = Tok::kRParen;
        break;
      case '[':
        k = Tok::kLBracket;
        break;
      case ']':
        k = Tok::kRBracket;
        break;
      case '{':
        k = Tok::kLBrace;
        break;
      case '}':
        k = Tok::kRBrace;
        break;
      case ',':
        k = Tok::kComma;
        break;
      case ':':
        k = Tok::kColon;
        break;
      case '.':
        k = Tok::kDot;
        break;
      case '+':
        k = Tok::kPlus;
        break;
      case '-':
        k = Tok::kMinus;
        break;
      case '*':
        k = Tok::kStar;
        break;
      case '=':
        k = two('=') ? Tok::kEq : Tok::kAssign;
        len = two('=') ? 2 : 1;
        break;
      case '!':
        if (two('=')) {
          k = Tok::kNe;
          len = 2;
        }
        break;
      case '<':
        k = two('=') ? Tok::kLe : Tok::kLt;
        len = two('=') ? 2 : 1;
        break;
      case '>':
        k = two('=') ? Tok::kGe : Tok::kGt;
        len = two('=') ? 2 : 1;
        break;
      default:
        break;
    }
    if (k == Tok::kError) {
      // Consume one UTF-8 sequence so the message shows the whole character.
      size_t j = i + 1;
      while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
      push(Tok::kError, b, j, "unexpected character '" + std::string(s.substr(b, j - b)) + "'");
      i = j;
      continue;
    }
    push(k, b, b + len);
    i += len;
  }
  push(Tok::kEnd, s.size(), s.size());
  return out;
}

}  // namespace writ::syntax
