#include "store/chain.h"

#include "store/crypto.h"

namespace writ::store {
namespace {

void field(std::string& out, std::string_view bytes) {
  std::uint64_t n = bytes.size();
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(bytes);
}

}  // namespace

std::string canonical_encoding(const Entry& e) {
  std::string out;
  out.reserve(256 + e.body.size());
  field(out, "writ-log-entry/1");
  field(out, std::to_string(e.seq));
  field(out, e.id);
  field(out, to_string(e.kind));
  field(out, e.subject);
  field(out, e.action);
  field(out, e.created_at);
  field(out, e.actor_token);
  field(out, e.actor_role);
  field(out, e.agency);
  field(out, e.policy);
  field(out, e.outcome);
  field(out, e.body);
  field(out, e.personal_digest);
  field(out, e.prev_hash);
  return out;
}

std::string entry_hash(const Entry& e) {
  return blake2b_hex(canonical_encoding(e));
}

std::string checkpoint_message(std::int64_t seq, std::string_view head_hash,
                               std::string_view created_at) {
  std::string out;
  field(out, "writ-checkpoint/1");
  field(out, std::to_string(seq));
  field(out, head_hash);
  field(out, created_at);
  return out;
}

}  // namespace writ::store
