// The values of the decision log: entries, decision records, tokens, filters and the verify
// report. Plain data; src/store/store.h holds the operations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace writ::store {

// What an entry records.
enum class EntryKind {
  kDecision,  // a decision of the engine (body: writ-decision/1 minus personal facts + "report")
  kReview,    // a supervisor's sign_off or override of a decision (subject = the decision id)
  kEvent,     // what happened after a decision: held, transferred, released, ... (subject set)
  kToken,     // an API token was created or revoked (never the secret)
  kErasure,   // personal data before a date was erased (body: before, rows)
};
std::string_view to_string(EntryKind k);
std::optional<EntryKind> parse_entry_kind(std::string_view s);

// Roles of API tokens; see docs/service.md.
enum class Role {
  kOfficer,     // submit; read own agency's decisions
  kSupervisor,  // review and override; read own agency's decisions
  kAnalyst,     // reports and aggregates only, never personal fields
  kAdmin,       // tokens, policies, everything
};
std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

// Review actions (NewEntry::action of kReview entries).
inline constexpr std::string_view kSignOff = "sign_off";
inline constexpr std::string_view kOverride = "override";
// Event types (NewEntry::action of kEvent entries).
inline constexpr std::string_view kEventTypes[] = {"held", "transferred", "released",
                                                   "custody_not_assumed", "information_given"};

// What the caller gives to append(); the store fills seq, created_at (unless set), the
// personal digest, prev_hash and hash.
struct NewEntry {
  EntryKind kind = EntryKind::kDecision;
  std::string id;       // empty: generated ("D-" + 20 hex for decisions, "R-", "E-", "T-", "X-")
  std::string subject;  // the decision a review or event is about; empty otherwise
  std::string action;   // review: sign_off|override; event: its type; token: created|revoked
  std::string
      created_at;  // empty: now (UTC, "YYYY-MM-DDTHH:MM:SS.mmmZ"); set only by imports/tests
  std::string actor_token;  // token id of who did it ("" for the system)
  std::string actor_role;   // that token's role
  std::string agency;
  std::string policy;   // policy id (and version, as the service chooses to record it)
  std::string outcome;  // decision: its outcome; override: the new outcome; else ""
  std::string body;     // JSON text; never personal data
  std::optional<std::string> personal;  // personal JSON kept apart from the chain; erasable
};

// A stored entry of the hash chain.
struct Entry {
  std::int64_t seq = 0;  // 1, 2, 3, ...
  std::string id;
  EntryKind kind = EntryKind::kDecision;
  std::string subject, action, created_at, actor_token, actor_role, agency, policy, outcome;
  std::string body;
  std::string personal_digest;  // hex BLAKE2b-256 of salt || personal JSON; "" if none
  std::string prev_hash;        // hex; 64 zeros for seq 1
  std::string hash;             // hex BLAKE2b-256 of the canonical encoding (src/store/chain.h)
};

// Where a decision stands after its reviews.
enum class DecisionState { kPendingReview, kSignedOff, kOverridden };
std::string_view to_string(DecisionState s);
std::optional<DecisionState> parse_decision_state(std::string_view s);

// A decision with everything that came after it.
struct DecisionRecord {
  Entry decision;
  std::vector<Entry> reviews;  // in log order
  std::vector<Entry> events;   // in log order
  DecisionState state = DecisionState::kPendingReview;
  std::string final_outcome;  // the last override's outcome, else the decision's
};

// Filters of list_decisions(). Empty strings match everything; dates are "YYYY-MM-DD" and
// inclusive, on the decision's created_at (UTC).
struct DecisionFilter {
  std::string from, to;
  std::string outcome;  // matches the final outcome
  std::string policy;
  std::string agency;
  std::optional<DecisionState> state;
  std::string cursor;  // from a previous page's next_cursor; "" for the first page
  int limit = 50;      // 1..1000
};

struct DecisionPage {
  std::vector<DecisionRecord> items;  // newest first
  std::string next_cursor;            // "" when there are no more
};

// Selects entries for streaming (reports, export). Dates inclusive as above.
struct EntryRange {
  std::string from, to;
  std::int64_t after_seq = 0;  // only entries with seq > after_seq
};

// The outcome of append() when an idempotency key was given.
enum class IdempotencyStatus {
  kNew,       // appended now
  kReplayed,  // the same key and the same request were seen before: the stored entry
  kMismatch,  // the same key came with a different request: the stored entry, nothing appended
};

// A retried request is recognised by (token id, key); request_digest is any stable digest of
// the request body (see request_digest() in store.h).
struct IdempotencyKey {
  std::string token_id;
  std::string key;
  std::string request_digest;
};

struct Appended {
  Entry entry;
  IdempotencyStatus status = IdempotencyStatus::kNew;
};

// API tokens. The secret ("writ_" + 52 base32 characters) is shown once; only its BLAKE2b
// hash is stored.
struct TokenInfo {
  std::string id;  // "T-" + 12 hex
  Role role = Role::kOfficer;
  std::string agency;  // "" = all agencies (admins, analysts across agencies)
  std::string created_at;
  std::string revoked_at;  // "" while valid
};

struct CreatedToken {
  TokenInfo info;
  std::string secret;
};

// A signed statement of the chain head.
struct Checkpoint {
  std::int64_t seq = 0;
  std::string head_hash;  // hex hash of entry `seq`
  std::string created_at;
  std::string public_key;  // hex Ed25519 public key
  std::string signature;   // hex Ed25519 signature of checkpoint_message()
};

// What verify() can find wrong.
enum class ProblemKind {
  kModified,            // an entry's content no longer matches its hash (or was rewritten)
  kDeleted,             // entries are missing (gap in seq, tail below a checkpoint)
  kReordered,           // an entry links to an entry elsewhere in the log
  kInserted,            // an entry that is not part of the chain
  kBadCheckpoint,       // a checkpoint's signature does not verify
  kCheckpointMismatch,  // a signed head differs from the entry now at that seq
  kKeyMismatch,         // the log's public key is not the expected one
  kPersonalMismatch,    // a personal row's digest differs from the one its entry commits to
};
std::string_view to_string(ProblemKind k);

struct Problem {
  ProblemKind kind = ProblemKind::kModified;
  std::int64_t seq = 0;  // the entry (or checkpoint seq) concerned; 0 if none
  std::string entry_id;
  std::string message;  // one line, for people
};

struct VerifyReport {
  std::vector<Problem> problems;  // in the order found; the first is the first in the log
  std::int64_t entries = 0;
  std::int64_t checkpoints = 0;
  std::int64_t personal_rows = 0;
  std::int64_t last_seq = 0;
  std::string head_hash;
  std::int64_t last_checkpoint_seq = 0;  // entries after it are covered by the chain only
  bool ok() const { return problems.empty(); }
};

struct VerifyOptions {
  // Hex Ed25519 public keys (comma-separated, for a log whose key changed) every checkpoint
  // must be signed with; "" = the key file's, else any key the log registered.
  std::string expected_public_key;
};

}  // namespace writ::store
