#include "domain/role.hpp"

#include <array>
#include <utility>

namespace seatshift {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 6> kNames{{
    {Role::kAdminAgent, "admin_agent"},
    {Role::kSalesAgent, "sales_agent"},
    {Role::kHelpdeskAgent, "helpdesk_agent"},
    {Role::kBillingAdmin, "billing_admin"},
    {Role::kSystem, "system"},
    {Role::kAnonymous, "anonymous"},
}};

}  // namespace

std::string_view ToString(Role role) {
  for (const auto& [value, name] : kNames) {
    if (value == role) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string_view ToString(Permission permission) {
  using P = Permission;
  switch (permission) {
    case P::kRead:
      return "read";
    case P::kManageCatalog:
      return "manageCatalog";
    case P::kManagePrices:
      return "managePrices";
    case P::kManageCustomers:
      return "manageCustomers";
    case P::kManageUsers:
      return "manageUsers";
    case P::kManageLicenses:
      return "manageLicenses";
    case P::kManageSubscriptions:
      return "manageSubscriptions";
    case P::kPlaceOrders:
      return "placeOrders";
    case P::kManageMigrations:
      return "manageMigrations";
    case P::kReadReports:
      return "readReports";
    case P::kReadCharges:
      return "readCharges";
    case P::kReadAudit:
      return "readAudit";
    case P::kManageAgents:
      return "manageAgents";
    case P::kControlClock:
      return "controlClock";
    case P::kManageWebhooks:
      return "manageWebhooks";
  }
  return "unknown";
}

bool Allows(Role role, Permission permission) {
  using P = Permission;
  switch (role) {
    case Role::kAdminAgent:
    case Role::kSystem:
      return true;
    case Role::kSalesAgent:
      return permission == P::kRead || permission == P::kManageCustomers ||
             permission == P::kManageUsers || permission == P::kManageLicenses ||
             permission == P::kManageSubscriptions || permission == P::kPlaceOrders ||
             permission == P::kManageMigrations || permission == P::kReadReports;
    case Role::kHelpdeskAgent:
      return permission == P::kRead || permission == P::kManageUsers ||
             permission == P::kManageLicenses;
    case Role::kAnonymous:
      return false;
    case Role::kBillingAdmin:
      return permission == P::kRead || permission == P::kManagePrices ||
             permission == P::kReadReports || permission == P::kReadCharges ||
             permission == P::kReadAudit;
  }
  return false;
}

}  // namespace seatshift
