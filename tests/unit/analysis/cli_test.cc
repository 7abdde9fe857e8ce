// `writ diff` and `writ explain` end to end: exit codes, output, and counterexample files that
// `writ decide` accepts and that reproduce the difference.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out;
};

Outcome run(const std::string& args) {
  std::string cmd =
      std::string(WRIT_BINARY) + " --home " + WRIT_SOURCE_DIR + " " + args + " 2>/dev/null";
  Outcome r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string test_policies() {
  return std::string("--policies ") + WRIT_SOURCE_DIR + "/tests/data/diff";
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("writ-diff-cli-" + name);
  fs::remove_all(d);
  return d;
}

nlohmann::json decide(const std::string& policy, const std::string& as_of, const fs::path& file) {
  Outcome r = run("decide --policy " + policy + " --as-of " + as_of + " " + file.string());
  EXPECT_EQ(r.status, 0) << policy << " " << file;
  return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}

nlohmann::json action(const nlohmann::json& decision, const std::string& name) {
  if (!decision.contains("actions") || !decision["actions"].contains(name)) return nullptr;
  return decision["actions"][name];
}

TEST(DiffCli, EquivalentPoliciesExitZeroAndSaySo) {
  Outcome r = run("diff diff-demorgan-and diff-demorgan-not-or " + test_policies());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("decide every case the same way (proved)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Domain: every writ-case/1 case"), std::string::npos) << r.out;
}

TEST(DiffCli, DifferencesExitOneAndTheFilesReproduceThem) {
  fs::path dir = fresh_dir("doc-nypd");
  Outcome r = run("diff nyc-doc@2026-01-29 nyc-nypd@2026-01-29 --out " + dir.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("hold — a smallest case"), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(dir / "hold.json"));
  int files = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    std::string what = f.path().stem().string();
    if (what == "error") continue;
    ++files;
    auto a = decide("nyc-doc", "2026-01-29", f.path());
    auto b = decide("nyc-nypd", "2026-01-29", f.path());
    auto x = action(a, what), y = action(b, what);
    ASSERT_FALSE(x.is_null()) << what;
    EXPECT_TRUE(x != y) << what << ": " << x.dump() << " vs " << y.dump();
  }
  EXPECT_GE(files, 2);
  fs::remove_all(dir);
}

TEST(DiffCli, VersionsOfOnePolicy) {
  fs::path dir = fresh_dir("doc-versions");
  Outcome r = run("diff nyc-doc@2014-12-14 nyc-doc@2026-01-29 --out " + dir.string());
  EXPECT_EQ(r.status, 1) << r.out;
  ASSERT_TRUE(fs::exists(dir / "hold.json"));
  auto a = decide("nyc-doc", "2014-12-14", dir / "hold.json");
  auto b = decide("nyc-doc", "2026-01-29", dir / "hold.json");
  EXPECT_NE(action(a, "hold").dump(), action(b, "hold").dump());
  fs::remove_all(dir);
}

TEST(DiffCli, BadSpecsAreUsageErrors) {
  EXPECT_EQ(run("diff nyc-doc no-such-policy").status, 2);
  EXPECT_EQ(run("diff nyc-doc@1999-01-01 nyc-nypd").status, 2);
  EXPECT_EQ(run("diff nyc-doc@notadate nyc-nypd").status, 2);
}

TEST(ExplainCli, TextAndJson) {
  std::string file = std::string(WRIT_SOURCE_DIR) + "/tests/data/diff/cases/doc-no-warrant.json";
  Outcome t = run("explain nyc-doc " + file);
  EXPECT_EQ(t.status, 0);
  EXPECT_NE(t.out.find("What would change the outcome"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("honor if request.documents[0] were"), std::string::npos) << t.out;
  Outcome j = run("explain nyc-doc " + file + " --format json");
  EXPECT_EQ(j.status, 0);
  auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["decision"]["outcome"], "decline");
  EXPECT_FALSE(doc["counterfactuals"].empty());
  EXPECT_EQ(run("explain nyc-doc /no/such/case.json").status, 2);
}

}  // namespace
