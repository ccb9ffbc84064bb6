#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/catalog.hpp"
#include "domain/ids.hpp"

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
  std::int64_t unit_price = 0;  //!< per seat for the whole period, in minor units
  std::int64_t amount = 0;      //!< minor units; negative for a credit
  std::string currency;
  Instant charged_at{};
  bool operator==(const Charge&) const = default;
};

//! The billing period of `sub`'s current term that contains `day`. Periods are a month (or a
//! year, billed annually) long, counted from the term start so they never drift: the k-th
//! monthly period starts AddMonths(term_start, k). The last period ends with the term.
BillingPeriod PeriodContaining(const Subscription& sub, Date day);

//! The price of one seat for one whole billing period: the price list's unit price is per seat
//! per month, so annual billing charges twelve of it. kPriceNotFound when the SKU has no price
//! for the currency, term and billing cycle.
Result<std::int64_t> SeatPricePerPeriod(const Sku& sku, const Subscription& sub,
                                        const std::string& currency);

//! The full charge for `period` at `sub`'s current quantity.
Result<Charge> CycleCharge(const Subscription& sub, const Sku& sku, const std::string& currency,
                           BillingPeriod period, Instant at);

//! Settles a change of `seat_delta` seats on `day` inside an already charged `period`:
//! seat_delta × seat price × (days left in the period, `day` included) / (days in the period),
//! rounded half away from zero to the minor unit. Positive deltas are charges, negative ones
//! credits. nullopt when there is nothing to settle (zero delta or zero amount).
Result<std::optional<Charge>> Prorate(const Subscription& sub, const Sku& sku,
                                      const std::string& currency, BillingPeriod period,
                                      std::int64_t seat_delta, Instant at);

}  // namespace seatshift
