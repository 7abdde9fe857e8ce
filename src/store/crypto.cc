#include "store/crypto.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace writ::store {
namespace {

struct SodiumInit {
  SodiumInit() { ok = sodium_init() >= 0; }
  bool ok = false;
};
const SodiumInit& sodium() {
  static const SodiumInit init;
  return init;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// Writes `text` to a new file with mode 0600 (fails if it exists).
Result<Ok> write_private(const std::string& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return make_error(ErrorCode::kIo, fmt::format("{}: {}", path, std::strerror(errno)));
  ::fchmod(fd, mode);
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return make_error(ErrorCode::kIo, fmt::format("{}: {}", path, std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  return Ok{};
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

bool from_hex(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  out.clear();
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string blake2b_hex(std::string_view bytes) {
  return blake2b_hex(bytes, {});
}

std::string blake2b_hex(std::string_view a, std::string_view b) {
  (void)sodium();
  crypto_generichash_state st;
  unsigned char out[32];
  crypto_generichash_init(&st, nullptr, 0, sizeof out);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(a.data()), a.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(b.data()), b.size());
  crypto_generichash_final(&st, out, sizeof out);
  return to_hex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string random_hex(std::size_t n) {
  (void)sodium();
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  return to_hex(bytes);
}

std::string new_token_secret() {
  (void)sodium();
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  std::string out = "writ_";
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

Result<SigningKey> load_or_create_key(const std::string& dir) {
  if (!sodium().ok) return make_error(ErrorCode::kInternal, "libsodium failed to initialize");
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::kIo, fmt::format("{}: {}", dir, ec.message()));
  ::chmod(dir.c_str(), 0700);
  std::string key_path = (fs::path(dir) / "checkpoint.key").string();
  std::string pub_path = (fs::path(dir) / "checkpoint.pub").string();
  SigningKey key;
  if (fs::exists(key_path)) {
    struct stat st {};
    if (::stat(key_path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
      return make_error(
          ErrorCode::kIo,
          fmt::format("{}: the signing key is readable by others (chmod 600 it)", key_path));
    }
    if (!from_hex(trim(read_file(key_path)), key.secret_key) ||
        key.secret_key.size() != crypto_sign_SECRETKEYBYTES)
      return make_error(ErrorCode::kIo, fmt::format("{}: not an Ed25519 secret key", key_path));
    key.public_key.assign(key.secret_key.data() + crypto_sign_SEEDBYTES,
                          crypto_sign_PUBLICKEYBYTES);
    return key;
  }
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  key.public_key.assign(reinterpret_cast<char*>(pk), sizeof pk);
  key.secret_key.assign(reinterpret_cast<char*>(sk), sizeof sk);
  sodium_memzero(sk, sizeof sk);
  auto w = write_private(key_path, to_hex(key.secret_key) + "\n", 0600);
  if (!w) return w.error();
  std::error_code ignored;
  fs::remove(pub_path, ignored);
  auto p = write_private(pub_path, to_hex(key.public_key) + "\n", 0644);
  if (!p) return p.error();
  return key;
}

std::string read_public_key(const std::string& dir) {
  auto path = std::filesystem::path(dir) / "checkpoint.pub";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  return trim(read_file(path.string()));
}

std::string sign_hex(const SigningKey& key, std::string_view message) {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return to_hex(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
}

bool verify_signature(std::string_view public_key_hex, std::string_view signature_hex,
                      std::string_view message) {
  (void)sodium();
  std::string pk, sig;
  if (!from_hex(public_key_hex, pk) || pk.size() != crypto_sign_PUBLICKEYBYTES) return false;
  if (!from_hex(signature_hex, sig) || sig.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(),
                                     reinterpret_cast<const unsigned char*>(pk.data())) == 0;
}

std::string utc_now() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = time_point_cast<seconds>(now);
  auto ms = duration_cast<milliseconds>(now - secs).count();
  std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

}  // namespace writ::store
