// The hash chain's canonical encoding: every field of an entry, in a fixed order, each as an
// 8-byte big-endian length followed by its bytes, after a format tag. An entry's hash is the
// BLAKE2b-256 of this encoding; a checkpoint signs the same kind of encoding of
// (seq, head hash, time). See docs/audit.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/types.h"

namespace writ::store {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string canonical_encoding(const Entry& e);
std::string entry_hash(const Entry& e);
std::string checkpoint_message(std::int64_t seq, std::string_view head_hash,
                               std::string_view created_at);

}  // namespace writ::store
