#pragma once

// Schema version 23, written once for both dialects (it needs no spelling of its own).

namespace seatshift::store::sql {

//! 23: the expiring report's index in the report's order, (term_end, id), and covering its count
//! by SKU (sku). PostgreSQL walked the end dates and sorted each day's subscriptions by id before
//! it could stop at a page, and its count by SKU read every matching row from the table.
inline constexpr const char* kSchema23ExpiringInReportOrder = R"sql(
DROP INDEX subscriptions_expiring;
CREATE INDEX subscriptions_expiring ON subscriptions (term_end, id, sku)
  WHERE auto_renew = 0 AND status = 'active';
)sql";

}  // namespace seatshift::store::sql
