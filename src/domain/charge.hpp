#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/catalog.hpp"
#include "domain/ids.hpp"
#include "domain/pricing.hpp"

namespace seatshift {

struct Subscription;

//! Charges are billed in advance, one `kCycle` line at the start of every billing period of an
//! active subscription. Mid-period changes are settled by `kProration` lines (see Prorate).
enum class ChargeKind { kCycle, kProration };

std::string_view ToString(ChargeKind kind);
std::optional<ChargeKind> ParseChargeKind(std::string_view text);

//! A closed range of days [first, last] a charge pays for.
struct BillingPeriod {
  Date first{};
  Date last{};
  std::int64_t Days() const { return (last - first).count() + 1; }
  bool operator==(const BillingPeriod&) const = default;
};

struct Charge {
  CustomerId customer_id;
  SubscriptionId subscription_id;
  SkuId sku_id;
  ChargeKind kind = ChargeKind::kCycle;
  BillingPeriod period;
  std::int64_t quantity = 0;    //!< seats charged (negative for a proration credit)
  std::int64_t unit_price = 0;  //!< per seat for the whole period, in minor units (resale)
  std::int64_t unit_cost = 0;   //!< what the partner pays for the same, in minor units
  std::int64_t amount = 0;      //!< minor units; negative for a credit
  std::string currency;
  Instant charged_at{};
  bool operator==(const Charge&) const = default;
};

//! The billing period of `sub`'s current term that contains `day`. Periods are a month (or a
//! year, billed annually) long, counted from the term start so they never drift: the k-th
//! monthly period starts AddMonths(term_start, k). The last period ends with the term.
BillingPeriod PeriodContaining(const Subscription& sub, Date day);

//! The price of one seat for one billing period of `sub`'s current term: the price fixed for the
//! term, or, if none is yet, the one in effect on `day` for `buyer` (PriceSeat). kPriceNotFound
//! when there is none.
Result<TermPrice> TermPriceOf(const Subscription& sub, const Sku& sku, const Buyer& buyer,
                              Date day);

//! The full charge for `period` at `sub`'s current quantity, at `price`.
Result<Charge> CycleCharge(const Subscription& sub, const TermPrice& price,
                           const std::string& currency, BillingPeriod period, Instant at);

//! Settles a change of `seat_delta` seats from `from` (default: the day of `at`) inside an
//! already charged `period`: seat_delta × seat price × (days left in the period, `from`
//! included) / (days in the period), rounded half away from zero to the minor unit. Positive
//! deltas are charges, negative ones credits. nullopt when there is nothing to settle (zero
//! delta or zero amount).
Result<std::optional<Charge>> Prorate(const Subscription& sub, const Sku& sku, const Buyer& buyer,
                                      BillingPeriod period, std::int64_t seat_delta, Instant at,
                                      std::optional<Date> from = std::nullopt);

}  // namespace seatshift
