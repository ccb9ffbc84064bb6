#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "domain/role.hpp"
#include "service/request_context.hpp"

namespace seatshift::demo {

//! A demo agent's sign-in. The passwords are public (printed by scripts/run.sh): a demo
//! database is for trying the portal, never for real customers.
struct DemoAgent {
  std::string_view email;
  Role role;
  std::string_view password;
};

//! One agent per role.
inline constexpr std::array<DemoAgent, 4> kDemoAgents{{
    {"admin@partner.example", Role::kAdminAgent, "admin-demo-pass"},
    {"sales@partner.example", Role::kSalesAgent, "sales-demo-pass"},
    {"helpdesk@partner.example", Role::kHelpdeskAgent, "helpdesk-demo-pass"},
    {"billing@partner.example", Role::kBillingAdmin, "billing-demo-pass"},
}};

//! Creates the demo agents that do not exist yet and (re)sets every one's demo password, so
//! their sign-ins work after a re-seed too. REQUIRES: ctx may manage agents.
Status SeedDemoAgents(service::Dependencies deps, const service::RequestContext& ctx);

}  // namespace seatshift::demo
