#pragma once

// The outbox: every change's audit records and the events they announce, appended to the
// change's own transaction. A committed change therefore always has its events, and a change
// rolled back (or a savepoint undone) has none. Webhook deliveries are made from the events
// (service/webhook_delivery.hpp); readers follow the stream (service/event_service.hpp).

#include <span>
#include <vector>

#include "domain/audit.hpp"
#include "domain/event.hpp"
#include "store/store.hpp"

namespace seatshift::service {

//! The events a batch of audit records announces, in order: one per change of a subscription,
//! user, customer, order or migration, and one per customer whose licenses changed (however
//! many users the batch changed). Records of other resources (agents, the catalog, prices)
//! announce nothing.
std::vector<Event> EventsOf(std::span<const AuditRecord> records);

//! Appends `records` and their events to `tx`.
void RecordChanges(store::WriteTransaction& tx, const std::vector<AuditRecord>& records);

}  // namespace seatshift::service
