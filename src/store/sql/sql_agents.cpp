// Agents and the hashes of their bearer tokens.
#include <fmt/format.h>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

// Storage format: guid is the agent id's 16 bytes; role is ToString(Role); token_hash is the
// hex BLAKE2b digest of the bearer token (the token itself is never stored); created_at and
// token_expires_at (NULL: never) are Unix seconds.
constexpr const char* kInsertAgent =
    "INSERT INTO agents (guid, email, role, token_hash, disabled, created_at, token_expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";
// ?4 = '' keeps the stored token hash.
constexpr const char* kUpdateAgent =
    "UPDATE agents SET role = ?2, disabled = ?3, "
    "token_hash = CASE WHEN ?4 = '' THEN token_hash ELSE ?4 END, token_expires_at = ?5 "
    "WHERE guid = ?1";
constexpr const char* kFindAgentByTokenHash =
    "SELECT guid, email, role, disabled, created_at, token_expires_at FROM agents "
    "WHERE token_hash = ?1";
constexpr const char* kFindAgentByEmail =
    "SELECT guid, email, role, disabled, created_at, token_expires_at FROM agents "
    "WHERE email = ?1";
constexpr const char* kFindAgentById =
    "SELECT guid, email, role, disabled, created_at, token_expires_at FROM agents "
    "WHERE guid = ?1";
constexpr const char* kListAgents =
    "SELECT guid, email, role, disabled, created_at, token_expires_at FROM agents "
    "ORDER BY id";

// The roles the agents table's CHECK admits. Checked before writing: a violated CHECK would
// abort the PostgreSQL transaction instead of returning a value.
bool IsAgentRole(Role role) { return role != Role::kSystem && role != Role::kAnonymous; }

Error RoleRefused(const Agent& agent) {
  return Error(ErrorCode::kBadRequest,
               fmt::format("role {} cannot be given to an agent", ToString(agent.role)));
}

void BindExpiry(Statement& stmt, int index, const Agent& agent) {
  std::optional<std::int64_t> seconds;
  if (agent.token_expires_at) seconds = Seconds(*agent.token_expires_at);
  stmt.Bind(index, seconds);
}

}  // namespace

std::optional<Agent> SqlTransaction::FindAgentByTokenHash(const std::string& token_hash) {
  auto stmt = conn().Prepare(kFindAgentByTokenHash);
  stmt.Bind(1, token_hash);
  if (!stmt.Step()) return std::nullopt;
  return ReadAgent(stmt);
}

std::optional<Agent> SqlTransaction::FindAgentByEmail(const std::string& email) {
  auto stmt = conn().Prepare(kFindAgentByEmail);
  stmt.Bind(1, email);
  if (!stmt.Step()) return std::nullopt;
  return ReadAgent(stmt);
}

std::optional<Agent> SqlTransaction::FindAgentById(const AgentId& id) {
  auto stmt = conn().Prepare(kFindAgentById);
  stmt.Bind(1, id.value());
  if (!stmt.Step()) return std::nullopt;
  return ReadAgent(stmt);
}

std::vector<Agent> SqlTransaction::ListAgents() {
  auto stmt = conn().Prepare(kListAgents);
  std::vector<Agent> agents;
  while (stmt.Step()) agents.push_back(ReadAgent(stmt));
  return agents;
}

Status SqlTransaction::InsertAgent(const Agent& agent, const std::string& token_hash) {
  auto stmt = conn().Prepare(kInsertAgent);
  stmt.Bind(1, agent.id.value()).Bind(2, agent.email).Bind(3, ToString(agent.role));
  stmt.Bind(4, token_hash).Bind(5, agent.disabled).Bind(6, Seconds(agent.created_at));
  BindExpiry(stmt, 7, agent);
  if (!IsAgentRole(agent.role)) return RoleRefused(agent);
  stmt.Execute();
  if (conn().Changes() == 0) {
    if (FindAgentByEmail(agent.email)) {
      return Error(ErrorCode::kAlreadyExists,
                   fmt::format("an agent with email {} already exists", agent.email),
                   {{"email", agent.email}});
    }
    // The id or the token hash: a collision of random values, never an input error.
    return Error(ErrorCode::kAlreadyExists, "the new agent's id or token is already taken");
  }
  return OkStatus();
}

Status SqlTransaction::UpdateAgent(const Agent& agent, const std::string& token_hash) {
  auto stmt = conn().Prepare(kUpdateAgent);
  stmt.Bind(1, agent.id.value()).Bind(2, ToString(agent.role)).Bind(3, agent.disabled);
  stmt.Bind(4, token_hash);
  BindExpiry(stmt, 5, agent);
  if (!IsAgentRole(agent.role)) return RoleRefused(agent);
  // A clash with another agent's token hash would abort the transaction: look first (a clash of
  // 256-bit random tokens, so never in practice, but the contract is a value, not an abort).
  if (!token_hash.empty()) {
    if (const auto holder = FindAgentByTokenHash(token_hash); holder && holder->id != agent.id) {
      return Error(ErrorCode::kAlreadyExists, "the agent's new token is already taken");
    }
  }
  stmt.Execute();
  if (conn().Changes() == 0) {
    return Error(ErrorCode::kNotFound, fmt::format("agent {} not found", agent.email),
                 {{"email", agent.email}});
  }
  return OkStatus();
}

}  // namespace seatshift::store::sql
