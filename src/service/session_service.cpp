#include "service/session_service.hpp"

#include <algorithm>
#include <cctype>

#include "codec/json.hpp"
#include "service/agent_service.hpp"
#include "service/audit.hpp"
#include "service/password.hpp"
#include "service/secret_token.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

constexpr std::string_view kCookiePrefix = "sss_";
constexpr std::size_t kMaxEmailLength = 254;
// The one answer for every refused sign-in or session, so that a caller cannot tell which
// check failed (nor which emails belong to agents).
constexpr const char* kBadSignIn = "unknown email or wrong password";
constexpr const char* kNoSession = "no session: sign in again";

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Result<NewSession> SessionService::SignIn(std::string_view email, std::string_view password) {
  const Error refused(ErrorCode::kUnauthenticated, kBadSignIn);
  if (email.size() > kMaxEmailLength || password.size() > kMaxPasswordLength) return refused;
  std::optional<Agent> agent;
  std::optional<std::string> hash;
  {
    auto tx = deps_.store.Read();
    agent = tx->FindAgentByEmail(Lower(email));
    if (agent) hash = tx->FindAgentPasswordHash(agent->id);
  }
  // Verified outside any transaction (it takes a moment), and as long for an unknown email.
  if (!hash) {
    SpendVerificationTime(password);
    return refused;
  }
  if (!VerifyPassword(*hash, password) || agent->disabled) return refused;

  const Instant now = deps_.wall.Now();
  NewSession opened{.session = {.token_hash = "",
                                .agent = *agent,
                                .created_at = now,
                                .expires_at = now + kLifetime},
                    .cookie = NewSecretToken(kCookiePrefix)};
  opened.session.token_hash = HashSecretToken(opened.cookie);
  const RequestContext ctx{.actor = {agent->email, agent->role}};
  const Status stored = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    // Sessions that ended are forgotten here, so the table holds only live ones (and those that
    // ended since the last sign-in); the agent's other live sessions (other browsers) stay.
    tx.DeleteExpiredSessions(now);
    SEATSHIFT_TRY(tx.InsertSession(opened.session));
    RecordAudit(tx, ctx, deps_.clock.Now(),
                {.operation = "session.create",
                 .resource_type = "Agent",
                 .resource_id = agent->id.value().ToString(),
                 .customer_id = std::nullopt,
                 .before = "",
                 .after = codec::Serialize(AgentJson(*agent))});
    tx.Commit();
    return OkStatus();
  });
  SEATSHIFT_TRY(stored);
  return opened;
}

Result<AgentSession> SessionService::Authenticate(std::string_view cookie) {
  const Error refused(ErrorCode::kUnauthenticated, kNoSession);
  if (!IsWellFormedSecretToken(cookie, kCookiePrefix)) return refused;
  auto session = deps_.store.Read()->FindSession(HashSecretToken(cookie));
  if (!session || session->agent.disabled || session->expires_at <= deps_.wall.Now()) {
    return refused;
  }
  return std::move(*session);
}

void SessionService::SignOut(std::string_view cookie) {
  if (!IsWellFormedSecretToken(cookie, kCookiePrefix)) return;
  const std::string hash = HashSecretToken(cookie);
  store::Transact(deps_.store, [&](store::WriteTransaction& tx) {
    tx.DeleteSession(hash);
    tx.Commit();
  });
}

}  // namespace seatshift::service
