#include "service/access.h"

#include <gtest/gtest.h>

namespace writ::service {
namespace {

using store::Role;

TEST(Access, EachRoleIsRefusedWhatItMustNotDo) {
  EXPECT_TRUE(allowed(Role::kOfficer, Permission::kSubmit));
  EXPECT_TRUE(allowed(Role::kOfficer, Permission::kReadDecision));
  EXPECT_FALSE(allowed(Role::kOfficer, Permission::kReview));
  EXPECT_FALSE(allowed(Role::kOfficer, Permission::kReports));
  EXPECT_FALSE(allowed(Role::kOfficer, Permission::kAdmin));

  EXPECT_TRUE(allowed(Role::kSupervisor, Permission::kReview));
  EXPECT_TRUE(allowed(Role::kSupervisor, Permission::kReadDecision));
  EXPECT_FALSE(allowed(Role::kSupervisor, Permission::kAdmin));

  EXPECT_TRUE(allowed(Role::kAnalyst, Permission::kReports));
  EXPECT_FALSE(allowed(Role::kAnalyst, Permission::kReadDecision));  // never personal fields
  EXPECT_FALSE(allowed(Role::kAnalyst, Permission::kSubmit));
  EXPECT_FALSE(allowed(Role::kAnalyst, Permission::kReview));
  EXPECT_FALSE(allowed(Role::kAnalyst, Permission::kRecordEvent));
  EXPECT_FALSE(allowed(Role::kAnalyst, Permission::kAdmin));

  for (auto p : {Permission::kSubmit, Permission::kReadDecision, Permission::kReview,
                 Permission::kRecordEvent, Permission::kReports, Permission::kPolicies,
                 Permission::kAdmin}) {
    EXPECT_TRUE(allowed(Role::kAdmin, p)) << permission_name(p);
  }
}

TEST(Access, AgencyBoundTokensSeeTheirAgencyOnly) {
  store::TokenInfo t;
  t.agency = "nyc-doc";
  EXPECT_TRUE(same_agency(t, "nyc-doc"));
  EXPECT_FALSE(same_agency(t, "nyc-nypd"));
  t.agency = "";
  EXPECT_TRUE(same_agency(t, "nyc-nypd"));
}

}  // namespace
}  // namespace writ::service
