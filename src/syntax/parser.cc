#include "syntax/parser.h"

#include <charconv>
#include <unordered_set>

#include <fmt/format.h>

#include "syntax/lexer.h"
#include "syntax/literate.h"

namespace writ::syntax {
namespace {

const std::unordered_set<std::string_view>& decl_keywords() {
  static const std::unordered_set<std::string_view> k = {
      "policy", "library", "enum", "record", "input", "def", "action", "rule", "notice"};
  return k;
}

const std::unordered_set<std::string_view>& reserved() {
  static const std::unordered_set<std::string_view> k = {
      "policy",  "library", "enum",  "record", "input", "def",   "action", "rule", "exception",
      "cite",    "says",    "when",  "and",    "or",    "not",   "exists", "all",  "count",
      "sum",     "in",      "where", "of",     "if",    "then",  "else",   "true", "false",
      "unknown", "none",    "for",   "since",  "until", "notice"};
  return k;
}

class Parser {
 public:
  Parser(const SourceMap& sources, uint32_t file, Diagnostics& diags, Module& m)
      : sources_(sources), file_(file), diags_(diags), m_(m) {}

  void parse_block(const CodeBlock& block) {
    const std::string& text = sources_.file(file_).text();
    bool contiguous = block.chunks.size() <= 1;
    for (size_t i = 1; i < block.chunks.size() && contiguous; ++i) {
      // Pieces separated by anything but line breaks (a "> " or list indentation) need masking.
      for (uint32_t k = block.chunks[i - 1].second; k < block.chunks[i].first; ++k) {
        if (text[k] != '\n' && text[k] != '\r') contiguous = false;
      }
    }
    toks_ = contiguous ? lex(text, block.begin, block.end)
                       : lex(masked_block_text(text, block), block.begin, block.end);
    pos_ = 0;
    for (const Token& t : toks_) {
      if (t.kind == Tok::kError) error("E0101", t, t.value);
    }
    while (!at_end()) {
      size_t before = pos_;
      if (!parse_declaration() || pos_ == before) recover(before);
    }
  }

 private:
  // ---- token helpers ----
  const Token& peek(size_t k = 0) const {
    size_t i = pos_;
    for (; i < toks_.size() && toks_[i].kind == Tok::kError; ++i) {
    }
    for (size_t n = 0; n < k && i + 1 < toks_.size(); ++n) {
      ++i;
      while (i + 1 < toks_.size() && toks_[i].kind == Tok::kError) ++i;
    }
    return toks_[std::min(i, toks_.size() - 1)];
  }
  const Token& next() {
    while (pos_ < toks_.size() && toks_[pos_].kind == Tok::kError) ++pos_;
    const Token& t = toks_[std::min(pos_, toks_.size() - 1)];
    if (pos_ < toks_.size() - 1) ++pos_;
    return t;
  }
  bool at_end() const { return peek().kind == Tok::kEnd; }
  bool at(Tok k) const { return peek().kind == k; }
  bool at_word(std::string_view w) const { return peek().is(w); }
  bool accept(Tok k) {
    if (!at(k)) return false;
    next();
    return true;
  }
  bool accept_word(std::string_view w) {
    if (!at_word(w)) return false;
    next();
    return true;
  }
  Span span_of(const Token& t) const { return Span{file_, t.begin, t.end}; }
  Span span_from(uint32_t begin) const {
    uint32_t end = pos_ > 0 ? toks_[pos_ - 1].end : begin;
    return Span{file_, begin, std::max(begin, end)};
  }
  void error(const char* code, const Token& t, std::string msg, std::string hint = {}) {
    diags_.error(code, span_of(t), std::move(msg), std::move(hint));
  }
  std::string describe(const Token& t) const {
    if (t.kind == Tok::kIdent) return fmt::format("'{}'", t.value);
    if (t.kind == Tok::kString) return "a string";
    if (t.kind == Tok::kEnd) return "the end of the block";
    return token_name(t.kind);
  }
  bool expect(Tok k, const char* what) {
    if (accept(k)) return true;
    error("E0102", peek(),
          fmt::format("expected {} {}, found {}", token_name(k), what, describe(peek())));
    return false;
  }
  bool expect_word(std::string_view w, const char* what) {
    if (accept_word(w)) return true;
    error("E0102", peek(), fmt::format("expected '{}' {}, found {}", w, what, describe(peek())));
    return false;
  }
  std::optional<std::string> expect_name(const char* what, Span* span = nullptr) {
    const Token& t = peek();
    if (t.kind != Tok::kIdent || reserved().count(t.value)) {
      error("E0102", t, fmt::format("expected {} , found {}", what, describe(t)));
      return std::nullopt;
    }
    next();
    if (span) *span = span_of(t);
    return t.value;
  }
  std::optional<std::string> expect_string(const char* what) {
    const Token& t = peek();
    if (t.kind != Tok::kString) {
      error("E0102", t, fmt::format("expected a quoted string for {}, found {}", what, describe(t)),
            "write the text in double quotes");
      return std::nullopt;
    }
    next();
    return t.value;
  }
  std::optional<std::string> expect_date(const char* what) {
    const Token& t = peek();
    if (t.kind != Tok::kDate) {
      error("E0102", t,
            fmt::format("expected a date (YYYY-MM-DD) for {}, found {}", what, describe(t)));
      return std::nullopt;
    }
    next();
    return t.value;
  }
  // Skips to the next declaration keyword. `started_at` is where the failed declaration began:
  // at least one token is consumed from there, so the parser always moves on, but a declaration
  // keyword the failure stopped at is kept and parsed next.
  void recover(size_t started_at) {
    if (pos_ == started_at) next();
    while (!at_end()) {
      const Token& t = peek();
      if (t.kind == Tok::kIdent && decl_keywords().count(t.value)) return;
      next();
    }
  }

  // ---- declarations ----
  bool parse_declaration() {
    const Token& t = peek();
    if (t.kind != Tok::kIdent || !decl_keywords().count(t.value)) {
      error("E0103", t, fmt::format("expected a declaration, found {}", describe(t)),
            "a writ block holds declarations: policy, enum, record, input, def, action, rule or "
            "notice");
      return false;
    }
    if (t.value == "policy") return parse_policy();
    if (t.value == "library") {
      next();
      Span sp;
      auto name = expect_name("a library name such as nyc-definitions", &sp);
      if (!name) return false;
      if (!m_.library.empty() || m_.header) {
        error("E0104", toks_[pos_ - 1], "a file is either one policy or one library");
        return false;
      }
      m_.library = *name;
      m_.library_span = sp;
      return true;
    }
    if (t.value == "enum") return parse_enum();
    if (t.value == "record") return parse_record();
    if (t.value == "input") return parse_input();
    if (t.value == "def") return parse_def();
    if (t.value == "action") return parse_action();
    if (t.value == "notice") return parse_notice();
    return parse_rule();
  }

  bool parse_policy() {
    const Token& kw = next();
    if (m_.header || !m_.library.empty()) {
      error("E0104", kw, "a file holds one policy header (or one library); this is the second",
            "put each policy in its own file");
      return false;
    }
    PolicyHeader h;
    h.span = span_of(kw);
    auto id = expect_name("a policy id such as nyc-doc", &h.span);
    if (!id) return false;
    h.id = *id;
    while (!at_end()) {
      const Token& f = peek();
      if (f.kind != Tok::kIdent || decl_keywords().count(f.value)) break;
      next();
      std::optional<std::string> s;
      if (f.value == "title") {
        if (!(s = expect_string("the title"))) return false;
        h.title = *s;
      } else if (f.value == "jurisdiction") {
        if (!(s = expect_string("the jurisdiction"))) return false;
        h.jurisdiction = *s;
      } else if (f.value == "agency") {
        if (!(s = expect_string("the agency"))) return false;
        h.agency = *s;
      } else if (f.value == "timezone") {
        if (!(s = expect_string("the time zone"))) return false;
        h.timezone = *s;
      } else if (f.value == "holidays") {
        if (!(s = expect_string("the holiday calendar id"))) return false;
        h.holidays = *s;
      } else if (f.value == "source") {
        auto label = expect_string("the source");
        if (!label) return false;
        std::string url;
        if (at(Tok::kString)) url = next().value;
        h.sources.emplace_back(*label, url);
      } else if (f.value == "version") {
        PolicyHeader::Version v;
        v.span = span_of(peek());
        auto d = expect_date("the date the version comes into force");
        if (!d) return false;
        v.date = *d;
        if (at(Tok::kString)) v.label = next().value;
        h.versions.push_back(std::move(v));
      } else if (f.value == "uses") {
        Span sp = span_of(peek());
        auto lib = expect_string("the library name");
        if (!lib) return false;
        h.uses.emplace_back(*lib, sp);
      } else if (f.value == "ends") {
        auto d = expect_date("the date the policy stops being in force");
        if (!d) return false;
        h.ends = *d;
      } else {
        error("E0105", f, fmt::format("unknown policy field '{}'", f.value),
              "policy fields: title, jurisdiction, agency, timezone, holidays, source, uses, "
              "version, ends");
        return false;
      }
    }
    m_.header = std::move(h);
    return true;
  }

  bool parse_enum() {
    next();
    EnumDecl e;
    auto name = expect_name("an enum name", &e.span);
    if (!name) return false;
    e.name = *name;
    if (!expect(Tok::kLBrace, "to open the enum members")) return false;
    while (!at(Tok::kRBrace) && !at_end()) {
      const Token& mt = peek();
      if (mt.kind != Tok::kIdent) {
        error("E0102", mt, fmt::format("expected an enum member, found {}", describe(mt)));
        return false;
      }
      next();
      e.members.emplace_back(mt.value, span_of(mt));
      if (!accept(Tok::kComma)) break;
    }
    if (!expect(Tok::kRBrace, "to close the enum")) return false;
    m_.enums.push_back(std::move(e));
    return true;
  }

  std::optional<TypeRef> parse_type() {
    TypeRef t;
    const Token& start = peek();
    if (accept(Tok::kLBracket)) {
      auto inner = parse_type();
      if (!inner) return std::nullopt;
      t.elem.push_back(std::move(*inner));
      if (!expect(Tok::kRBracket, "to close the list type")) return std::nullopt;
      t.span = span_from(start.begin);
      return t;
    }
    if (start.kind != Tok::kIdent) {
      error("E0106", start, fmt::format("expected a type, found {}", describe(start)),
            "types: bool, int, string, date, datetime, duration, citation, a record or enum name, "
            "[T]");
      return std::nullopt;
    }
    next();
    t.name = start.value;
    t.span = span_of(start);
    return t;
  }

  bool parse_record() {
    next();
    RecordDecl r;
    auto name = expect_name("a record name", &r.span);
    if (!name) return false;
    r.name = *name;
    if (!expect(Tok::kLBrace, "to open the record fields")) return false;
    while (!at(Tok::kRBrace) && !at_end()) {
      FieldDecl f;
      const Token& ft = peek();
      if (ft.kind != Tok::kIdent) {
        error("E0102", ft, fmt::format("expected a field name, found {}", describe(ft)));
        return false;
      }
      next();
      f.name = ft.value;
      f.span = span_of(ft);
      if (!expect(Tok::kColon, "after the field name")) return false;
      auto ty = parse_type();
      if (!ty) return false;
      f.type = std::move(*ty);
      r.fields.push_back(std::move(f));
      accept(Tok::kComma);
    }
    if (!expect(Tok::kRBrace, "to close the record")) return false;
    m_.records.push_back(std::move(r));
    return true;
  }

  bool parse_input() {
    next();
    InputDecl in;
    auto name = expect_name("an input name", &in.span);
    if (!name) return false;
    in.name = *name;
    if (!expect(Tok::kColon, "after the input name")) return false;
    auto ty = parse_type();
    if (!ty) return false;
    in.type = std::move(*ty);
    m_.inputs.push_back(std::move(in));
    return true;
  }

  bool parse_in_force(InForce& f) {
    while (at_word("since") || at_word("until")) {
      const Token& kw = next();
      if (!f.span.end) f.span = span_of(kw);
      auto d = expect_date(kw.value == "since" ? "'since'" : "'until'");
      if (!d) return false;
      (kw.value == "since" ? f.since : f.until) = *d;
      f.span.end = toks_[pos_ - 1].end;
    }
    return true;
  }

  bool parse_cite_says(std::string& cite, Span& cite_span, std::vector<Says>& says) {
    while (at_word("cite") || at_word("says")) {
      const Token& kw = next();
      if (kw.value == "cite") {
        cite_span = span_of(peek());
        auto s = expect_string("the citation");
        if (!s) return false;
        cite = *s;
      } else {
        Says sy;
        if (peek().kind == Tok::kIdent) {
          const Token& w = next();
          if (w.value != "true" && w.value != "false" && w.value != "unknown" &&
              w.value != "applies" && w.value != "otherwise") {
            error("E0107", w,
                  fmt::format("'says' takes true, false, unknown, applies or otherwise, not '{}'",
                              w.value));
            return false;
          }
          sy.when = w.value;
        }
        auto s = expect_string("the explanation");
        if (!s) return false;
        sy.text = *s;
        says.push_back(std::move(sy));
      }
    }
    return true;
  }

  bool parse_def() {
    next();
    DefDecl d;
    auto name = expect_name("a definition name", &d.span);
    if (!name) return false;
    d.name = *name;
    if (accept(Tok::kLParen)) {
      d.has_params = true;
      while (!at(Tok::kRParen) && !at_end()) {
        Param p;
        auto pn = expect_name("a parameter name", &p.span);
        if (!pn) return false;
        p.name = *pn;
        if (!expect(Tok::kColon, "after the parameter name")) return false;
        auto ty = parse_type();
        if (!ty) return false;
        p.type = std::move(*ty);
        d.params.push_back(std::move(p));
        if (!accept(Tok::kComma)) break;
      }
      if (!expect(Tok::kRParen, "to close the parameters")) return false;
    }
    if (!expect(Tok::kColon, "and the type of the definition")) return false;
    auto ty = parse_type();
    if (!ty) return false;
    d.type = std::move(*ty);
    if (!parse_in_force(d.in_force)) return false;
    if (!parse_cite_says(d.cite, d.cite_span, d.says)) return false;
    if (accept(Tok::kAssign)) {
      d.body = parse_expr();
      if (d.body == kNoExpr) return false;
    }
    m_.defs.push_back(std::move(d));
    return true;
  }

  bool parse_action() {
    next();
    ActionDecl a;
    auto name = expect_name("an action name", &a.span);
    if (!name) return false;
    a.name = *name;
    if (at(Tok::kString)) a.title = next().value;
    if (accept_word("requested")) {
      if (!expect_word("by", "after 'requested'")) return false;
      do {
        auto k = expect_name("a request kind");
        if (!k) return false;
        a.requested_by.push_back(*k);
      } while (accept(Tok::kComma));
    }
    m_.actions.push_back(std::move(a));
    return true;
  }

  bool parse_rule() {
    next();
    RuleDecl r;
    const Token& lt = peek();
    if (lt.kind != Tok::kIdent || reserved().count(lt.value)) {
      error("E0102", lt,
            fmt::format("expected a rule label such as honor-b1, found {}", describe(lt)));
      return false;
    }
    next();
    r.label = lt.value;
    r.span = span_of(lt);
    if (accept_word("exception")) {
      if (!expect_word("to", "after 'exception'")) return false;
      const Token& bt = peek();
      if (bt.kind != Tok::kIdent) {
        error("E0102", bt,
              fmt::format("expected the label of the rule this one overrides, found {}",
                          describe(bt)));
        return false;
      }
      next();
      r.exception_to = bt.value;
      r.exception_span = span_of(bt);
    }
    if (!parse_in_force(r.in_force)) return false;
    if (!parse_cite_says(r.cite, r.cite_span, r.says)) return false;
    if (accept_word("when")) {
      r.when = parse_expr();
      if (r.when == kNoExpr) return false;
    }
    // assignments: target = expr, where target is name or name.name
    while (peek().kind == Tok::kIdent && !decl_keywords().count(peek().value) &&
           !reserved().count(peek().value)) {
      Assignment a;
      const Token& t = next();
      a.target = t.value;
      a.span = span_of(t);
      if (accept(Tok::kDot)) {
        const Token& f = peek();
        if (f.kind != Tok::kIdent) {
          error("E0102", f, fmt::format("expected a field after '.', found {}", describe(f)));
          return false;
        }
        next();
        a.target += "." + f.value;
        a.span.end = f.end;
      }
      if (!expect(Tok::kAssign, "after the rule's target")) return false;
      a.value = parse_expr();
      if (a.value == kNoExpr) return false;
      r.assignments.push_back(std::move(a));
      accept(Tok::kComma);
    }
    if (r.assignments.empty()) {
      error("E0108", peek(), fmt::format("rule '{}' sets nothing", r.label),
            "a rule ends with one or more assignments such as `hold = true`");
      return false;
    }
    m_.rules.push_back(std::move(r));
    return true;
  }

  // notice ID "Title" [since D] [until D] cite "..." [says] [when COND] text "para" "para"...
  // The bare `says` before the condition reads as in the law ("... cite X says: when ..., give
  // this text"); `says "..."` with a text is kept like a rule's.
  bool parse_notice() {
    next();
    NoticeDecl n;
    const Token& it = peek();
    if (it.kind != Tok::kIdent || reserved().count(it.value)) {
      error("E0102", it,
            fmt::format("expected a notice id such as truth_act_copy, found {}", describe(it)));
      return false;
    }
    next();
    n.id = it.value;
    n.span = span_of(it);
    auto title = expect_string("the notice's title");
    if (!title) return false;
    n.title = *title;
    if (!parse_in_force(n.in_force)) return false;
    while (at_word("cite") || at_word("says")) {
      if (accept_word("cite")) {
        n.cite_span = span_of(peek());
        auto c = expect_string("the citation");
        if (!c) return false;
        n.cite = *c;
        continue;
      }
      next();                           // says
      if (!at(Tok::kString)) continue;  // the bare connective `says`
      n.says.push_back(Says{"", next().value});
    }
    if (accept_word("when")) {
      n.when = parse_expr();
      if (n.when == kNoExpr) return false;
    }
    const Token& tt = peek();
    if (!tt.is("text")) {
      error("E0112", tt, fmt::format("notice '{}' has no text, found {}", n.id, describe(tt)),
            "end a notice with `text \"what the person is told\"` (one string per paragraph)");
      return false;
    }
    next();
    n.text_span = span_of(tt);
    if (!at(Tok::kString)) {
      error("E0112", peek(),
            fmt::format("notice '{}' has no text, found {}", n.id, describe(peek())),
            "end a notice with `text \"what the person is told\"` (one string per paragraph)");
      return false;
    }
    while (at(Tok::kString)) {
      const Token& s = next();
      n.text.push_back(s.value);
      n.text_span.end = s.end;
    }
    m_.notices.push_back(std::move(n));
    return true;
  }

  // ---- expressions ----
  // Every node records its height; a tree taller than kMaxDepth (a long `a + b + c + ...` chain
  // as much as deep parentheses) is refused here, so later stages can recurse safely.
  ExprId add(Expr e) {
    uint32_t h = 1;
    auto child = [&](ExprId c) {
      if (c != kNoExpr && c < heights_.size()) h = std::max(h, heights_[c] + 1);
    };
    child(e.a);
    child(e.b);
    child(e.c);
    for (ExprId c : e.args) child(c);
    if (h > static_cast<uint32_t>(kMaxDepth)) {
      if (!height_reported_) {
        diags_.error("E0109", e.span, "expression nested too deeply (more than 200 levels)",
                     "split it into named definitions");
        height_reported_ = true;
      }
      return kNoExpr;
    }
    m_.exprs.push_back(std::move(e));
    heights_.resize(m_.exprs.size(), 0);
    heights_.back() = h;
    return static_cast<ExprId>(m_.exprs.size() - 1);
  }
  ExprId binary(ExprKind k, ExprId l, ExprId r) {
    Expr e;
    e.kind = k;
    e.a = l;
    e.b = r;
    e.span = Span{file_, m_.exprs[l].span.begin, m_.exprs[r].span.end};
    return add(std::move(e));
  }

  ExprId parse_expr() {
    if (++depth_ > kMaxDepth) {
      error("E0109", peek(), "expression nested too deeply (more than 200 levels)");
      --depth_;
      return kNoExpr;
    }
    ExprId e = parse_or();
    --depth_;
    return e;
  }

  ExprId parse_or() {
    ExprId l = parse_and();
    while (l != kNoExpr && at_word("or")) {
      next();
      ExprId r = parse_and();
      if (r == kNoExpr) return kNoExpr;
      l = binary(ExprKind::kOr, l, r);
    }
    return l;
  }

  ExprId parse_and() {
    ExprId l = parse_not();
    while (l != kNoExpr && at_word("and")) {
      next();
      ExprId r = parse_not();
      if (r == kNoExpr) return kNoExpr;
      l = binary(ExprKind::kAnd, l, r);
    }
    return l;
  }

  ExprId parse_not() {
    if (at_word("not")) {
      const Token& t = next();
      if (++depth_ > kMaxDepth) {
        error("E0109", t, "expression nested too deeply (more than 200 levels)");
        --depth_;
        return kNoExpr;
      }
      ExprId inner = parse_not();
      --depth_;
      if (inner == kNoExpr) return kNoExpr;
      Expr e;
      e.kind = ExprKind::kNot;
      e.a = inner;
      e.span = Span{file_, t.begin, m_.exprs[inner].span.end};
      return add(std::move(e));
    }
    return parse_cmp();
  }

  ExprId parse_cmp() {
    ExprId l = parse_add();
    if (l == kNoExpr) return l;
    ExprKind k;
    switch (peek().kind) {
      case Tok::kEq:
        k = ExprKind::kEq;
        break;
      case Tok::kNe:
        k = ExprKind::kNe;
        break;
      case Tok::kLt:
        k = ExprKind::kLt;
        break;
      case Tok::kLe:
        k = ExprKind::kLe;
        break;
      case Tok::kGt:
        k = ExprKind::kGt;
        break;
      case Tok::kGe:
        k = ExprKind::kGe;
        break;
      case Tok::kIdent:
        if (peek().value == "in") {
          k = ExprKind::kIn;
          break;
        }
        if (peek().value == "not" && peek(1).is("in")) {
          next();
          next();
          ExprId r = parse_add();
          if (r == kNoExpr) return kNoExpr;
          ExprId in = binary(ExprKind::kIn, l, r);
          Expr e;
          e.kind = ExprKind::kNot;
          e.a = in;
          e.span = m_.exprs[in].span;
          return add(std::move(e));
        }
        return l;
      default:
        return l;
    }
    next();
    ExprId r = parse_add();
    if (r == kNoExpr) return kNoExpr;
    return binary(k, l, r);
  }

  ExprId parse_add() {
    ExprId l = parse_mul();
    while (l != kNoExpr && (at(Tok::kPlus) || at(Tok::kMinus))) {
      ExprKind k = next().kind == Tok::kPlus ? ExprKind::kAdd : ExprKind::kSub;
      ExprId r = parse_mul();
      if (r == kNoExpr) return kNoExpr;
      l = binary(k, l, r);
    }
    return l;
  }

  ExprId parse_mul() {
    ExprId l = parse_unary();
    while (l != kNoExpr && at(Tok::kStar)) {
      next();
      ExprId r = parse_unary();
      if (r == kNoExpr) return kNoExpr;
      l = binary(ExprKind::kMul, l, r);
    }
    return l;
  }

  ExprId parse_unary() {
    if (at(Tok::kMinus)) {
      const Token& t = next();
      if (++depth_ > kMaxDepth) {
        error("E0109", t, "expression nested too deeply (more than 200 levels)");
        --depth_;
        return kNoExpr;
      }
      ExprId inner = parse_unary();
      --depth_;
      if (inner == kNoExpr) return kNoExpr;
      Expr e;
      e.kind = ExprKind::kNeg;
      e.a = inner;
      e.span = Span{file_, t.begin, m_.exprs[inner].span.end};
      return add(std::move(e));
    }
    return parse_postfix();
  }

  ExprId parse_postfix() {
    ExprId e = parse_primary();
    while (e != kNoExpr && at(Tok::kDot)) {
      next();
      const Token& f = peek();
      if (f.kind != Tok::kIdent) {
        error("E0102", f, fmt::format("expected a field name after '.', found {}", describe(f)));
        return kNoExpr;
      }
      next();
      Expr x;
      x.kind = ExprKind::kField;
      x.a = e;
      x.text = f.value;
      x.span = Span{file_, m_.exprs[e].span.begin, f.end};
      e = add(std::move(x));
    }
    return e;
  }

  bool is_unit(const Token& t, char& unit) const {
    if (t.kind != Tok::kIdent) return false;
    const std::string& v = t.value;
    if (v == "year" || v == "years") {
      unit = 'y';
    } else if (v == "month" || v == "months") {
      unit = 'm';
    } else if (v == "day" || v == "days") {
      unit = 'd';
    } else if (v == "hour" || v == "hours") {
      unit = 'h';
    } else {
      return false;
    }
    return true;
  }

  ExprId parse_quantifier(ExprKind k, const Token& kw) {
    Expr e;
    e.kind = k;
    auto var = expect_name("a variable name");
    if (!var) return kNoExpr;
    e.text = *var;
    if (!expect_word("in", "after the variable")) return kNoExpr;
    e.a = parse_add();
    if (e.a == kNoExpr) return kNoExpr;
    bool needs_of = k == ExprKind::kSum || k == ExprKind::kMax || k == ExprKind::kMin;
    if (accept_word("where") || accept(Tok::kColon)) {
      e.b = parse_expr();
      if (e.b == kNoExpr) return kNoExpr;
    } else if (!needs_of) {
      error("E0102", peek(),
            fmt::format("expected 'where' and a condition, found {}", describe(peek())),
            fmt::format("write `{} {} in LIST where CONDITION`", kw.value, *var));
      return kNoExpr;
    }
    if (needs_of) {
      if (!expect_word("of", "and the value to add up")) return kNoExpr;
      e.c = parse_expr();
      if (e.c == kNoExpr) return kNoExpr;
    }
    e.span = span_from(kw.begin);
    return add(std::move(e));
  }

  ExprId parse_primary() {
    const Token& t = peek();
    Expr e;
    e.span = span_of(t);
    switch (t.kind) {
      case Tok::kInt: {
        next();
        int64_t v = 0;
        auto [p, ec] = std::from_chars(t.value.data(), t.value.data() + t.value.size(), v);
        if (ec != std::errc()) {
          error("E0110", t, "number too large");
          return kNoExpr;
        }
        char unit = 0;
        if (is_unit(peek(), unit)) {
          const Token& u = next();
          e.kind = ExprKind::kDuration;
          e.num = v;
          e.unit = unit;
          e.span.end = u.end;
          return add(std::move(e));
        }
        e.kind = ExprKind::kInt;
        e.num = v;
        return add(std::move(e));
      }
      case Tok::kString:
        next();
        e.kind = ExprKind::kString;
        e.text = t.value;
        return add(std::move(e));
      case Tok::kDate:
        next();
        e.kind = ExprKind::kDate;
        e.text = t.value;
        return add(std::move(e));
      case Tok::kDateTime:
        next();
        e.kind = ExprKind::kDateTime;
        e.text = t.value;
        return add(std::move(e));
      case Tok::kLParen: {
        next();
        ExprId inner = parse_expr();
        if (inner == kNoExpr) return kNoExpr;
        if (!expect(Tok::kRParen, "to close the parenthesis")) return kNoExpr;
        return inner;
      }
      case Tok::kLBracket: {
        next();
        e.kind = ExprKind::kList;
        if (!at(Tok::kRBracket)) {
          ExprId first = parse_expr();
          if (first == kNoExpr) return kNoExpr;
          if (at_word("for")) {
            next();
            e.kind = ExprKind::kComprehension;
            e.a = first;
            do {
              auto var = expect_name("a variable name");
              if (!var) return kNoExpr;
              if (!expect_word("in", "after the variable")) return kNoExpr;
              ExprId src = parse_add();
              if (src == kNoExpr) return kNoExpr;
              e.vars.push_back(*var);
              e.args.push_back(src);
            } while (accept(Tok::kComma));
            if (accept_word("where")) {
              e.b = parse_expr();
              if (e.b == kNoExpr) return kNoExpr;
            }
          } else {
            e.args.push_back(first);
            while (accept(Tok::kComma)) {
              ExprId item = parse_expr();
              if (item == kNoExpr) return kNoExpr;
              e.args.push_back(item);
            }
          }
        }
        if (!expect(Tok::kRBracket, "to close the list")) return kNoExpr;
        e.span = span_from(t.begin);
        return add(std::move(e));
      }
      case Tok::kIdent: {
        const std::string& w = t.value;
        if (w == "true" || w == "false") {
          next();
          e.kind = ExprKind::kBool;
          e.num = w == "true";
          return add(std::move(e));
        }
        if (w == "unknown") {
          next();
          e.kind = ExprKind::kUnknown;
          return add(std::move(e));
        }
        if (w == "none") {
          next();
          e.kind = ExprKind::kNone;
          return add(std::move(e));
        }
        if (w == "exists") {
          next();
          return parse_quantifier(ExprKind::kExists, t);
        }
        if (w == "all") {
          next();
          return parse_quantifier(ExprKind::kAll, t);
        }
        if (w == "count") {
          next();
          return parse_quantifier(ExprKind::kCount, t);
        }
        if (w == "sum") {
          next();
          return parse_quantifier(ExprKind::kSum, t);
        }
        if (w == "max" && peek(1).kind == Tok::kIdent && peek(2).is("in")) {
          next();
          return parse_quantifier(ExprKind::kMax, t);
        }
        if (w == "min" && peek(1).kind == Tok::kIdent && peek(2).is("in")) {
          next();
          return parse_quantifier(ExprKind::kMin, t);
        }
        if (w == "if") {
          next();
          e.kind = ExprKind::kIf;
          e.a = parse_expr();
          if (e.a == kNoExpr || !expect_word("then", "after the condition")) return kNoExpr;
          e.b = parse_expr();
          if (e.b == kNoExpr || !expect_word("else", "after the 'then' branch")) return kNoExpr;
          e.c = parse_expr();
          if (e.c == kNoExpr) return kNoExpr;
          e.span = span_from(t.begin);
          return add(std::move(e));
        }
        if (reserved().count(w)) {
          error("E0111", t, fmt::format("'{}' cannot start an expression", w));
          return kNoExpr;
        }
        next();
        if (at(Tok::kLParen)) {
          next();
          e.kind = ExprKind::kCall;
          e.text = w;
          while (!at(Tok::kRParen) && !at_end()) {
            ExprId arg = parse_expr();
            if (arg == kNoExpr) return kNoExpr;
            e.args.push_back(arg);
            if (!accept(Tok::kComma)) break;
          }
          if (!expect(Tok::kRParen, "to close the call")) return kNoExpr;
          e.span = span_from(t.begin);
          return add(std::move(e));
        }
        e.kind = ExprKind::kName;
        e.text = w;
        return add(std::move(e));
      }
      default:
        error("E0111", t, fmt::format("expected an expression, found {}", describe(t)));
        return kNoExpr;
    }
  }

  const SourceMap& sources_;
  uint32_t file_;
  Diagnostics& diags_;
  Module& m_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::vector<uint32_t> heights_;  // per expression in m_.exprs
  bool height_reported_ = false;
  static constexpr int kMaxDepth = 200;
};

}  // namespace

Module parse_module(const SourceMap& sources, uint32_t file, Diagnostics& diags) {
  Module m;
  m.file = file;
  Parser p(sources, file, diags, m);
  for (const CodeBlock& b : code_blocks(sources.file(file).text())) {
    if (b.lang == "writ") p.parse_block(b);
  }
  return m;
}

}  // namespace writ::syntax
