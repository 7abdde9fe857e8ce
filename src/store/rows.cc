#include "store/rows.h"

#include <charconv>

namespace writ::store {

std::int64_t to_int(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return 0;
  return v;
}

std::optional<Entry> entry_from_row(const Row& r) {
  if (r.size() < 15) return std::nullopt;
  auto kind = parse_entry_kind(r[2]);
  if (!kind) return std::nullopt;
  Entry e;
  e.seq = to_int(r[0]);
  e.id = r[1];
  e.kind = *kind;
  e.subject = r[3];
  e.action = r[4];
  e.created_at = r[5];
  e.actor_token = r[6];
  e.actor_role = r[7];
  e.agency = r[8];
  e.policy = r[9];
  e.outcome = r[10];
  e.body = r[11];
  e.personal_digest = r[12];
  e.prev_hash = r[13];
  e.hash = r[14];
  return e;
}

Checkpoint checkpoint_from_row(const Row& r) {
  Checkpoint c;
  if (r.size() < 5) return c;
  c.seq = to_int(r[0]);
  c.head_hash = r[1];
  c.created_at = r[2];
  c.public_key = r[3];
  c.signature = r[4];
  return c;
}

}  // namespace writ::store
