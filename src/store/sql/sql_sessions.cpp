// Agents' portal passwords and sessions.
#include <fmt/format.h>

#include "store/sql/row_decoders.hpp"
#include "store/sql/sql_transaction.hpp"
#include "store/sql/stored_values.hpp"

namespace seatshift::store::sql {
namespace {

// Storage format: password_hash is libsodium's crypto_pwhash_str text (algorithm, parameters,
// salt and digest in one string); agent_sessions.token_hash is the hex BLAKE2b digest of the
// session cookie; created_at and expires_at are Unix seconds of real time.
constexpr const char* kFindPasswordHash = "SELECT password_hash FROM agents WHERE guid = ?1";
constexpr const char* kSetPasswordHash = "UPDATE agents SET password_hash = ?2 WHERE guid = ?1";
constexpr const char* kFindSession =
    "SELECT a.guid, a.email, a.role, a.disabled, a.created_at, a.token_expires_at, "
    "s.created_at, s.expires_at FROM agent_sessions s JOIN agents a ON a.id = s.agent "
    "WHERE s.token_hash = ?1";
constexpr const char* kInsertSession =
    "INSERT INTO agent_sessions (token_hash, agent, created_at, expires_at) "
    "SELECT ?1, id, ?3, ?4 FROM agents WHERE guid = ?2 ON CONFLICT DO NOTHING";
constexpr const char* kAgentExists = "SELECT 1 FROM agents WHERE guid = ?1";
constexpr const char* kDeleteSession = "DELETE FROM agent_sessions WHERE token_hash = ?1";
constexpr const char* kDeleteSessionsOf =
    "DELETE FROM agent_sessions WHERE agent = (SELECT id FROM agents WHERE guid = ?1)";
constexpr const char* kDeleteExpiredSessions = "DELETE FROM agent_sessions WHERE expires_at <= ?1";

Error AgentNotFound(const AgentId& agent) {
  const std::string text = agent.value().ToString();
  return Error(ErrorCode::kNotFound, fmt::format("agent {} not found", text), {{"agentId", text}});
}

}  // namespace

std::optional<std::string> SqlTransaction::FindAgentPasswordHash(const AgentId& agent) {
  auto stmt = conn().Prepare(kFindPasswordHash);
  stmt.Bind(1, agent.value());
  if (!stmt.Step() || stmt.IsNull(0)) return std::nullopt;
  return stmt.Text(0);
}

std::optional<AgentSession> SqlTransaction::FindSession(const std::string& token_hash) {
  auto stmt = conn().Prepare(kFindSession);
  stmt.Bind(1, token_hash);
  if (!stmt.Step()) return std::nullopt;
  AgentSession session{.token_hash = token_hash};
  session.agent = ReadAgent(stmt);  // columns 0-5
  session.created_at = FromSeconds(stmt.Int(6));
  session.expires_at = FromSeconds(stmt.Int(7));
  return session;
}

Status SqlTransaction::SetAgentPassword(const AgentId& agent, const std::string& password_hash) {
  auto stmt = conn().Prepare(kSetPasswordHash);
  stmt.Bind(1, agent.value()).Bind(2, password_hash);
  stmt.Execute();
  if (conn().Changes() == 0) return AgentNotFound(agent);
  return OkStatus();
}

Status SqlTransaction::InsertSession(const AgentSession& session) {
  auto stmt = conn().Prepare(kInsertSession);
  stmt.Bind(1, session.token_hash).Bind(2, session.agent.id.value());
  stmt.Bind(3, Seconds(session.created_at)).Bind(4, Seconds(session.expires_at));
  stmt.Execute();
  if (conn().Changes() > 0) return OkStatus();
  // Nothing inserted: no such agent, or (ON CONFLICT, which keeps the transaction usable) a
  // session of that hash exists already.
  auto agent = conn().Prepare(kAgentExists);
  agent.Bind(1, session.agent.id.value());
  if (!agent.Step()) return AgentNotFound(session.agent.id);
  return Error(ErrorCode::kAlreadyExists, "the session is taken");
}

void SqlTransaction::DeleteSession(const std::string& token_hash) {
  auto stmt = conn().Prepare(kDeleteSession);
  stmt.Bind(1, token_hash);
  stmt.Execute();
}

void SqlTransaction::DeleteSessionsOf(const AgentId& agent) {
  auto stmt = conn().Prepare(kDeleteSessionsOf);
  stmt.Bind(1, agent.value());
  stmt.Execute();
}

void SqlTransaction::DeleteExpiredSessions(Instant now) {
  auto stmt = conn().Prepare(kDeleteExpiredSessions);
  stmt.Bind(1, Seconds(now));
  stmt.Execute();
}

}  // namespace seatshift::store::sql
