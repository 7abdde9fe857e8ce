// Who may do what: the roles of API tokens (docs/service.md, "Tokens and roles").
#pragma once

#include <string_view>

#include "store/types.h"

namespace writ::service {

enum class Permission {
  kSubmit,        // POST /v1/decisions
  kReadDecision,  // GET a decision with its case (personal fields)
  kReview,        // sign off or override
  kRecordEvent,   // what happened after a decision
  kReports,       // statutory reports and aggregates (no personal fields)
  kPolicies,      // list the policies
  kAdmin,         // tokens
};

bool allowed(store::Role role, Permission p);
// A token bound to an agency sees only that agency's decisions; "" = all agencies.
bool same_agency(const store::TokenInfo& t, std::string_view agency);
std::string_view permission_name(Permission p);

}  // namespace writ::service
