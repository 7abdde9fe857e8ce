// Crash safety of the store itself: a child process appends from several threads and is killed
// with SIGKILL at a random moment, 20 times; after each kill every append that returned is
// stored and the log verifies. (The service's own crash test is tests/... of writ serve.)
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "store_fixture.h"

namespace writ::store::testing {
namespace {

using CrashTest = StoreTest;

// The child: appends forever from 4 threads, writing "id\n" to `fd` after each append returns.
[[noreturn]] void append_forever(const StoreOptions& o, int fd) {
  auto s = open_store(o);
  if (!s) _exit(3);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        NewEntry e;
        e.kind = EntryKind::kDecision;
        e.agency = "nyc-doc";
        e.policy = "nyc-doc";
        e.outcome = i % 2 ? "decline" : "review";
        e.body = R"({"format":"writ-decision/1","thread":)" + std::to_string(t) + "}";
        if (i % 3 == 0) e.personal = R"({"name":"crash test person"})";
        auto a = (*s)->append(e);
        if (!a) _exit(4);
        std::string line = a->entry.id + "\n";
        if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
      }
    });
  }
  for (auto& t : threads) t.join();
  _exit(0);
}

TEST_P(CrashTest, EveryAcknowledgedAppendSurvivesSigkill) {
  StoreOptions o = options();
  o.checkpoint_every_entries = 50;
  std::mt19937 rng(std::random_device{}());
  std::set<std::string> acked;
  for (int round = 0; round < 20; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      append_forever(o, fds[1]);
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(60 + rng() % 400));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself: status " << status;
    // Everything the child acknowledged before it died.
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    ::close(fds[0]);
    std::size_t start = 0;
    int this_round = 0;
    for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
      acked.insert(text.substr(start, nl - start));
      ++this_round;
    }
    auto s = open(o);
    ASSERT_TRUE(s);
    int missing = 0;
    for (const auto& id : acked) {
      auto e = s->get_entry(id);
      ASSERT_TRUE(e.ok()) << e.error().message;
      if (!*e) ++missing;
    }
    EXPECT_EQ(missing, 0) << "round " << round << ": acknowledged appends lost";
    auto v = s->verify();
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_TRUE(v->ok()) << "round " << round << ": " << v->problems.front().message;
    EXPECT_GE(v->entries, static_cast<std::int64_t>(acked.size()));
    if (round == 19) {
      std::cout << "[ crash    ] " << acked.size() << " acknowledged appends over 20 kills, "
                << v->entries << " entries, " << v->checkpoints << " checkpoints\n";
    }
    (void)this_round;
  }
  EXPECT_GT(acked.size(), 20u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace writ::store::testing
