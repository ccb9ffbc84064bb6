#pragma once

// Schema version 25, written once for both dialects (it needs no spelling of its own).

namespace seatshift::store::sql {

//! 25: the licenses that switch service plans off, indexed apart. Planning a fleet's migration
//! counts each customer's licenses per SKU and excluded plans; the licenses that exclude none
//! are counted already (license_counts), so only these few are read, through this index,
//! rather than every license of every customer.
inline constexpr const char* kSchema25LicensesExcludingPlans = R"sql(
CREATE INDEX licenses_excluding_plans ON licenses (customer, sku, excluded_plans)
  WHERE excluded_plans <> '';
)sql";

}  // namespace seatshift::store::sql
