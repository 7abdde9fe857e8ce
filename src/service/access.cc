#include "service/access.h"

namespace writ::service {

bool allowed(store::Role role, Permission p) {
  using store::Role;
  switch (p) {
    case Permission::kSubmit:
      return role == Role::kOfficer || role == Role::kSupervisor || role == Role::kAdmin;
    case Permission::kReadDecision:
    case Permission::kRecordEvent:
      return role == Role::kOfficer || role == Role::kSupervisor || role == Role::kAdmin;
    case Permission::kReview:
      return role == Role::kSupervisor || role == Role::kAdmin;
    case Permission::kReports:
      return role == Role::kAnalyst || role == Role::kSupervisor || role == Role::kAdmin;
    case Permission::kPolicies:
      return true;
    case Permission::kAdmin:
      return role == Role::kAdmin;
  }
  return false;
}

bool same_agency(const store::TokenInfo& t, std::string_view agency) {
  return t.agency.empty() || t.agency == agency;
}

std::string_view permission_name(Permission p) {
  switch (p) {
    case Permission::kSubmit:
      return "submit decisions";
    case Permission::kReadDecision:
      return "read decisions";
    case Permission::kReview:
      return "review decisions";
    case Permission::kRecordEvent:
      return "record events";
    case Permission::kReports:
      return "read reports";
    case Permission::kPolicies:
      return "list policies";
    case Permission::kAdmin:
      return "administer tokens";
  }
  return "";
}

}  // namespace writ::service
