#pragma once

#include <optional>
#include <string>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/id_generator.hpp"
#include "domain/monotonic_clock.hpp"
#include "domain/role.hpp"
#include "store/store.hpp"

namespace seatshift::service {

struct IdempotentScope;

//! A client's idempotency key (MS-RequestId): with the agent, it names one request, which is
//! then done at most once (service/idempotency.hpp).
struct IdempotencyKey {
  std::string request_id;
  //! "METHOD /path" of the API request (empty from the CLI): the key is bound to it, so the same
  //! key on another target (another customer's orders) is another request, and refused.
  std::string target;
};

//! Who asks, and the ids that tie a request together in logs and audit records.
struct RequestContext {
  Actor actor;
  std::string correlation_id;
  //! The caller's idempotency key; nullopt when none was given.
  std::optional<IdempotencyKey> idempotency;
  //! Set only while Idempotency::Run runs the request's effect in the transaction that records
  //! its key: the use case writes into that transaction (service::Transact) instead of opening
  //! one. Not owned; never set by adapters.
  IdempotentScope* scope = nullptr;

  //! The idempotency key's request id, empty when there is none (messages).
  const std::string& request_id() const;
};

//! What every use case needs. The referenced objects outlive the services.
struct Dependencies {
  store::Store& store;
  //! The business clock: terms, renewals, charges. It may be simulated (and then stands still
  //! between advances), so nothing that must expire on its own is timed with it.
  const Clock& clock;
  IdGenerator& ids;
  //! Caches, leases and timeouts.
  const MonotonicClock& monotonic = SteadyClock::Instance();
  //! Real time for security rules (token expiry), which a simulated business clock must not
  //! stop or move.
  const Clock& wall = SystemClock::Instance();
};

//! The system acting on its own (the lifecycle engine, start-up work); `correlation_id` names
//! the job in logs and audit records.
RequestContext SystemContext(std::string correlation_id);

//! kForbidden unless the actor's role allows `permission`.
Status Require(const RequestContext& ctx, Permission permission);

Error CustomerNotFound(const CustomerId& id);

}  // namespace seatshift::service
