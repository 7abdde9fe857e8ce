#include "store/types.h"

#include <array>
#include <utility>

namespace writ::store {
namespace {

template <typename E, std::size_t N>
std::optional<E> parse_name(const std::array<std::pair<E, std::string_view>, N>& names,
                            std::string_view s) {
  for (const auto& [value, name] : names)
    if (name == s) return value;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E v) {
  for (const auto& [value, name] : names)
    if (value == v) return name;
  return "?";
}

constexpr std::array<std::pair<EntryKind, std::string_view>, 5> kKinds{{
    {EntryKind::kDecision, "decision"},
    {EntryKind::kReview, "review"},
    {EntryKind::kEvent, "event"},
    {EntryKind::kToken, "token"},
    {EntryKind::kErasure, "erasure"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles{{
    {Role::kOfficer, "officer"},
    {Role::kSupervisor, "supervisor"},
    {Role::kAnalyst, "analyst"},
    {Role::kAdmin, "admin"},
}};

constexpr std::array<std::pair<DecisionState, std::string_view>, 3> kStates{{
    {DecisionState::kPendingReview, "pending_review"},
    {DecisionState::kSignedOff, "signed_off"},
    {DecisionState::kOverridden, "overridden"},
}};

constexpr std::array<std::pair<ProblemKind, std::string_view>, 8> kProblems{{
    {ProblemKind::kModified, "modified"},
    {ProblemKind::kDeleted, "deleted"},
    {ProblemKind::kReordered, "reordered"},
    {ProblemKind::kInserted, "inserted"},
    {ProblemKind::kBadCheckpoint, "bad_checkpoint_signature"},
    {ProblemKind::kCheckpointMismatch, "checkpoint_mismatch"},
    {ProblemKind::kKeyMismatch, "key_mismatch"},
    {ProblemKind::kPersonalMismatch, "personal_digest_mismatch"},
}};

}  // namespace

std::string_view to_string(EntryKind k) {
  return name_of(kKinds, k);
}
std::optional<EntryKind> parse_entry_kind(std::string_view s) {
  return parse_name(kKinds, s);
}
std::string_view to_string(Role r) {
  return name_of(kRoles, r);
}
std::optional<Role> parse_role(std::string_view s) {
  return parse_name(kRoles, s);
}
std::string_view to_string(DecisionState s) {
  return name_of(kStates, s);
}
std::optional<DecisionState> parse_decision_state(std::string_view s) {
  return parse_name(kStates, s);
}
std::string_view to_string(ProblemKind k) {
  return name_of(kProblems, k);
}

}  // namespace writ::store
