#pragma once

#include <optional>
#include <string>

#include "base/time.hpp"
#include "domain/audit.hpp"
#include "service/request_context.hpp"
#include "store/store.hpp"

namespace seatshift::service {

//! One change, as its audit record tells it.
struct AuditEntry {
  std::string operation;
  std::string resource_type;
  std::string resource_id;
  std::optional<CustomerId> customer_id;
  std::string before;
  std::string after;
};

//! Appends the audit record of one change, and the events it announces, to `tx` (so they commit
//! or roll back with it: service/outbox.hpp).
void RecordAudit(store::WriteTransaction& tx, const RequestContext& ctx, Instant now,
                 AuditEntry entry);
//! The record RecordAudit would append, for callers that append a batch at once.
AuditRecord MakeAuditRecord(const RequestContext& ctx, Instant now, AuditEntry entry);

}  // namespace seatshift::service
