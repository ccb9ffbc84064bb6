#include "demo/demo_agents.hpp"

#include "service/agent_service.hpp"

namespace seatshift::demo {

Status SeedDemoAgents(service::Dependencies deps, const service::RequestContext& ctx) {
  service::AgentService agents(deps);
  for (const DemoAgent& demo : kDemoAgents) {
    const std::string email(demo.email);
    if (auto created = agents.Create(ctx, email, demo.role); !created) {
      // An agent of that email already exists (an earlier seed, or run.sh's admin): keep it.
      if (created.error().code != ErrorCode::kAlreadyExists) return std::move(created).error();
    }
    SEATSHIFT_TRY(agents.SetPassword(ctx, email, demo.password));
  }
  return OkStatus();
}

}  // namespace seatshift::demo
