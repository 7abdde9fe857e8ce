// open_store(): picks SQLite or PostgreSQL from the URL and starts the store.
#include <filesystem>

#include <fmt/format.h>

#include "store/connection.h"
#include "store/log_store.h"
#include "store/store.h"

namespace writ::store {
namespace {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// The URL without a password ("postgresql://user:secret@host" -> "postgresql://user@host").
std::string without_password(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
  const std::string& url = options.url;
  std::unique_ptr<LogStore> store;
  std::string key_dir = options.key_dir;
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    store = std::make_unique<LogStore>([url](bool) { return open_postgres(url); },
                                       without_password(url), options.read_only);
    if (key_dir.empty()) key_dir = "var/keys";
  } else {
    std::string path = starts_with(url, "sqlite:") ? url.substr(7) : url;
    if (path.empty())
      return make_error(ErrorCode::kInvalidInput, "the store URL names no file", "/store");
    if (key_dir.empty()) {
      auto parent = std::filesystem::path(path).parent_path();
      key_dir = (parent.empty() ? std::filesystem::path("keys") : parent / "keys").string();
    }
    store =
        std::make_unique<LogStore>([path](bool read_only) { return open_sqlite(path, read_only); },
                                   "sqlite:" + path, options.read_only);
  }
  if (auto r = store->start(options, key_dir); !r) return r.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace writ::store
