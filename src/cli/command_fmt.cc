// writ fmt [--check] [PATH...]: lays out the ```writ blocks of policy files canonically
// (format/format.h); --check only reports the files that would change, with a diff hint.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/home.h"
#include "format/format.h"

namespace writ::cli {
namespace {

namespace fs = std::filesystem;

bool is_policy(const fs::path& p) {
  std::string name = p.filename().string();
  return name.size() > 8 && name.ends_with(".writ.md");
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A unified-style hint: the removed (-) and added (+) lines with their line numbers in the file,
// from a longest-common-subsequence alignment (policy files are a few hundred lines).
void print_diff(const std::string& path, const std::string& before, const std::string& after) {
  auto a = split_lines(before);
  auto b = split_lines(after);
  size_t n = a.size(), m = b.size();
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::cout << fmt::format("--- {}\n+++ {} (formatted)\n", path, path);
  size_t i = 0, j = 0;
  bool in_hunk = false;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ++i;
      ++j;
      in_hunk = false;
      continue;
    }
    if (!in_hunk) std::cout << fmt::format("@@ line {} @@\n", i + 1);
    in_hunk = true;
    if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      std::cout << "-" << a[i++] << "\n";
    } else {
      std::cout << "+" << b[j++] << "\n";
    }
  }
}

}  // namespace

void register_fmt(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("fmt", "lay out the writ blocks of policy files canonically");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto check = std::make_shared<bool>(false);
  cmd->add_option("paths", *paths, "policy files or directories (default: the bundled policies)");
  cmd->add_flag("--check", *check, "change nothing; list the files that are not formatted");
  cmd->callback([&g, paths, check] {
    std::vector<std::string> roots = *paths;
    if (roots.empty()) roots.push_back((fs::path(find_home(g.home)) / "policies").string());
    std::vector<std::string> files;
    for (const auto& r : roots) {
      std::error_code ec;
      if (fs::is_directory(r, ec)) {
        for (auto it = fs::recursive_directory_iterator(r, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
          if (it->is_regular_file() && is_policy(it->path())) files.push_back(it->path().string());
        }
      } else if (fs::is_regular_file(r, ec)) {
        files.push_back(r);
      } else {
        std::cerr << fmt::format("writ fmt: {}: no such file or directory\n", r);
        g.exit_code = 2;
        return;
      }
    }
    std::sort(files.begin(), files.end());
    size_t unformatted = 0;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream buf;
      buf << in.rdbuf();
      if (!in) {
        std::cerr << fmt::format("writ fmt: cannot read {}\n", f);
        g.exit_code = 2;
        return;
      }
      std::string before = buf.str();
      std::string after = format::format_policy(before);
      if (after == before) continue;
      ++unformatted;
      if (*check) {
        print_diff(f, before, after);
        continue;
      }
      std::ofstream out(f, std::ios::binary | std::ios::trunc);
      out << after;
      if (!out) {
        std::cerr << fmt::format("writ fmt: cannot write {}\n", f);
        g.exit_code = 2;
        return;
      }
      std::cout << fmt::format("formatted {}\n", f);
    }
    if (*check) {
      if (unformatted > 0) {
        std::cout << fmt::format("{} of {} file(s) not formatted; run `writ fmt` to fix\n",
                                 unformatted, files.size());
        g.exit_code = 1;
      } else {
        std::cout << fmt::format("{} file(s) formatted\n", files.size());
      }
    }
  });
}

}  // namespace writ::cli
