#pragma once

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/agent.hpp"
#include "service/context.hpp"

namespace seatshift::service {

//! The roles a person can have: every role but kSystem (the lifecycle engine) and kAnonymous.
inline constexpr std::array<Role, 4> kAgentRoles{Role::kAdminAgent, Role::kSalesAgent,
                                                 Role::kHelpdeskAgent, Role::kBillingAdmin};
inline bool IsAgentRole(Role role) {
  return std::find(kAgentRoles.begin(), kAgentRoles.end(), role) != kAgentRoles.end();
}

//! An agent with its bearer token. The token exists only in this value: the store keeps its
//! hash, so it is shown once, when created or rotated, and never again.
struct NewAgent {
  Agent agent;
  std::string token;
};

//! Agents (the partner's people), their roles and their bearer tokens.
//!
//! Tokens are "sst_" followed by 43 base64url characters (32 random bytes, no padding); the
//! store keeps HashToken(token) only.
//!
//! Thread-safety: every method may be called from any thread. Copies share one cache of
//! authenticated tokens, so a server makes one AgentService and copies it to its handlers;
//! Rotate and Disable evict from that shared cache at once. Another process (the CLI acting on
//! the same database) cannot reach it: there an old token keeps working for at most kCacheTtl.
class AgentService {
 public:
  //! How long Authenticate trusts an earlier answer without asking the database, on the
  //! injected clock.
  static constexpr std::chrono::seconds kCacheTtl{30};
  //! Authenticated tokens remembered at most; beyond it the oldest are forgotten.
  static constexpr std::size_t kCacheCapacity = 10'000;

  explicit AgentService(Dependencies deps);

  //! REQUIRES permission kManageAgents. `email` is lower-cased and must be name@domain; `role`
  //! must be one of kAgentRoles (else kBadRequest). kAlreadyExists when the email is taken.
  Result<NewAgent> Create(const RequestContext& ctx, std::string email, Role role);

  //! The enabled agent whose token this is. kUnauthenticated, with the same message, for a
  //! malformed, unknown, replaced or disabled token. Needs no permission; answers from the
  //! cache for up to kCacheTtl after the database last confirmed the token.
  Result<Agent> Authenticate(std::string_view bearer_token);

  //! REQUIRES permission kManageAgents. Gives the agent a new token; the old one is refused
  //! from now on. A disabled agent stays disabled. kNotFound for an unknown email.
  Result<NewAgent> Rotate(const RequestContext& ctx, std::string email);

  //! REQUIRES permission kManageAgents. The agent's token is refused from now on; disabling a
  //! disabled agent changes nothing. kNotFound for an unknown email.
  Result<Agent> Disable(const RequestContext& ctx, std::string email);

  //! REQUIRES permission kManageAgents. Every agent, in creation order.
  Result<std::vector<Agent>> List(const RequestContext& ctx);

  //! What the store keeps of a token: the hex BLAKE2b-256 digest of its characters.
  static std::string HashToken(std::string_view token);

 private:
  class TokenCache;

  Dependencies deps_;
  std::shared_ptr<TokenCache> cache_;
};

//! The agent's JSON shape (audit snapshots, CLI --json). Never contains a token or its hash.
boost::json::object AgentJson(const Agent& agent);

}  // namespace seatshift::service
