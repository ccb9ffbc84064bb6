#pragma once

// New Commerce's commitment rules: what a subscription bought or renewed may still undo (the
// cancellation window), and what it may only change at its next renewal.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/ids.hpp"
#include "domain/terms.hpp"

namespace seatshift {

//! How the vendor sells a SKU. Legacy offers (Kaizala Pro, Office 365 E4) are suspended and
//! deprovisioned 120 days later at no cost, and their seats go down at any time. New Commerce
//! offers commit the customer for the whole term once the cancellation window has closed.
enum class Commerce { kLegacy, kNewCommerce };

std::string_view ToString(Commerce value);
std::optional<Commerce> ParseCommerce(std::string_view text);

//! A New Commerce purchase or renewal can be cancelled, and its seats given back, for 168 hours.
inline constexpr std::chrono::hours kCancellationWindow{168};

//! Seats bought together: the term's purchase (or renewal) and each later increase. Their
//! cancellation windows run separately; seats given back inside a window come off the lot.
struct PurchaseLot {
  std::int64_t quantity = 0;
  Instant bought_at{};
  Instant RefundableUntil() const { return bought_at + kCancellationWindow; }
  bool operator==(const PurchaseLot&) const = default;
};

//! Seats given back within this long of their purchase are refunded in full (Partner Center's
//! "Full" refund option); later inside the window, prorated by the day ("Partial").
inline constexpr std::chrono::hours kFullRefundWindow{24};

//! A lot's seats that can still be given back: quantity and deadline (Partner Center's
//! refundableQuantity details).
using RefundableLot = PurchaseLot;

//! What the next term will be (Partner Center's scheduledNextTermInstructions), applied by the
//! lifecycle at renewal with the price then in force.
struct ScheduledChange {
  SkuId sku_id;
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  std::int64_t quantity = 0;
  //! The next term ends on this day instead of a whole term after its start (aligned with the
  //! customer's other subscriptions or a calendar month end).
  std::optional<Date> custom_term_end;
  bool operator==(const ScheduledChange&) const = default;
};

//! Lots still inside their window at `now`, oldest first, without the empty ones.
std::vector<RefundableLot> RefundableLots(const std::vector<PurchaseLot>& lots, Instant now);
std::int64_t RefundableQuantity(const std::vector<PurchaseLot>& lots, Instant now);

//! Gives back `seats` from the lots still inside their window, newest first (the last seats
//! bought are the first returned). REQUIRES: seats <= RefundableQuantity(lots, now).
std::vector<PurchaseLot> ReturnSeats(std::vector<PurchaseLot> lots, std::int64_t seats,
                                     Instant now);

//! The purchase instant of the oldest lot ReturnSeats(lots, seats, now) takes seats from;
//! nullopt when it takes none.
std::optional<Instant> OldestLotReturned(const std::vector<PurchaseLot>& lots, std::int64_t seats,
                                         Instant now);

//! Another active New Commerce term of the customer a new term may end with.
struct CotermCandidate {
  SubscriptionId id;
  Date end{};
  TermDuration term = TermDuration::kOneYear;
};

//! A day a new term may end on instead of its own end (Partner Center's customTermEndDate):
//! a calendar month end, or the end of the customer's other subscriptions named.
struct CustomTermEnd {
  Date end{};
  bool calendar_month_end = false;
  std::vector<SubscriptionId> coterm_subscriptions;
  bool operator==(const CustomTermEnd&) const = default;
};

//! The days a new `term` starting on `start` may end on instead of its own end, soonest first:
//! the last calendar month end before its own end, and the ends of `others` that fall after
//! `start` and before its own end. As Partner Center rules, a yearly or longer term does not
//! end with a monthly one, and a monthly term ends with another only on the 31st or a month's
//! last day. The own end is not among them: it is what a request without a custom date gets.
std::vector<CustomTermEnd> CustomTermEnds(Date start, TermDuration term,
                                          const std::vector<CotermCandidate>& others);

//! OK when `end` is one of CustomTermEnds(start, term, others); otherwise 900246 naming the
//! allowed days.
Status CheckCustomTermEnd(Date end, Date start, TermDuration term,
                          const std::vector<CotermCandidate>& others);

}  // namespace seatshift
