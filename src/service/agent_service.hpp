#pragma once

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/agent.hpp"
#include "service/request_context.hpp"

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

//! How long a new token works: at most one of the two, neither meaning until rotated or
//! disabled. Judged against real time (Dependencies::wall), never the business clock: a
//! simulated clock must not keep a credential alive or end it early.
struct TokenLifetime {
  std::optional<Instant> expires_at;            //!< must be in the future
  std::optional<std::int64_t> expires_in_days;  //!< 1 to AgentService::kMaxTokenDays, from now
};

//! An agent named by its id (the API) or its email (the CLI).
using AgentRef = std::variant<AgentId, std::string>;

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
  //! monotonic clock (Dependencies::monotonic): a simulated business clock stands still, and a
  //! cache timed with it would never forget a revoked token.
  static constexpr std::chrono::seconds kCacheTtl{30};
  //! The longest lifetime a token can be given in days.
  static constexpr std::int64_t kMaxTokenDays = 3650;
  //! Authenticated tokens remembered at most; beyond it the oldest are forgotten.
  static constexpr std::size_t kCacheCapacity = 10'000;

  explicit AgentService(Dependencies deps);

  //! REQUIRES permission kManageAgents. `email` is lower-cased and must be name@domain; `role`
  //! must be one of kAgentRoles, `lifetime` valid (else kBadRequest). kAlreadyExists when the
  //! email is taken.
  Result<NewAgent> Create(const RequestContext& ctx, std::string email, Role role,
                          TokenLifetime lifetime = {});

  //! The enabled agent whose token this is. kUnauthenticated, with the same message, for a
  //! malformed, unknown, replaced, expired or disabled token. Needs no permission; answers from
  //! the cache for up to kCacheTtl after the database last confirmed the token (but never past
  //! the token's expiry).
  Result<Agent> Authenticate(std::string_view bearer_token);

  //! REQUIRES permission kManageAgents. Gives the agent a new token that works for `lifetime`
  //! (the old token's expiry is not carried over); the old one is refused from now on. A
  //! disabled agent stays disabled. kNotFound for an unknown agent.
  Result<NewAgent> Rotate(const RequestContext& ctx, AgentRef agent, TokenLifetime lifetime = {});

  //! REQUIRES permission kManageAgents. The agent's token is refused from now on and its portal
  //! sessions end; disabling a disabled agent changes nothing. kNotFound for an unknown agent.
  Result<Agent> Disable(const RequestContext& ctx, AgentRef agent);

  //! REQUIRES permission kManageAgents. Gives the agent a portal password (CheckPasswordPolicy,
  //! else kBadRequest), stored hashed with libsodium's crypto_pwhash_str (Argon2id); every
  //! session of the agent ends. Its bearer token is untouched. kNotFound for an unknown agent.
  Result<Agent> SetPassword(const RequestContext& ctx, AgentRef agent, std::string_view password);

  //! REQUIRES permission kManageAgents. Every agent, in creation order.
  Result<std::vector<Agent>> List(const RequestContext& ctx);

  //! What the store keeps of a token: the hex BLAKE2b-256 digest of its characters.
  static std::string HashToken(std::string_view token);

 private:
  class TokenCache;

  bool Expired(const Agent& agent) const;

  Dependencies deps_;
  std::shared_ptr<TokenCache> cache_;
};

//! The agent's JSON shape (audit snapshots, CLI --json). Never contains a token or its hash.
boost::json::object AgentJson(const Agent& agent);

}  // namespace seatshift::service
