// The printable memo a records officer reads and a supervisor signs.
#include <algorithm>

#include <fmt/format.h>

#include "writ/decision.h"

namespace writ {
namespace {

std::string tri(const std::optional<bool>& v, const char* yes, const char* no,
                const char* unknown) {
  if (!v) return unknown;
  return *v ? yes : no;
}

// Wraps `text` at `width` columns, indenting continuation lines by `indent` spaces.
std::string wrap(const std::string& text, size_t width, size_t indent) {
  std::string out, line;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t sp = text.find(' ', pos);
    std::string word = text.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
    pos = sp == std::string::npos ? text.size() : sp + 1;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

// Each paragraph (separated by a blank line) wrapped at `width`, indented by `indent` spaces.
std::string paragraphs(const std::string& text, size_t width, size_t indent) {
  std::string out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find("\n\n", pos);
    std::string para = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!out.empty()) out += "\n";
    out += std::string(indent, ' ') + wrap(para, width, indent) + "\n";
    if (end == std::string::npos) break;
    pos = end + 2;
  }
  return out;
}

const char* kUncertain =
    "(Given because the facts known do not rule out that this notice is owed.)";

}  // namespace

std::string to_notices(const Decision& d) {
  std::string out;
  for (const auto& n : d.notices) {
    if (!out.empty()) out += "\n" + std::string(78, '-') + "\n\n";
    out += n.title + "\n";
    out += std::string(std::min<size_t>(78, n.title.size()), '=') + "\n\n";
    out += paragraphs(n.text, 78, 0);
    out += fmt::format("\n[{}]\n", n.cite);
    if (!n.certain) out += std::string(kUncertain) + "\n";
  }
  return out;
}

std::string to_memo(const Decision& d) {
  std::string out;
  std::string outcome = d.outcome == "honor"     ? "HONOR"
                        : d.outcome == "decline" ? "DECLINE"
                                                 : "REVIEW — a person must decide";
  out +=
      fmt::format("DETAINER DECISION MEMO                                   case {}\n", d.case_id);
  out += std::string(78, '=') + "\n";
  out += fmt::format("Policy   {} — {}\n", d.policy.id, d.policy.title);
  out += fmt::format("Version  {}{}\n", d.policy.version,
                     d.policy.version_label.empty() ? "" : " (" + d.policy.version_label + ")");
  out += fmt::format("As of    {}\n", d.as_of);
  out += fmt::format("Request  {}\n\n", d.request_kind.empty() ? "unknown kind" : d.request_kind);
  out += fmt::format("OUTCOME: {}\n\n", outcome);
  out += "Actions\n";
  for (const auto& a : d.actions) {
    std::string line = fmt::format("  {} {:<18} {}", a.requested ? "*" : " ", a.name,
                                   tri(a.permitted, "permitted", "not permitted", "UNKNOWN"));
    if (a.has_until) line += fmt::format(", until {}", a.until ? *a.until : "UNKNOWN");
    out += line + "\n";
  }
  out += "  (* = asked for by this request)\n\n";
  out += "Reasons\n";
  int n = 0;
  for (const auto& r : d.reasons) {
    ++n;
    std::string holds = r.kind == "rule"
                            ? tri(r.holds, "applies", "does not apply", "may apply")
                            : (r.value.empty() ? tri(r.holds, "yes", "no", "unknown") : r.value);
    std::string decides;
    for (const auto& t : r.decides) decides += (decides.empty() ? "" : ", ") + t;
    out += fmt::format("  {}. {} — {}{}\n", n, r.rule, holds,
                       decides.empty() ? "" : " (decides " + decides + ")");
    out += fmt::format("     {}\n", wrap(r.because, 70, 5));
    if (!r.cite.empty()) out += fmt::format("     [{}]\n", r.cite);
    if (!r.facts.empty()) {
      std::string facts;
      for (const auto& f : r.facts) facts += (facts.empty() ? "" : ", ") + f;
      out += fmt::format("     facts: {}\n", wrap(facts, 63, 12));
    }
  }
  if (!d.missing.empty()) {
    out += "\nMissing facts (what would settle the decision)\n";
    for (const auto& m : d.missing) out += fmt::format("  - {}: {}\n", m.fact, m.settles);
  }
  if (!d.notices.empty()) {
    out += "\nNotices owed to the person\n";
    for (const auto& n : d.notices) {
      out += fmt::format("  - {} ({}){}\n", n.title, n.id, n.certain ? "" : " — may be owed");
      out += fmt::format("     [{}]\n", n.cite);
      out += paragraphs(n.text, 70, 5);
    }
  }
  out += fmt::format("\nPolicy digest {}\n", d.policy.digest);
  out += "\nThis is decision support. The decision is made by the officer who signs below.\n\n";
  out += "Reviewed by ______________________   Date __________   [ ] agree  [ ] override\n";
  return out;
}

}  // namespace writ
