#include "cli/home.h"

#include <cstdlib>
#include <filesystem>

namespace writ::cli {
namespace fs = std::filesystem;

namespace {
bool is_home(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p / "policies" / "prelude.writ.md", ec);
}

std::string search_up(fs::path p) {
  std::error_code ec;
  p = fs::weakly_canonical(p, ec);
  for (int i = 0; i < 8 && !p.empty(); ++i) {
    if (is_home(p)) return p.string();
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  return {};
}
}  // namespace

std::string find_home(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("WRIT_HOME"); env && *env) return env;
  std::error_code ec;
  if (auto h = search_up(fs::current_path(ec)); !h.empty()) return h;
  if (auto exe = fs::read_symlink("/proc/self/exe", ec); !ec) {
    if (auto h = search_up(exe.parent_path()); !h.empty()) return h;
    if (auto h = search_up(exe.parent_path().parent_path() / "share" / "writ"); !h.empty())
      return h;
  }
  return ".";
}

}  // namespace writ::cli
