// writ serve [--listen HOST:PORT] [--store URL] [--web DIR]: the decision service.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/home.h"
#include "service/http_server.h"
#include "store/store.h"

namespace writ::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string store = "var/writ.db";
  std::string key_dir;
  std::string web;
  int threads = 64;
  size_t max_body = 1 << 20;
  int read_timeout = 5;
  int request_deadline = 30;
  std::vector<std::string> policies;
};

bool split_listen(const std::string& listen, std::string& host, int& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && port >= 0 && port <= 65535 && !host.empty();
  } catch (...) {
    return false;
  }
}

void run_serve(const ServeArgs& a, Globals& g) {
  service::ServeOptions so;
  if (!split_listen(a.listen, so.host, so.port)) {
    std::cerr << "writ: --listen takes HOST:PORT, e.g. 127.0.0.1:8080\n";
    g.exit_code = 2;
    return;
  }
  auto engine = open_engine(g, a.policies);
  if (!engine) {
    g.exit_code = 2;
    return;
  }
  if (engine->error_count() > 0) std::cerr << engine->diagnostics();
  // SIGINT and SIGTERM stop the server cleanly: a thread waits for them (below). They are
  // blocked before the store starts its writer and checkpointer threads, which inherit the
  // mask; otherwise the kernel may hand the signal to one of them and its default action
  // ends the process at once, without the last signed checkpoint.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  store::StoreOptions sto;
  sto.url = a.store;
  sto.key_dir = a.key_dir;
  auto st = store::open_store(sto);
  if (!st) {
    std::cerr << "writ: cannot open the store " << a.store << ": " << st.error().message << "\n";
    g.exit_code = exit_code_for(st.error());
    return;
  }
  std::string home = find_home(g.home);
  namespace fs = std::filesystem;
  so.web_dir = a.web.empty() && fs::exists(fs::path(home) / "web" / "dist" / "index.html")
                   ? (fs::path(home) / "web" / "dist").string()
                   : a.web;
  so.openapi_path = (fs::path(home) / "docs" / "openapi.yaml").string();
  so.threads = a.threads;
  so.max_body = a.max_body;
  so.read_timeout_seconds = a.read_timeout;
  so.request_deadline_seconds = a.request_deadline;

  // The first start of an empty store makes the first admin token and shows it once.
  auto tokens = (*st)->token_count();
  if (!tokens) {
    std::cerr << "writ: " << tokens.error().message << "\n";
    g.exit_code = exit_code_for(tokens.error());
    return;
  }
  if (*tokens == 0) {
    auto t = (*st)->create_token(store::Role::kAdmin, "");
    if (!t) {
      std::cerr << "writ: cannot create the first token: " << t.error().message << "\n";
      g.exit_code = exit_code_for(t.error());
      return;
    }
    std::cout << "First admin token (shown once; keep it safe, make others with "
                 "`writ token create` or POST /v1/tokens):\n  "
              << t->secret << "\n";
  }

  service::HttpServer server(*engine, **st, so);
  if (auto b = server.bind(); !b) {
    std::cerr << "writ: " << b.error().message << "\n";
    g.exit_code = 2;
    return;
  }
  std::cout << fmt::format("writ serve: http://{}:{}/ ({} policies, store {}{})", so.host,
                           server.port(), engine->policies().size(), (*st)->describe(),
                           so.web_dir.empty() ? "; no web UI built" : "")
            << std::endl;
  std::thread waiter([&server, set] {
    int sig = 0;
    sigwait(&set, &sig);
    server.stop();
  });
  auto r = server.run();
  if (waiter.joinable()) {
    // run() also returns when the socket fails; wake the waiter so it can end.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  if (!r) {
    std::cerr << "writ: " << r.error().message << "\n";
    g.exit_code = 4;
  }
}

}  // namespace

void register_serve(CLI::App& app, Globals& g) {
  auto a = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "run the decision service (HTTP API and web UI)");
  cmd->add_option("--listen", a->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  cmd->add_option("--store", a->store,
                  "sqlite:PATH, PATH or postgresql://... (default var/writ.db)")
      ->envname("WRIT_STORE");
  cmd->add_option("--key-dir", a->key_dir, "directory of the checkpoint signing key");
  cmd->add_option("--web", a->web, "directory of the built web UI (default web/dist of the home)");
  cmd->add_option("--threads", a->threads, "connections served at once (default 64)")
      ->check(CLI::Range(2, 4096));
  cmd->add_option("--max-body", a->max_body, "largest request body in bytes (default 1 MiB)")
      ->check(CLI::Range(1024, 64 << 20));
  cmd->add_option("--read-timeout", a->read_timeout,
                  "seconds a client may leave between two reads of a request (default 5)")
      ->check(CLI::Range(1, 300));
  cmd->add_option("--request-deadline", a->request_deadline,
                  "seconds a connection may go without completing a request before it is shut "
                  "down (default 30; 0 = no deadline)")
      ->check(CLI::Range(0, 3600));
  cmd->add_option("--policies", a->policies, "policy files or directories instead of policies/");
  cmd->callback([&g, a] { run_serve(*a, g); });
}

}  // namespace writ::cli
