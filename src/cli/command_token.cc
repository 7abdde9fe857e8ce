// writ token create|list|revoke: API tokens of `writ serve`, stored hashed in the store.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "store/store.h"

namespace writ::cli {
namespace {

struct TokenOptions {
  std::string store = "var/writ.db";
  std::string key_dir;
  std::string role;
  std::string agency;
  std::string id;
};

std::unique_ptr<store::Store> open_tokens(const TokenOptions& o, Globals& g) {
  store::StoreOptions so;
  so.url = o.store;
  so.key_dir = o.key_dir;
  auto s = store::open_store(so);
  if (!s) {
    std::cerr << "writ: cannot open the store " << o.store << ": " << s.error().message << "\n";
    g.exit_code = exit_code_for(s.error());
    return nullptr;
  }
  return std::move(*s);
}

void add_store_options(CLI::App* cmd, TokenOptions& o) {
  cmd->add_option("--store", o.store, "sqlite:PATH, PATH or postgresql://... (default var/writ.db)")
      ->envname("WRIT_STORE");
  cmd->add_option("--key-dir", o.key_dir, "directory of the checkpoint key");
}

void print(const store::TokenInfo& t) {
  std::cout << fmt::format("{}  {:<10}  {:<16}  created {}{}\n", t.id, store::to_string(t.role),
                           t.agency.empty() ? "(all agencies)" : t.agency, t.created_at,
                           t.revoked_at.empty() ? "" : "  revoked " + t.revoked_at);
}

}  // namespace

void register_token(CLI::App& app, Globals& g) {
  auto* token = app.add_subcommand("token", "create, list or revoke API tokens of writ serve");
  token->require_subcommand(1);
  auto o = std::make_shared<TokenOptions>();

  auto* create = token->add_subcommand("create", "create a token and print its secret once");
  add_store_options(create, *o);
  create->add_option("--role", o->role, "officer, supervisor, analyst or admin")
      ->required()
      ->check(CLI::IsMember({"officer", "supervisor", "analyst", "admin"}));
  create->add_option("--agency", o->agency, "the agency whose decisions it may see (default: all)");
  create->callback([&g, o] {
    auto s = open_tokens(*o, g);
    if (!s) return;
    auto role = store::parse_role(o->role);
    auto t = s->create_token(*role, o->agency, "cli", "admin");
    if (!t) {
      std::cerr << "writ: " << t.error().message << "\n";
      g.exit_code = exit_code_for(t.error());
      return;
    }
    print(t->info);
    std::cout << "secret (shown only now; send it as Authorization: Bearer <secret>):\n"
              << t->secret << "\n";
    g.exit_code = 0;
  });

  auto* list = token->add_subcommand("list", "list tokens (never their secrets)");
  add_store_options(list, *o);
  list->callback([&g, o] {
    auto s = open_tokens(*o, g);
    if (!s) return;
    auto all = s->list_tokens();
    if (!all) {
      std::cerr << "writ: " << all.error().message << "\n";
      g.exit_code = exit_code_for(all.error());
      return;
    }
    for (const auto& t : *all) print(t);
    if (all->empty()) std::cout << "no tokens\n";
    g.exit_code = 0;
  });

  auto* revoke = token->add_subcommand("revoke", "revoke a token at once");
  add_store_options(revoke, *o);
  revoke->add_option("id", o->id, "the token id (T-...)")->required();
  revoke->callback([&g, o] {
    auto s = open_tokens(*o, g);
    if (!s) return;
    auto t = s->revoke_token(o->id, "cli", "admin");
    if (!t) {
      std::cerr << "writ: " << t.error().message << "\n";
      g.exit_code = exit_code_for(t.error());
      return;
    }
    print(*t);
    g.exit_code = 0;
  });
}

}  // namespace writ::cli
