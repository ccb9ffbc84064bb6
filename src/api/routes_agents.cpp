// /v1/agents (admin): the partner's people and their tokens.
#include "api/api.hpp"
#include "api/route_helpers.hpp"
#include "service/agent_service.hpp"

namespace seatshift::api {
namespace {

//! expiresAt (an RFC 3339 instant) or expiresInDays, both optional.
Result<service::TokenLifetime> ReadLifetime(ObjectReader& reader) {
  service::TokenLifetime lifetime;
  SEATSHIFT_ASSIGN_OR_RETURN(const auto at, reader.OptionalString("expiresAt", 64));
  if (at) {
    lifetime.expires_at = ParseInstant(*at);
    if (!lifetime.expires_at) {
      return reader.Bad("expiresAt", "must be an instant such as 2027-01-31T00:00:00Z");
    }
  }
  SEATSHIFT_ASSIGN_OR_RETURN(
      lifetime.expires_in_days,
      reader.OptionalInteger("expiresInDays", 1, service::AgentService::kMaxTokenDays));
  return lifetime;
}

//! The new token with its agent: the one response that ever holds the token (the server keeps
//! its hash).
Response NewToken(http::status status, const service::NewAgent& created) {
  return JsonResponse(status, boost::json::object{{"agent", service::AgentJson(created.agent)},
                                                  {"token", created.token}});
}

Response Create(service::AgentService agents, Call& call) {
  auto body = JsonBody(call);
  if (!body) return ErrorResponse(std::move(body).error());
  ObjectReader reader(*body);
  auto email = reader.String("email", 254);
  if (!email) return ErrorResponse(std::move(email).error());
  auto role_name = reader.String("role", 32);
  if (!role_name) return ErrorResponse(std::move(role_name).error());
  auto lifetime = ReadLifetime(reader);
  if (!lifetime) return ErrorResponse(std::move(lifetime).error());
  if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
  const auto role = ParseRole(*role_name);
  if (!role || !service::IsAgentRole(*role)) {
    return ErrorResponse(
        reader.Bad("role", "must be admin_agent, sales_agent, helpdesk_agent or billing_admin"));
  }
  return Respond(
      agents.Create(call.ctx, *email, *role, *lifetime),
      [](const service::NewAgent& created) { return NewToken(http::status::created, created); });
}

Response List(service::AgentService agents, Call& call) {
  return Respond(agents.List(call.ctx), [&](const std::vector<Agent>& list) {
    boost::json::array items;
    for (const Agent& a : list) items.push_back(service::AgentJson(a));
    const auto total = static_cast<std::int64_t>(items.size());
    return JsonResponse(http::status::ok, Collection(std::move(items), total, "", call));
  });
}

Response Rotate(service::AgentService agents, Call& call) {
  auto id = ParseGuid<AgentId>(call.Path("agentId"), "agentId");
  if (!id) return ErrorResponse(std::move(id).error());
  service::TokenLifetime lifetime;
  // The body is optional: without one the new token does not expire.
  if (!call.request.body().empty()) {
    auto body = JsonBody(call);
    if (!body) return ErrorResponse(std::move(body).error());
    ObjectReader reader(*body);
    auto read = ReadLifetime(reader);
    if (!read) return ErrorResponse(std::move(read).error());
    if (Status done = reader.Finish(); !done) return ErrorResponse(std::move(done).error());
    lifetime = *read;
  }
  return Respond(agents.Rotate(call.ctx, *id, lifetime), [](const service::NewAgent& rotated) {
    return NewToken(http::status::ok, rotated);
  });
}

Response Disable(service::AgentService agents, Call& call) {
  auto id = ParseGuid<AgentId>(call.Path("agentId"), "agentId");
  if (!id) return ErrorResponse(std::move(id).error());
  return Respond(agents.Disable(call.ctx, *id), [](const Agent& agent) {
    return JsonResponse(http::status::ok, service::AgentJson(agent));
  });
}

}  // namespace

void AddAgentRoutes(Router& router, service::AgentService agents) {
  router.Add(http::verb::post, "/v1/agents", [agents](Call& c) { return Create(agents, c); });
  router.Add(http::verb::get, "/v1/agents", [agents](Call& c) { return List(agents, c); });
  router.Add(http::verb::post, "/v1/agents/{agentId}/rotate",
             [agents](Call& c) { return Rotate(agents, c); });
  router.Add(http::verb::post, "/v1/agents/{agentId}/disable",
             [agents](Call& c) { return Disable(agents, c); });
}

}  // namespace seatshift::api
