#include "service/audit.hpp"

#include "service/outbox.hpp"

namespace seatshift::service {

void RecordAudit(store::WriteTransaction& tx, const RequestContext& ctx, Instant now,
                 AuditEntry entry) {
  RecordChanges(tx, {MakeAuditRecord(ctx, now, std::move(entry))});
}

AuditRecord MakeAuditRecord(const RequestContext& ctx, Instant now, AuditEntry entry) {
  AuditRecord record;
  record.time = now;
  record.agent_id = ctx.actor.id;
  record.role = ctx.actor.role;
  record.operation = std::move(entry.operation);
  record.resource_type = std::move(entry.resource_type);
  record.resource_id = std::move(entry.resource_id);
  record.customer_id = entry.customer_id;
  record.before = std::move(entry.before);
  record.after = std::move(entry.after);
  record.correlation_id = ctx.correlation_id;
  return record;
}

}  // namespace seatshift::service
