// writ examples DIR...: decide every case of a folder with an expected.json and compare.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "calendar/civil.h"
#include "cli/commands.h"

namespace writ::cli {
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string tri(const std::optional<bool>& b) {
  return b ? (*b ? "true" : "false") : "null";
}
std::string tri(const nlohmann::json& j) {
  return j.is_null() ? "null" : j.get<bool>() ? "true" : "false";
}

// Compares two date-times to the minute in local time (the spec's rule for hold_until).
bool same_minute(const std::string& a, const std::string& b) {
  auto x = cal::parse_datetime(a), y = cal::parse_datetime(b);
  if (!x || !y) return false;
  return (x->utc_seconds + x->offset_seconds) / 60 == (y->utc_seconds + y->offset_seconds) / 60 &&
         x->utc_seconds / 60 == y->utc_seconds / 60;
}
}  // namespace

void register_examples(CLI::App& app, Globals& g) {
  auto* cmd =
      app.add_subcommand("examples", "check folders of example cases against their expected.json");
  auto dirs = std::make_shared<std::vector<std::string>>();
  cmd->add_option("dirs", *dirs, "folders holding *.json cases and expected.json")->required();
  cmd->callback([&g, dirs] {
    auto engine = open_engine(g);
    if (!engine) {
      g.exit_code = 2;
      return;
    }
    size_t passed = 0, failed = 0;
    for (const auto& dir : *dirs) {
      std::vector<fs::path> folders;
      std::error_code ec;
      for (auto it = fs::recursive_directory_iterator(dir, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->path().filename() == "expected.json") folders.push_back(it->path().parent_path());
      }
      if (fs::exists(fs::path(dir) / "expected.json")) folders.emplace_back(dir);
      std::sort(folders.begin(), folders.end());
      folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
      for (const auto& folder : folders) {
        nlohmann::json expected;
        try {
          expected = nlohmann::json::parse(slurp(folder / "expected.json"));
        } catch (const std::exception& e) {
          std::cout << fmt::format("FAIL  {}: {}\n", (folder / "expected.json").string(), e.what());
          ++failed;
          continue;
        }
        for (auto it = expected.begin(); it != expected.end(); ++it) {
          const auto& want = it.value();
          fs::path file = folder / it.key();
          auto d = engine->decide(want.value("policy", ""), slurp(file), {});
          std::vector<std::string> diffs;
          if (!d) {
            diffs.push_back(d.error().message);
          } else {
            if (d->outcome != want.value("outcome", "")) {
              diffs.push_back(fmt::format("outcome: expected {}, got {}", want.value("outcome", ""),
                                          d->outcome));
            }
            for (const auto& a : d->actions) {
              if (want.contains(a.name) && tri(want[a.name]) != tri(a.permitted)) {
                diffs.push_back(fmt::format("{}: expected {}, got {}", a.name, tri(want[a.name]),
                                            tri(a.permitted)));
              }
              if (a.name == "hold" && want.contains("hold_until")) {
                std::string got = a.until ? *a.until : "none";
                if (!same_minute(want["hold_until"].get<std::string>(), got)) {
                  diffs.push_back(fmt::format("hold_until: expected {}, got {}",
                                              want["hold_until"].get<std::string>(), got));
                }
              }
            }
          }
          if (diffs.empty()) {
            ++passed;
            std::cout << fmt::format("ok    {} ({}: {})\n", it.key(), want.value("policy", ""),
                                     d->outcome);
          } else {
            ++failed;
            std::cout << fmt::format("FAIL  {}\n", file.string());
            for (const auto& x : diffs) std::cout << "  - " << x << "\n";
          }
        }
      }
    }
    std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
    g.exit_code = failed > 0 ? 1 : 0;
  });
}

}  // namespace writ::cli
