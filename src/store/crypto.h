// The cryptography of the log, over libsodium: BLAKE2b-256 digests, random identifiers and
// salts, token secrets, and the Ed25519 checkpoint key.
#pragma once

#include <string>
#include <string_view>

#include "writ/result.h"

namespace writ::store {

// Hex BLAKE2b-256 of the bytes.
std::string blake2b_hex(std::string_view bytes);
// Hex BLAKE2b-256 of a ‖ b (salted digests).
std::string blake2b_hex(std::string_view a, std::string_view b);
// `n` random bytes as 2n lowercase hex characters.
std::string random_hex(std::size_t n);
std::string to_hex(std::string_view bytes);
// nullopt-free: returns false on odd length or a non-hex character.
bool from_hex(std::string_view hex, std::string& out);
// "writ_" + 32 random bytes in lowercase RFC 4648 base32 without padding.
std::string new_token_secret();

// An Ed25519 key pair (raw bytes).
struct SigningKey {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 64 bytes
};
// Loads dir/checkpoint.key, or creates it (dir 0700, file 0600) with dir/checkpoint.pub.
Result<SigningKey> load_or_create_key(const std::string& dir);
// Reads dir/checkpoint.pub (hex) if present; "" if not.
std::string read_public_key(const std::string& dir);
std::string sign_hex(const SigningKey& key, std::string_view message);
bool verify_signature(std::string_view public_key_hex, std::string_view signature_hex,
                      std::string_view message);

// The current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string utc_now();

}  // namespace writ::store
