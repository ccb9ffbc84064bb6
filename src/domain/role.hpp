#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace seatshift {

//! What a person of the partner (an agent) may do. kSystem is the lifecycle engine itself;
//! kAnonymous, a request nobody authenticated, may do nothing.
enum class Role { kAdminAgent, kSalesAgent, kHelpdeskAgent, kBillingAdmin, kSystem, kAnonymous };

enum class Permission {
  kRead,           //!< catalog, customers, users, subscriptions, licenses, orders
  kManageCatalog,  //!< SKUs, lifecycle, catalog imports
  kManagePrices,
  kManageCustomers,  //!< create customers, import estates
  kManageUsers,
  kManageLicenses,
  kManageSubscriptions,
  kPlaceOrders,
  kManageMigrations,
  kReadReports,  //!< expiring subscriptions, service-loss forecast (procedure step 1)
  kReadCharges,  //!< charges and their exports
  kReadAudit,
  kManageAgents,  //!< agents and API tokens
  kControlClock,
  kManageWebhooks,  //!< webhook endpoints, their secrets, deliveries and replays
};

//! Every permission, in declaration order.
inline constexpr Permission kAllPermissions[] = {
    Permission::kRead,
    Permission::kManageCatalog,
    Permission::kManagePrices,
    Permission::kManageCustomers,
    Permission::kManageUsers,
    Permission::kManageLicenses,
    Permission::kManageSubscriptions,
    Permission::kPlaceOrders,
    Permission::kManageMigrations,
    Permission::kReadReports,
    Permission::kReadCharges,
    Permission::kReadAudit,
    Permission::kManageAgents,
    Permission::kControlClock,
    Permission::kManageWebhooks,
};

std::string_view ToString(Role role);
//! The permission's name as the API shows it, e.g. "placeOrders".
std::string_view ToString(Permission permission);
std::optional<Role> ParseRole(std::string_view text);

//! The role matrix of MISSION.md: admin everything; sales customers, orders, subscriptions,
//! licenses, migrations; helpdesk users and licenses; billing prices, charges and reports.
bool Allows(Role role, Permission permission);

//! Who is acting: recorded on every audit record.
struct Actor {
  std::string id;  //!< agent email, "system", or "cli:<os user>"
  Role role = Role::kAnonymous;
};

}  // namespace seatshift
