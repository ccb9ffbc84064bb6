#include "domain/role.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

namespace seatshift {
namespace {

using P = Permission;

constexpr std::array<P, 14> kAllPermissions = {
    P::kRead,
    P::kManageCatalog,
    P::kManagePrices,
    P::kManageCustomers,
    P::kManageUsers,
    P::kManageLicenses,
    P::kManageSubscriptions,
    P::kPlaceOrders,
    P::kManageMigrations,
    P::kReadReports,
    P::kReadCharges,
    P::kReadAudit,
    P::kManageAgents,
    P::kControlClock,
};

void ExpectExactly(Role role, const std::set<P>& allowed) {
  for (const P p : kAllPermissions) {
    EXPECT_EQ(Allows(role, p), allowed.count(p) == 1)
        << ToString(role) << " permission #" << static_cast<int>(p);
  }
}

TEST(RoleMatrix, AdminMayDoEverything) {
  ExpectExactly(Role::kAdminAgent, {kAllPermissions.begin(), kAllPermissions.end()});
}

TEST(RoleMatrix, SystemMayDoEverything) {
  ExpectExactly(Role::kSystem, {kAllPermissions.begin(), kAllPermissions.end()});
}

TEST(RoleMatrix, SalesAgentRunsTheMigrationProcedureButNotTheCatalog) {
  // Customers, orders, subscriptions, licenses, migrations (MISSION.md); the users whose
  // licenses it manages; charges (to quote costs) - but not catalog, prices, audit, agents, clock.
  ExpectExactly(Role::kSalesAgent,
                {P::kRead, P::kManageCustomers, P::kManageUsers, P::kManageLicenses,
                 P::kManageSubscriptions, P::kPlaceOrders, P::kManageMigrations, P::kReadReports});
  EXPECT_FALSE(Allows(Role::kSalesAgent, P::kManageCatalog));
  EXPECT_FALSE(Allows(Role::kSalesAgent, P::kManagePrices));
  EXPECT_FALSE(Allows(Role::kSalesAgent, P::kManageAgents));
  EXPECT_FALSE(Allows(Role::kSalesAgent, P::kControlClock));
}

TEST(RoleMatrix, HelpdeskAgentManagesUsersAndLicensesOnly) {
  ExpectExactly(Role::kHelpdeskAgent, {P::kRead, P::kManageUsers, P::kManageLicenses});
}

TEST(RoleMatrix, BillingAdminManagesPricesAndReadsBillingAndAudit) {
  ExpectExactly(Role::kBillingAdmin,
                {P::kRead, P::kManagePrices, P::kReadReports, P::kReadCharges, P::kReadAudit});
}

TEST(RoleMatrix, EveryRoleMayRead) {
  for (const Role role : {Role::kAdminAgent, Role::kSalesAgent, Role::kHelpdeskAgent,
                          Role::kBillingAdmin, Role::kSystem}) {
    EXPECT_TRUE(Allows(role, P::kRead)) << ToString(role);
  }
}

TEST(RoleMatrix, AnonymousMayDoNothing) { ExpectExactly(Role::kAnonymous, {}); }

TEST(RoleNames, RoundTrip) {
  EXPECT_EQ(ToString(Role::kAdminAgent), "admin_agent");
  EXPECT_EQ(ToString(Role::kSalesAgent), "sales_agent");
  EXPECT_EQ(ToString(Role::kHelpdeskAgent), "helpdesk_agent");
  EXPECT_EQ(ToString(Role::kBillingAdmin), "billing_admin");
  EXPECT_EQ(ToString(Role::kSystem), "system");
  for (const Role role : {Role::kAdminAgent, Role::kSalesAgent, Role::kHelpdeskAgent,
                          Role::kBillingAdmin, Role::kSystem}) {
    EXPECT_EQ(ParseRole(ToString(role)), role);
  }
  for (const char* text : {"", "admin", "Admin_Agent", "sales agent", "root"}) {
    EXPECT_EQ(ParseRole(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace seatshift
