#pragma once

// The price list's columns as ReadListPrice reads them, written once for the price list's own
// statements (sql_prices.cpp) and the SKU's read of its offer's rows (sql_catalog.cpp).

namespace seatshift::store::sql {

#define SEATSHIFT_LIST_PRICE_COLUMNS                                                      \
  "SELECT offer_id, market, currency, term, billing_plan, tier_min, tier_max, "           \
  "effective_start, effective_end, unit_price, erp_price, product_title, sku_title, id, " \
  "segment "                                                                              \
  "FROM price_list "

//! The rows of one offer (?1), as imported.
inline constexpr const char* kListPricesOfOffer =
    SEATSHIFT_LIST_PRICE_COLUMNS "WHERE offer_id = ?1 ORDER BY id";

}  // namespace seatshift::store::sql
