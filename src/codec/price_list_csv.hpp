#pragma once

// Partner Center's license-based price list file: CSV (UTF-8, with or without a byte order mark,
// CRLF or LF), or the same CSV zipped.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/list_price.hpp"

namespace seatshift::codec {

//! Every row of the price list in `bytes` (a CSV, or a zip archive holding exactly one .csv).
//! Columns are found by name in the header, in any order, case-insensitively; unknown columns
//! are ignored. Required: ProductId, SkuId, Market, Currency, TermDuration, BillingPlan,
//! UnitPrice, EffectiveStartDate; read when present: ProductTitle, SkuTitle,
//! PricingTierRangeMin/Max, EffectiveEndDate, ERP Price. Amounts are decimals in the currency's
//! unit ("36.00", never more decimals than its minor unit holds unless they are zeros); dates
//! ISO 8601 (a day, or a day and a time at midnight UTC).
//! A file with any row that cannot be read is refused whole: kBadRequest naming each such
//! "<source>:<line>: <column>: <reason>" (the first 20 in the message, all in the `problems`
//! detail), so that nothing of a broken file is imported.
Result<std::vector<ListPrice>> ReadPriceList(std::string_view bytes, std::string_view source_name);

}  // namespace seatshift::codec
