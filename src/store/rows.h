// Reading entries and checkpoints out of result rows (shared by the store and verify).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/connection.h"
#include "store/types.h"

namespace writ::store {

// The column list matching entry_from_row().
inline constexpr const char* kEntryColumns =
    "seq, id, kind, subject, action, created_at, actor_token, actor_role, agency, policy, "
    "outcome, body, personal_digest, prev_hash, hash";
inline constexpr const char* kCheckpointColumns =
    "seq, head_hash, created_at, public_key, signature";

// nullopt when the row's kind or seq is not one the store writes (a tampered row).
std::optional<Entry> entry_from_row(const Row& r);
Checkpoint checkpoint_from_row(const Row& r);
std::int64_t to_int(const std::string& s);  // 0 for anything but a decimal integer

}  // namespace writ::store
