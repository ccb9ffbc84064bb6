// POST /v1/agents, GET /v1/agents (admin): the partner's people and their tokens.
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "service/agent_service.hpp"

namespace seatshift::api {
namespace {

Response Create(service::AgentService agents, Call& call) {
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  auto email = reader.String("email", 254);
  if (!email) return ErrorResponse(std::move(email).error());
  auto role_name = reader.String("role", 32);
  if (!role_name) return ErrorResponse(std::move(role_name).error());
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  const auto role = ParseRole(*role_name);
  if (!role || !service::IsAgentRole(*role)) {
    return ErrorResponse(
        reader.Bad("role", "must be admin_agent, sales_agent, helpdesk_agent or billing_admin"));
  }
  return Respond(agents.Create(call.ctx, *email, *role), [](const service::NewAgent& created) {
    // The token is in this response only; the server keeps its hash.
    return JsonResponse(http::status::created,
                        boost::json::object{{"agent", service::AgentJson(created.agent)},
                                            {"token", created.token}});
  });
}

Response List(service::AgentService agents, Call& call) {
  return Respond(agents.List(call.ctx), [&](const std::vector<Agent>& list) {
    boost::json::array items;
    for (const Agent& a : list) items.push_back(service::AgentJson(a));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

}  // namespace

void AddAgentRoutes(Router& router, service::AgentService agents) {
  router.Add(http::verb::post, "/v1/agents", [agents](Call& c) { return Create(agents, c); });
  router.Add(http::verb::get, "/v1/agents", [agents](Call& c) { return List(agents, c); });
}

}  // namespace seatshift::api
