#pragma once

// Agents, their tokens, passwords and portal sessions.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/agent.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

//! Reads, in any transaction.
class AgentReads {
 public:
  virtual ~AgentReads() = default;

  virtual std::optional<Agent> FindAgentByTokenHash(const std::string& token_hash) = 0;
  virtual std::optional<Agent> FindAgentByEmail(const std::string& email) = 0;
  virtual std::optional<Agent> FindAgentById(const AgentId& id) = 0;
  virtual std::vector<Agent> ListAgents() = 0;
  //! The agent's password hash (libsodium crypto_pwhash_str form); nullopt when the agent has
  //! no password (or does not exist).
  virtual std::optional<std::string> FindAgentPasswordHash(const AgentId& agent) = 0;
  //! The session whose cookie hashes to `token_hash`, with its agent as stored now (expired
  //! sessions too: the caller judges the time).
  virtual std::optional<AgentSession> FindSession(const std::string& token_hash) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class AgentWrites {
 public:
  virtual ~AgentWrites() = default;

  //! kAlreadyExists when the email or the token hash is taken.
  virtual Status InsertAgent(const Agent& agent, const std::string& token_hash) = 0;
  //! Stores the agent's role, disabled flag and token expiry, and its new token hash unless
  //! `token_hash` is empty (rotation); kNotFound for no such agent.
  virtual Status UpdateAgent(const Agent& agent, const std::string& token_hash) = 0;
  //! Stores the agent's password hash; kNotFound for no such agent.
  virtual Status SetAgentPassword(const AgentId& agent, const std::string& password_hash) = 0;
  //! kNotFound when session.agent does not exist.
  virtual Status InsertSession(const AgentSession& session) = 0;
  //! Ends one session; nothing happens when there is none.
  virtual void DeleteSession(const std::string& token_hash) = 0;
  //! Ends every session of the agent (a new password, a disabled agent).
  virtual void DeleteSessionsOf(const AgentId& agent) = 0;
  //! Forgets every session that ended before `now`.
  virtual void DeleteExpiredSessions(Instant now) = 0;
};

}  // namespace seatshift::store
