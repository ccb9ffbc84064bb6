#pragma once

// What a customer pays for a seat: the partner's cost from the price list (or the catalog), and
// the resale price the partner charges on top of it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/catalog.hpp"
#include "domain/ids.hpp"

namespace seatshift {

//! A margin the partner adds to the list price, in basis points (1,250 = 12.5 %), for every
//! customer of a segment, every sale of a product, or one customer.
enum class MarginScope { kSegment, kProduct, kCustomer };

std::string_view ToString(MarginScope scope);
std::optional<MarginScope> ParseMarginScope(std::string_view text);

struct MarginRule {
  MarginScope scope = MarginScope::kSegment;
  std::string key;  //!< the segment's name, the product id or the customer id
  std::int64_t basis_points = 0;
  bool operator==(const MarginRule&) const = default;
};

//! Refuses a rule whose key is empty or not a segment, or whose margin is below -100 % or above
//! 1,000 %.
Status ValidateMarginRule(const MarginRule& rule);

//! Who buys, as pricing needs them: the price list's market and currency, and which margin
//! rules apply.
struct Buyer {
  std::string customer_id;  //!< the customer's id, text, as margin rules name it
  std::string country;      //!< ISO 3166 alpha-2: the price list's market
  std::string currency;
  Segment segment = Segment::kCommercial;
  std::vector<MarginRule> margins;  //!< the partner's rules (others are ignored)
};

//! The margin for `buyer` buying a SKU of `product`: the customer's rule, else the product's,
//! else the segment's; nullopt when none applies.
std::optional<std::int64_t> MarginFor(const Buyer& buyer, const ProductId& product);

//! One seat for one billing period, as fixed for a term: what the partner pays and what the
//! customer pays.
struct TermPrice {
  std::int64_t cost = 0;
  std::int64_t resale = 0;
  bool operator==(const TermPrice&) const = default;
};

//! The resale price of `price`: cost plus `margin` when one applies (rounded half away from
//! zero), else Microsoft's ERP price when the list publishes one, else the cost.
Result<TermPrice> Resale(const SeatPrice& price, std::optional<std::int64_t> margin);

//! Prices `quantity` seats of `sku` for `buyer`, for a term of `term` billed `billing`, as in
//! effect on `on` (SeatPriceFor, then Resale with the buyer's margin).
Result<TermPrice> PriceSeat(const Sku& sku, const Buyer& buyer, TermDuration term,
                            BillingCycle billing, std::int64_t quantity, Date on);

//! What `quantity` seats of one SKU would cost a customer bought today: per seat per billing
//! period and per month, the partner's cost and the customer's price.
struct Quote {
  SkuId sku_id;
  std::string title;
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing = BillingCycle::kMonthly;
  std::int64_t quantity = 0;
  std::string currency;
  std::optional<TermPrice> unit;   //!< nullopt: no price (`problem` says why)
  std::optional<TermPrice> month;  //!< the quantity for one month
  bool from_price_list = false;
  std::string problem;
};

//! Quotes `quantity` seats of `sku` for `buyer` on `today`.
Quote QuoteSeats(const Sku& sku, const Buyer& buyer, TermDuration term, BillingCycle billing,
                 std::int64_t quantity, Date today);

//! An offer of the price list no SKU is mapped to: kept, priced nothing, and reported.
struct UnmappedOffer {
  std::string offer_id;
  std::string product_title;
  std::string sku_title;
  std::int64_t rows = 0;  //!< of the imported file
};

//! What importing a price list did.
struct PriceListImport {
  std::int64_t rows = 0;  //!< data rows read
  std::int64_t added = 0;
  std::int64_t changed = 0;
  std::int64_t unchanged = 0;
  std::vector<UnmappedOffer> unmapped;  //!< in offer id order
};

//! A subscription whose price at its next renewal differs from its price now.
struct PriceChange {
  CustomerId customer_id;
  std::string company_name;
  SubscriptionId subscription_id;
  SkuId sku_id;
  std::int64_t quantity = 0;
  std::string currency;
  Date renews_on{};  //!< the first day of the next term
  TermPrice now;     //!< one seat, one billing period
  TermPrice next;
  BillingCycle billing = BillingCycle::kMonthly;
  TermDuration term = TermDuration::kOneYear;
};

}  // namespace seatshift
