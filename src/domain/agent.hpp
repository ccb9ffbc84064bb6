#pragma once

#include <optional>
#include <string>

#include "base/time.hpp"
#include "domain/ids.hpp"
#include "domain/role.hpp"

namespace seatshift {

using AgentId = StrongId<struct AgentIdTag, Uuid>;

//! A person of the partner who uses seatshift, with one role. Agents authenticate with bearer
//! tokens; only a hash of each token is ever stored.
struct Agent {
  AgentId id;
  std::string email;  //!< unique, lower-case; the actor id on audit records
  Role role = Role::kSalesAgent;
  Instant created_at{};
  bool disabled = false;  //!< a disabled agent's token is refused
  //! When the current token stops working (real time, not the business clock); none: never.
  std::optional<Instant> token_expires_at;
  bool operator==(const Agent&) const = default;
};

//! A signed-in portal session of an agent. The session cookie exists only in the browser; the
//! store keeps the hex BLAKE2b digest of it. Ends at `expires_at` (real time), at sign-out, or
//! when the agent's password changes or the agent is disabled.
struct AgentSession {
  std::string token_hash;
  Agent agent;
  Instant created_at{};
  Instant expires_at{};
};

//! A create request seen with an idempotency key (MS-RequestId): what it created and, once
//! sent, the response, so that a retry gets the same answer and creates nothing.
struct RequestRecord {
  std::string agent_id;
  std::string request_id;
  std::string operation;    //!< e.g. "order.create"; a key reused for another operation is refused
  std::string resource_id;  //!< what the first request created
  //! "METHOD /path" of the first request (API only; empty from the CLI): the same key on another
  //! target (e.g. another customer's orders) is a different request and is refused.
  std::string target;
  int response_status = 0;  //!< 0 until the response is recorded
  std::string response_body;
  Instant created_at{};
};

}  // namespace seatshift
