#pragma once

#include <map>
#include <optional>
#include <string>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/catalog.hpp"
#include "domain/id_generator.hpp"
#include "domain/license.hpp"
#include "domain/monotonic_clock.hpp"
#include "domain/role.hpp"
#include "store/store.hpp"

namespace seatshift::service {

//! Who asks, and the ids that tie a request together in logs and audit records.
struct RequestContext {
  Actor actor;
  std::string correlation_id;
  //! The caller's idempotency key (MS-RequestId) for creates; empty when none was given.
  std::string request_id;
  //! "METHOD /path" of the API request (empty from the CLI): a key is bound to it.
  std::string request_target;
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

//! The SKUs one operation looks at, read once per transaction.
class SkuCache {
 public:
  explicit SkuCache(store::ReadTransaction& tx) : tx_(tx) {}
  const Sku* Find(const SkuId& id);
  SkuLookup AsLookup() {
    return [this](const SkuId& id) { return Find(id); };
  }

 private:
  store::ReadTransaction& tx_;
  std::map<SkuId, std::optional<Sku>> skus_;
};

//! With ctx.request_id set: the id of what an earlier request with the same key created, or
//! nullopt for a new key. kRequestIdReused when the key was used for another operation.
Result<std::optional<std::string>> PriorRequest(store::ReadTransaction& tx,
                                                const RequestContext& ctx,
                                                std::string_view operation);
//! kRequestIdReused unless `prior` was recorded for the same operation and (when both are known)
//! the same request target as ctx's.
Status CheckSameRequest(const RequestRecord& prior, const RequestContext& ctx,
                        std::string_view operation);
//! Records ctx.request_id (if any) as having created `resource_id`, in the creating transaction,
//! so that the key and the creation commit or roll back together.
Status RecordRequest(store::WriteTransaction& tx, const RequestContext& ctx,
                     std::string_view operation, const std::string& resource_id, Instant now);

//! Appends the audit record of one change to `tx` (so it commits or rolls back with it).
struct AuditEntry {
  std::string operation;
  std::string resource_type;
  std::string resource_id;
  std::optional<CustomerId> customer_id;
  std::string before;
  std::string after;
};
void RecordAudit(store::WriteTransaction& tx, const RequestContext& ctx, Instant now,
                 AuditEntry entry);
//! The record RecordAudit would append, for callers that append a batch at once.
AuditRecord MakeAuditRecord(const RequestContext& ctx, Instant now, AuditEntry entry);

}  // namespace seatshift::service
