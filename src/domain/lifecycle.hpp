#pragma once

#include <optional>
#include <string>

#include "domain/catalog.hpp"
#include "domain/charge.hpp"
#include "domain/subscription.hpp"

namespace seatshift {

//! What time does to a subscription, each at its own instant:
//!   kEndOfSale    its SKU reached end of sale (or stopped being sold): auto-renew off for good
//!   kRenewal      term end, auto-renew on, SKU still sold: a new term, same quantity
//!   kExpiry       term end otherwise: active → expired (users keep working, warning units)
//!   kDisable      30 days after expiry: expired → disabled (users lose access)
//!   kDeprovision  90 days after disabling, or 120 days after suspension: → deleted
//!   kCharge       the start of a billing period of an active subscription
enum class LifecycleEvent { kEndOfSale, kRenewal, kExpiry, kDisable, kDeprovision, kCharge };

std::string_view ToString(LifecycleEvent event);

//! One event applied: the subscription after it and, for kCharge, the charge (nullopt when the
//! price list has no price for the subscription; `problem` then says so).
struct LifecycleStep {
  LifecycleEvent event = LifecycleEvent::kCharge;
  Instant at{};
  Subscription after;
  std::optional<Charge> charge;
  std::string problem;
};

//! What a lifecycle run did.
struct LifecycleTally {
  std::int64_t subscriptions = 0;  //!< subscriptions that changed
  std::int64_t renewals = 0;
  std::int64_t expiries = 0;
  std::int64_t disabled = 0;
  std::int64_t deprovisioned = 0;
  std::int64_t auto_renew_off = 0;
  std::int64_t charges = 0;
  std::int64_t unpriced_periods = 0;  //!< periods left uncharged: no price for them
  std::int64_t licenses_removed = 0;
  std::int64_t alerts_raised = 0;  //!< by the alert rules evaluated after the pass

  void Count(const LifecycleStep& step);
  LifecycleTally& operator+=(const LifecycleTally& other);
  std::int64_t Transitions() const {
    return renewals + expiries + disabled + deprovisioned + auto_renew_off;
  }
};

//! The instant the next event of `sub` is due, leaving out its SKU's end of sale (found by SKU
//! instead, as the catalog can move it): stores index subscriptions by this.
std::optional<Instant> NextDueAt(const Subscription& sub);

//! The earliest event of `sub` due at or before `until`, applied; nullopt when none is. Events
//! due at the same instant apply in the order of LifecycleEvent (end of sale before term end,
//! term end before the charge of the new term). Applying steps until this returns nullopt is
//! the whole lifecycle: running it again changes nothing.
std::optional<LifecycleStep> NextStep(const Subscription& sub, const Sku& sku, const Buyer& buyer,
                                      Instant until);

//! The first billing day of a subscription bought or imported at `at`: bought on its term start
//! day, the period starting then is charged; otherwise the next one (periods before seatshift
//! knew the subscription were billed elsewhere).
Date FirstChargeDay(const Subscription& sub, Instant at);

//! What a partner's change owes. A quantity change inside a period already charged is prorated
//! (Prorate); before the period is charged, its cycle charge simply uses the new quantity.
//! Seats given back within kFullRefundWindow of their purchase are refunded in full.
Result<std::optional<Charge>> SettleQuantityChange(const Subscription& before,
                                                   const Subscription& after, const Sku& sku,
                                                   const Buyer& buyer, Instant at);
//! A New Commerce cancellation inside its window: the charged period's remaining days are
//! refunded (in full within kFullRefundWindow of the purchase); nothing more is charged.
Result<std::optional<Charge>> SettleCancellation(const Subscription& before, const Sku& sku,
                                                 const Buyer& buyer, Instant at);
//! Reactivation: periods that began while suspended are not charged; the period the
//! subscription comes back in is charged from that day (prorated) unless it was charged before
//! the suspension. Moves `after.next_charge_on` past that period.
Result<std::optional<Charge>> SettleReactivation(Subscription& after, const Subscription& before,
                                                 const Sku& sku, const Buyer& buyer, Instant at);

}  // namespace seatshift
