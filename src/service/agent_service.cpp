#include "service/agent_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "codec/json.hpp"
#include "domain/customer.hpp"
#include "service/audit.hpp"
#include "service/password.hpp"
#include "service/secret_token.hpp"
#include "store/transact.hpp"

namespace seatshift::service {
namespace {

constexpr std::string_view kTokenPrefix = "sst_";
constexpr std::size_t kMaxEmailLength = 254;
constexpr std::size_t kMaxLocalPartLength = 64;
// The one answer for every refused token, so that a caller cannot tell which check failed.
constexpr const char* kRefused = "unknown or revoked token";

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool IsLocalPartChar(char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~-.";
  return std::isalnum(static_cast<unsigned char>(c)) || kSpecials.find(c) != std::string_view::npos;
}

//! Lower-cases `email` and checks it is name@domain (an unquoted local part of the usual
//! characters, dots only between them, and a valid domain name).
Status NormaliseEmail(std::string& email) {
  email = Lower(std::move(email));
  const auto bad = [&email](std::string_view why) {
    return Error(ErrorCode::kBadRequest, fmt::format("email '{}': {}", email, why),
                 {{"email", email}});
  };
  if (email.size() > kMaxEmailLength) return bad("longer than 254 characters");
  const auto at = email.find('@');
  if (at == std::string::npos || email.find('@', at + 1) != std::string::npos) {
    return bad("expected name@domain");
  }
  const std::string_view local = std::string_view(email).substr(0, at);
  const std::string_view domain = std::string_view(email).substr(at + 1);
  if (local.empty() || local.size() > kMaxLocalPartLength ||
      !std::all_of(local.begin(), local.end(), IsLocalPartChar) || local.front() == '.' ||
      local.back() == '.' || local.find("..") != std::string_view::npos) {
    return bad("the part before @ is not a valid mailbox name");
  }
  if (!IsValidDomainName(domain)) return bad("the part after @ is not a valid domain name");
  return OkStatus();
}

Result<Agent> Find(store::ReadTransaction& tx, const AgentRef& ref) {
  if (const auto* id = std::get_if<AgentId>(&ref)) {
    if (auto agent = tx.FindAgentById(*id)) return std::move(*agent);
    const std::string text = id->value().ToString();
    return Error(ErrorCode::kNotFound, fmt::format("agent {} not found", text),
                 {{"agentId", text}});
  }
  const std::string email = Lower(std::get<std::string>(ref));
  if (auto agent = tx.FindAgentByEmail(email)) return std::move(*agent);
  return Error(ErrorCode::kNotFound, fmt::format("no agent has the email '{}'", email),
               {{"email", email}});
}

//! The instant a token given `lifetime` at `now` (real time) expires; nullopt: never.
Result<std::optional<Instant>> ExpiryOf(const TokenLifetime& lifetime, Instant now) {
  const auto bad = [](const char* field, std::string why) {
    return Error(ErrorCode::kBadRequest, fmt::format("{}: {}", field, why),
                 {{"field", std::string(field)}});
  };
  if (lifetime.expires_at && lifetime.expires_in_days) {
    return bad("expiresInDays", "give expiresAt or expiresInDays, not both");
  }
  if (const auto days = lifetime.expires_in_days) {
    if (*days < 1 || *days > AgentService::kMaxTokenDays) {
      return bad("expiresInDays", fmt::format("must be from 1 to {}", AgentService::kMaxTokenDays));
    }
    return std::optional<Instant>(now + std::chrono::days(*days));
  }
  if (const auto at = lifetime.expires_at) {
    if (*at <= now) return bad("expiresAt", "must be in the future");
    if (*at > now + std::chrono::days(AgentService::kMaxTokenDays)) {
      return bad("expiresAt",
                 fmt::format("must be at most {} days ahead", AgentService::kMaxTokenDays));
    }
    return std::optional<Instant>(*at);
  }
  return std::optional<Instant>();
}

AuditEntry AgentAudit(std::string operation, const Agent& agent, std::string before) {
  return {.operation = std::move(operation),
          .resource_type = "Agent",
          .resource_id = agent.id.value().ToString(),
          .customer_id = std::nullopt,
          .before = std::move(before),
          .after = codec::Serialize(AgentJson(agent))};
}

}  // namespace

//! Token hash → the agent the database confirmed for it, and when. Only enabled agents are
//! remembered. Keys are digests, not tokens: the map's ordinary (not constant-time) string
//! comparisons can only reveal bits of a BLAKE2b digest, which say nothing about a token.
class AgentService::TokenCache {
 public:
  //! The number of evictions so far. Authenticate reads it before asking the database, and Put
  //! drops an answer if an eviction happened meanwhile: a token rotated or disabled while it
  //! was being checked is not remembered as valid.
  std::uint64_t Generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }

  using TimePoint = MonotonicClock::TimePoint;

  std::optional<Agent> Get(const std::string& hash, TimePoint now) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(hash);
    if (it == entries_.end() || !Fresh(it->second, now)) return std::nullopt;
    return it->second.agent;
  }

  void Put(const std::string& hash, const Agent& agent, TimePoint now, std::uint64_t generation) {
    std::lock_guard lock(mutex_);
    if (generation != generation_) return;
    if (entries_.size() >= kCacheCapacity && !entries_.contains(hash)) MakeRoom(now);
    entries_.insert_or_assign(hash, Entry{agent, now});
  }

  //! Forgets every token of the agent (its old token after a rotation, any after disabling).
  void Evict(const AgentId& id) {
    std::lock_guard lock(mutex_);
    ++generation_;
    std::erase_if(entries_, [&id](const auto& entry) { return entry.second.agent.id == id; });
  }

 private:
  struct Entry {
    Agent agent;
    TimePoint confirmed_at;
  };

  static bool Fresh(const Entry& entry, TimePoint now) {
    return now < entry.confirmed_at + kCacheTtl;
  }

  void MakeRoom(TimePoint now) {
    std::erase_if(entries_, [now](const auto& entry) { return !Fresh(entry.second, now); });
    if (entries_.size() < kCacheCapacity) return;
    entries_.erase(
        std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
          return a.second.confirmed_at < b.second.confirmed_at;
        }));
  }

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mutex_)
  std::uint64_t generation_ = 0;                    // GUARDED_BY(mutex_)
};

AgentService::AgentService(Dependencies deps)
    : deps_(deps), cache_(std::make_shared<TokenCache>()) {}

std::string AgentService::HashToken(std::string_view token) { return HashSecretToken(token); }

bool AgentService::Expired(const Agent& agent) const {
  return agent.token_expires_at && *agent.token_expires_at <= deps_.wall.Now();
}

Result<NewAgent> AgentService::Create(const RequestContext& ctx, std::string email, Role role,
                                      TokenLifetime lifetime) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageAgents));
  SEATSHIFT_TRY(NormaliseEmail(email));
  if (!IsAgentRole(role)) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("role {} cannot be given to an agent", ToString(role)),
                 {{"role", std::string(ToString(role))}});
  }
  SEATSHIFT_ASSIGN_OR_RETURN(const auto expires_at, ExpiryOf(lifetime, deps_.wall.Now()));
  NewAgent created{.agent = {.id = AgentId(deps_.ids.Next()),
                             .email = std::move(email),
                             .role = role,
                             .created_at = deps_.clock.Now(),
                             .disabled = false,
                             .token_expires_at = expires_at},
                   .token = NewSecretToken(kTokenPrefix)};
  const std::string hash = HashToken(created.token);
  const Status stored = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Status {
    SEATSHIFT_TRY(tx.InsertAgent(created.agent, hash));
    RecordAudit(tx, ctx, created.agent.created_at, AgentAudit("agent.create", created.agent, ""));
    tx.Commit();
    return OkStatus();
  });
  SEATSHIFT_TRY(stored);
  return created;
}

Result<Agent> AgentService::Authenticate(std::string_view bearer_token) {
  const Error refused(ErrorCode::kUnauthenticated, kRefused);
  if (!IsWellFormedSecretToken(bearer_token, kTokenPrefix)) return refused;
  const std::string hash = HashToken(bearer_token);
  const auto now = deps_.monotonic.Now();
  if (auto cached = cache_->Get(hash, now)) {
    if (Expired(*cached)) return refused;
    return std::move(*cached);
  }
  const std::uint64_t generation = cache_->Generation();
  auto agent = deps_.store.Read()->FindAgentByTokenHash(hash);
  if (!agent || agent->disabled || Expired(*agent)) return refused;
  cache_->Put(hash, *agent, now, generation);
  return std::move(*agent);
}

Result<NewAgent> AgentService::Rotate(const RequestContext& ctx, AgentRef ref,
                                      TokenLifetime lifetime) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageAgents));
  SEATSHIFT_ASSIGN_OR_RETURN(const auto expires_at, ExpiryOf(lifetime, deps_.wall.Now()));
  auto committed =
      store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<NewAgent> {
        SEATSHIFT_ASSIGN_OR_RETURN(Agent agent, Find(tx, ref));
        const std::string before = codec::Serialize(AgentJson(agent));
        agent.token_expires_at = expires_at;
        NewAgent rotated{.agent = std::move(agent), .token = NewSecretToken(kTokenPrefix)};
        SEATSHIFT_TRY(tx.UpdateAgent(rotated.agent, HashToken(rotated.token)));
        RecordAudit(tx, ctx, deps_.clock.Now(), AgentAudit("agent.rotate", rotated.agent, before));
        tx.Commit();
        return rotated;
      });
  if (!committed) return std::move(committed).error();
  NewAgent rotated = std::move(committed).value();
  // After the commit: evicting earlier would let a concurrent Authenticate re-read the old,
  // not yet replaced hash and remember it again.
  cache_->Evict(rotated.agent.id);
  return rotated;
}

Result<Agent> AgentService::Disable(const RequestContext& ctx, AgentRef ref) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageAgents));
  auto disabled = store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<Agent> {
    SEATSHIFT_ASSIGN_OR_RETURN(Agent agent, Find(tx, ref));
    if (!agent.disabled) {
      const std::string before = codec::Serialize(AgentJson(agent));
      agent.disabled = true;
      SEATSHIFT_TRY(tx.UpdateAgent(agent, ""));
      tx.DeleteSessionsOf(agent.id);
      RecordAudit(tx, ctx, deps_.clock.Now(), AgentAudit("agent.disable", agent, before));
      tx.Commit();
    }
    return agent;
  });
  if (!disabled) return std::move(disabled).error();
  Agent agent = std::move(disabled).value();
  cache_->Evict(agent.id);
  return agent;
}

Result<Agent> AgentService::SetPassword(const RequestContext& ctx, AgentRef ref,
                                        std::string_view password) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageAgents));
  SEATSHIFT_TRY(CheckPasswordPolicy(password));
  // Hashed before the write transaction: Argon2id takes a moment and most of a CPU, and the
  // writer lock must not wait for it.
  const std::string hash = HashPassword(password);
  return store::Transact(deps_.store, [&](store::WriteTransaction& tx) -> Result<Agent> {
    SEATSHIFT_ASSIGN_OR_RETURN(Agent agent, Find(tx, ref));
    SEATSHIFT_TRY(tx.SetAgentPassword(agent.id, hash));
    tx.DeleteSessionsOf(agent.id);
    // The audit record says that the password changed, never what it is or its hash.
    const std::string snapshot = codec::Serialize(AgentJson(agent));
    RecordAudit(tx, ctx, deps_.clock.Now(), AgentAudit("agent.setPassword", agent, snapshot));
    tx.Commit();
    return agent;
  });
}

Result<std::vector<Agent>> AgentService::List(const RequestContext& ctx) {
  SEATSHIFT_TRY(Require(ctx, Permission::kManageAgents));
  return deps_.store.Read()->ListAgents();
}

boost::json::object AgentJson(const Agent& agent) {
  return {{"id", agent.id.value().ToString()},
          {"email", agent.email},
          {"role", ToString(agent.role)},
          {"disabled", agent.disabled},
          {"creationDate", FormatInstant(agent.created_at)},
          {"tokenExpiresAt", agent.token_expires_at
                                 ? boost::json::value(FormatInstant(*agent.token_expires_at))
                                 : boost::json::value(nullptr)},
          {"attributes", boost::json::object{{"objectType", "Agent"}}}};
}

}  // namespace seatshift::service
