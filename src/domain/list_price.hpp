#pragma once

// Microsoft's license-based price list, as rows the partner imports every month, and the choice
// of the row that prices a purchase: by market, currency, term, billing plan, quantity and day.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/segment.hpp"
#include "domain/terms.hpp"

namespace seatshift {

//! Whether `text` is a New Commerce offer id, "ProductId:SkuId": a product id of 12 upper-case
//! letters and digits (e.g. "CFQ7TTC0LDPB") and a SKU id of 4 (e.g. "0001", "000P").
bool IsOfferId(std::string_view text);

//! One row of the price list: the price of one license of one offer for one billing period, in
//! one market and currency, from `effective_start` on.
struct ListPrice {
  std::string offer_id;  //!< "ProductId:SkuId"
  std::string market;    //!< ISO 3166 alpha-2, upper case, e.g. "TR"
  std::string currency;  //!< ISO 4217
  //! The customers it prices, as the file names them ("Commercial", "Education",
  //! "Government", "Charity"); "" when the file has no Segment column: every customer.
  std::string segment;
  TermDuration term = TermDuration::kOneYear;
  //! nullopt for the file's blank BillingPlan: the price is for the whole term, paid once.
  std::optional<BillingCycle> billing;
  std::int64_t tier_min = 0;             //!< the quantities this price applies to, inclusive
  std::optional<std::int64_t> tier_max;  //!< nullopt: no upper bound
  Date effective_start{};
  std::optional<Date> effective_end;      //!< the last day it applies; nullopt: until replaced
  std::int64_t unit_price = 0;            //!< what the partner pays, minor units of `currency`
  std::optional<std::int64_t> erp_price;  //!< Microsoft's suggested resale price, if published
  std::string product_title;
  std::string sku_title;
  bool operator==(const ListPrice&) const = default;

  //! What identifies a row across imports: a re-import with the same key changes that row.
  auto Key() const {
    return std::tie(offer_id, market, currency, segment, term, billing, tier_min, effective_start);
  }
  //! Whether this row prices `day` and `quantity`.
  bool Covers(Date day, std::int64_t quantity) const;
  //! The months one `unit_price` pays for: the billing period, or the whole term.
  int MonthsPerPrice() const { return billing ? MonthsIn(*billing) : MonthsIn(term); }
};

//! What a purchase or a billing period is priced for.
struct PriceQuery {
  std::string_view market;    //!< the customer's country
  std::string_view currency;  //!< the customer's currency
  //! The price list's name of the customer's segment (PriceListSegment); rows of another
  //! segment do not apply.
  std::string_view segment = "Commercial";
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing = BillingCycle::kMonthly;
  std::int64_t quantity = 1;  //!< picks the tier
  Date on{};                  //!< the day the price must be in effect (a term's first day)
};

//! The price list's name of a customer segment: "Commercial" (frontline workers buy commercial
//! offers), "Education" or "Government".
std::string_view PriceListSegment(Segment segment);

//! The row of `prices` for `query`: same market, currency, segment (or none), term and billing
//! plan, in effect on
//! `query.on`, its tier holding `query.quantity`; among several (a new month's row that starts
//! before the old one ends), the one that started last. A billing plan left blank matches a
//! billing cycle as long as the term (one payment for the term). nullptr if none.
const ListPrice* SelectListPrice(std::span<const ListPrice> prices, const PriceQuery& query);

//! One seat's price for one billing period, as the purchase or charge uses it.
struct SeatPrice {
  std::string currency;
  std::int64_t per_period = 0;                 //!< what the partner pays (the cost)
  std::optional<std::int64_t> erp_per_period;  //!< Microsoft's suggested resale price
  int months_per_period = 1;
  bool from_price_list = false;  //!< false: the catalog's own price
};

//! `seats` seats for one month, rounded half away from zero to the minor unit (a period of
//! several months is spread evenly); nullopt on overflow.
std::optional<std::int64_t> MonthlyAmount(const SeatPrice& price, std::int64_t seats);

}  // namespace seatshift
