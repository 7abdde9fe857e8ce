// writ log verify|erase|export: check, prune and export the decision log of a store.
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "store/store.h"

namespace writ::cli {
namespace {

struct LogOptions {
  std::string store = "var/writ.db";
  std::string key_dir;
  std::string public_key;
  std::string format = "text";
  std::string before;
  std::string output;
};

std::unique_ptr<store::Store> open_for(const LogOptions& o, bool read_only, Globals& g) {
  store::StoreOptions so;
  so.url = o.store;
  so.key_dir = o.key_dir;
  so.read_only = read_only;
  auto s = store::open_store(so);
  if (!s) {
    std::cerr << "writ: cannot open the store " << o.store << ": " << s.error().message << "\n";
    g.exit_code = exit_code_for(s.error());
    return nullptr;
  }
  return std::move(*s);
}

void add_store_options(CLI::App* cmd, LogOptions& o) {
  cmd->add_option("--store", o.store, "sqlite:PATH, PATH or postgresql://... (default var/writ.db)")
      ->envname("WRIT_STORE");
  cmd->add_option("--key-dir", o.key_dir,
                  "directory of the checkpoint key (default: keys/ beside the SQLite file, or "
                  "var/keys)");
}

void run_verify(const LogOptions& o, Globals& g) {
  auto s = open_for(o, true, g);
  if (!s) return;
  store::VerifyOptions vo;
  vo.expected_public_key = o.public_key;
  auto r = s->verify(vo);
  if (!r) {
    std::cerr << "writ: cannot read the log: " << r.error().message << "\n";
    g.exit_code = exit_code_for(r.error());
    return;
  }
  const auto& v = *r;
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["store"] = s->describe();
    j["ok"] = v.ok();
    j["entries"] = v.entries;
    j["last_seq"] = v.last_seq;
    j["head_hash"] = v.head_hash;
    j["checkpoints"] = v.checkpoints;
    j["last_checkpoint_seq"] = v.last_checkpoint_seq;
    j["personal_rows"] = v.personal_rows;
    j["problems"] = nlohmann::ordered_json::array();
    for (const auto& p : v.problems) {
      nlohmann::ordered_json x;
      x["kind"] = store::to_string(p.kind);
      x["seq"] = p.seq;
      x["entry"] = p.entry_id;
      x["message"] = p.message;
      j["problems"].push_back(std::move(x));
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << fmt::format("store: {}\n", s->describe());
    std::cout << fmt::format("entries: {} (head {} at seq {})\n", v.entries,
                             v.head_hash.empty() ? "-" : v.head_hash, v.last_seq);
    std::cout << fmt::format("checkpoints: {} signed, the last at seq {}\n", v.checkpoints,
                             v.last_checkpoint_seq);
    std::cout << fmt::format("personal rows: {}\n", v.personal_rows);
    if (v.ok()) {
      std::cout << "OK: every entry is intact and in place, every checkpoint signature is valid";
      if (v.last_seq > v.last_checkpoint_seq) {
        std::cout << fmt::format(
            "\n    (entries after seq {} are not yet covered by a signed checkpoint)",
            v.last_checkpoint_seq);
      }
      std::cout << "\n";
    } else {
      std::cout << fmt::format("TAMPERED: {}: {}\n", store::to_string(v.problems.front().kind),
                               v.problems.front().message);
      for (std::size_t i = 1; i < v.problems.size() && i < 20; ++i) {
        std::cout << fmt::format("also: {}: {}\n", store::to_string(v.problems[i].kind),
                                 v.problems[i].message);
      }
    }
  }
  g.exit_code = v.ok() ? 0 : 1;
}

void run_erase(const LogOptions& o, Globals& g) {
  auto s = open_for(o, false, g);
  if (!s) return;
  auto n = s->erase_personal_before(o.before, "cli", "admin");
  if (!n) {
    std::cerr << "writ: " << n.error().message << "\n";
    g.exit_code = exit_code_for(n.error());
    return;
  }
  std::cout << fmt::format("erased the personal data of {} entr{} created before {}\n", *n,
                           *n == 1 ? "y" : "ies", o.before);
  g.exit_code = 0;
}

void run_export(const LogOptions& o, Globals& g) {
  auto s = open_for(o, true, g);
  if (!s) return;
  std::ofstream file;
  if (!o.output.empty()) {
    file.open(o.output, std::ios::trunc);
    if (!file) {
      std::cerr << "writ: cannot write " << o.output << "\n";
      g.exit_code = 2;
      return;
    }
  }
  std::ostream& out = o.output.empty() ? std::cout : file;
  nlohmann::ordered_json head;
  head["format"] = "writ-log-export/1";
  head["store"] = s->describe();
  head["public_key"] = s->public_key();
  out << head.dump() << "\n";
  auto entries = s->for_each_entry({}, [&](const store::Entry& e) {
    nlohmann::ordered_json j;
    j["type"] = "entry";
    j["seq"] = e.seq;
    j["id"] = e.id;
    j["kind"] = store::to_string(e.kind);
    j["subject"] = e.subject;
    j["action"] = e.action;
    j["created_at"] = e.created_at;
    j["actor_token"] = e.actor_token;
    j["actor_role"] = e.actor_role;
    j["agency"] = e.agency;
    j["policy"] = e.policy;
    j["outcome"] = e.outcome;
    j["body"] = e.body;  // the exact text the hash covers
    j["personal_digest"] = e.personal_digest;
    j["prev_hash"] = e.prev_hash;
    j["hash"] = e.hash;
    out << j.dump() << "\n";
    return static_cast<bool>(out);
  });
  auto checkpoints = entries ? s->for_each_checkpoint([&](const store::Checkpoint& c) {
    nlohmann::ordered_json j;
    j["type"] = "checkpoint";
    j["seq"] = c.seq;
    j["head_hash"] = c.head_hash;
    j["created_at"] = c.created_at;
    j["public_key"] = c.public_key;
    j["signature"] = c.signature;
    out << j.dump() << "\n";
    return static_cast<bool>(out);
  })
                             : entries;
  if (!checkpoints) {
    std::cerr << "writ: " << checkpoints.error().message << "\n";
    g.exit_code = exit_code_for(checkpoints.error());
    return;
  }
  out.flush();
  g.exit_code = out ? 0 : 2;
}

}  // namespace

void register_log(CLI::App& app, Globals& g) {
  auto* log =
      app.add_subcommand("log", "verify, erase personal data from, or export the decision log");
  log->require_subcommand(1);
  auto o = std::make_shared<LogOptions>();

  auto* verify = log->add_subcommand(
      "verify",
      "check the hash chain, checkpoint signatures and personal digests (exit 1 if "
      "anything was changed)");
  add_store_options(verify, *o);
  verify->add_option("--public-key", o->public_key,
                     "hex Ed25519 public key(s), comma-separated, the checkpoints must be signed "
                     "with (default: the key file's, when present)");
  verify->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  verify->callback([&g, o] { run_verify(*o, g); });

  auto* erase = log->add_subcommand(
      "erase", "delete personal data created before a date (the chain still verifies)");
  add_store_options(erase, *o);
  erase->add_option("--before", o->before, "YYYY-MM-DD (UTC)")->required();
  erase->callback([&g, o] { run_erase(*o, g); });

  auto* exp = log->add_subcommand(
      "export", "write every entry and checkpoint as JSON Lines (no personal data)");
  add_store_options(exp, *o);
  exp->add_option("-o,--output", o->output, "file to write (default: standard output)");
  exp->callback([&g, o] { run_export(*o, g); });
}

}  // namespace writ::cli
