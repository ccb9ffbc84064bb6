#include "domain/lifecycle.hpp"

#include <fmt/format.h>
#include <array>

namespace seatshift {
namespace {

using S = SubscriptionStatus;

//! An event waiting for its instant. `sku` is null when the caller does not know the SKU
//! (NextDueAt): end of sale is then left out and term end is assumed to do something.
struct Pending {
  LifecycleEvent event;
  Instant at;
};

Instant TermEndsAt(const Subscription& sub) { return StartOf(sub.term_end + std::chrono::days(1)); }

bool Renews(const Subscription& sub, const Sku& sku) {
  return sub.auto_renew && sku.IsPurchasableOn(sub.term_end + std::chrono::days(1));
}

std::optional<Instant> EndOfSaleAt(const Subscription& sub, const Sku& sku) {
  if (!sub.auto_renew || (sub.status != S::kActive && sub.status != S::kSuspended)) {
    return std::nullopt;
  }
  if (!sku.end_of_sale) return std::nullopt;
  return std::max(StartOf(*sku.end_of_sale), sub.created_at);
}

//! Every event `sub` is waiting for, in no particular order.
std::vector<Pending> PendingEvents(const Subscription& sub, const Sku* sku) {
  std::vector<Pending> pending;
  if (sku) {
    if (const auto eos = EndOfSaleAt(sub, *sku))
      pending.push_back({LifecycleEvent::kEndOfSale, *eos});
  }
  switch (sub.status) {
    case S::kActive:
      pending.push_back({LifecycleEvent::kRenewal, TermEndsAt(sub)});  // or kExpiry: same instant
      if (sub.next_charge_on && *sub.next_charge_on <= sub.term_end) {
        pending.push_back({LifecycleEvent::kCharge, StartOf(*sub.next_charge_on)});
      }
      break;
    case S::kSuspended:
      // A suspended term still ends: it renews if it may (nothing is charged), or auto-renew
      // goes off; either way the 120-day deprovisioning is what ends the subscription.
      if (sub.auto_renew) pending.push_back({LifecycleEvent::kRenewal, TermEndsAt(sub)});
      if (const auto at = sub.DeprovisionAt())
        pending.push_back({LifecycleEvent::kDeprovision, *at});
      break;
    case S::kExpired:
      if (sub.status_changed_at) {
        pending.push_back({LifecycleEvent::kDisable, *sub.status_changed_at + kExpiredGracePeriod});
      }
      break;
    case S::kDisabled:
      if (sub.status_changed_at) {
        pending.push_back(
            {LifecycleEvent::kDeprovision, *sub.status_changed_at + kDisabledRetention});
      }
      break;
    case S::kDeleted:
      break;
  }
  return pending;
}

std::optional<Pending> Earliest(const std::vector<Pending>& pending) {
  std::optional<Pending> first;
  for (const Pending& p : pending) {
    if (!first || p.at < first->at || (p.at == first->at && p.event < first->event)) first = p;
  }
  return first;
}

void MarkStatus(Subscription& sub, S status, Instant at) {
  sub.status = status;
  sub.status_changed_at = at;
}

//! The next term as scheduled: its quantity, term and billing cycle, and its end (a term of
//! its own length from its start, or the custom end date; the term after it counts whole terms
//! from the day after).
void ApplyScheduledChange(Subscription& next, const ScheduledChange& change) {
  next.quantity = change.quantity;
  next.billing_cycle = change.billing_cycle;
  if (change.term != next.term || change.custom_term_end) {
    next.term = change.term;
    next.term_end = change.custom_term_end.value_or(TermEnd(next.term_start, change.term));
    next.term_anchor = next.term_end + std::chrono::days(1);
    if (!change.custom_term_end) next.term_anchor = next.term_start;
  }
  next.scheduled.reset();
}

LifecycleStep ApplyTermEnd(const Subscription& sub, const Sku& sku, Instant at) {
  LifecycleStep step{.event = LifecycleEvent::kRenewal, .at = at, .after = sub};
  Subscription& next = step.after;
  if (Renews(sub, sku)) {
    next.term_anchor = sub.term_anchor.value_or(sub.term_start);  // kept from now on
    next.term_start = sub.term_end + std::chrono::days(1);
    next.term_end = sub.NextTermEnd();
    next.price.reset();  // the new term's first charge prices it anew
    if (sku.commerce == Commerce::kNewCommerce) {
      if (sub.scheduled) ApplyScheduledChange(next, *sub.scheduled);
      next.lots = {{.quantity = next.quantity, .bought_at = at}};  // a new commitment
    }
  } else if (sub.status == S::kActive) {
    step.event = LifecycleEvent::kExpiry;
    MarkStatus(next, S::kExpired, at);
    next.next_charge_on.reset();
  } else {
    // Suspended, and its SKU stopped being sold without an end-of-sale date (retired).
    step.event = LifecycleEvent::kEndOfSale;
    next.auto_renew = false;
  }
  return step;
}

LifecycleStep ApplyCharge(const Subscription& sub, const Sku& sku, const Buyer& buyer, Instant at) {
  LifecycleStep step{.event = LifecycleEvent::kCharge, .at = at, .after = sub};
  const BillingPeriod period = PeriodContaining(sub, *sub.next_charge_on);
  step.after.next_charge_on = period.last + std::chrono::days(1);
  // The term's first charge fixes its price: the one in effect as its first period starts.
  auto price = TermPriceOf(sub, sku, buyer, period.first);
  if (!price) {
    step.problem = price.error().message;
    return step;
  }
  step.after.price = *price;
  if (auto charge = CycleCharge(sub, *price, buyer.currency, period, at)) {
    step.charge = std::move(*charge);
  } else {
    step.problem = charge.error().message;
  }
  return step;
}

//! Seats given back inside their window are refunded from the day they were bought when that
//! is within kFullRefundWindow (in full), otherwise from the day they are given back.
std::optional<Date> RefundFrom(const Subscription& before, std::int64_t seats, Instant at) {
  const auto bought = OldestLotReturned(before.lots, seats, at);
  if (bought && at < *bought + kFullRefundWindow) return DayOf(*bought);
  return std::nullopt;
}

}  // namespace

std::string_view ToString(LifecycleEvent event) {
  static constexpr std::array<std::string_view, 6> kNames{"endOfSale", "renewal",     "expiry",
                                                          "disable",   "deprovision", "charge"};
  return kNames.at(static_cast<std::size_t>(event));
}

void LifecycleTally::Count(const LifecycleStep& step) {
  switch (step.event) {
    case LifecycleEvent::kEndOfSale:
      ++auto_renew_off;
      break;
    case LifecycleEvent::kRenewal:
      ++renewals;
      break;
    case LifecycleEvent::kExpiry:
      ++expiries;
      break;
    case LifecycleEvent::kDisable:
      ++disabled;
      break;
    case LifecycleEvent::kDeprovision:
      ++deprovisioned;
      break;
    case LifecycleEvent::kCharge:
      ++(step.charge ? charges : unpriced_periods);
      break;
  }
}

LifecycleTally& LifecycleTally::operator+=(const LifecycleTally& o) {
  subscriptions += o.subscriptions;
  renewals += o.renewals;
  expiries += o.expiries;
  disabled += o.disabled;
  deprovisioned += o.deprovisioned;
  auto_renew_off += o.auto_renew_off;
  charges += o.charges;
  unpriced_periods += o.unpriced_periods;
  licenses_removed += o.licenses_removed;
  alerts_raised += o.alerts_raised;
  return *this;
}

std::optional<Instant> NextDueAt(const Subscription& sub) {
  const auto first = Earliest(PendingEvents(sub, nullptr));
  return first ? std::optional<Instant>(first->at) : std::nullopt;
}

std::optional<LifecycleStep> NextStep(const Subscription& sub, const Sku& sku, const Buyer& buyer,
                                      Instant until) {
  const auto first = Earliest(PendingEvents(sub, &sku));
  if (!first || first->at > until) return std::nullopt;
  switch (first->event) {
    case LifecycleEvent::kEndOfSale: {
      LifecycleStep step{.event = LifecycleEvent::kEndOfSale, .at = first->at, .after = sub};
      step.after = ApplyEndOfSale(sub);
      return step;
    }
    case LifecycleEvent::kRenewal:
    case LifecycleEvent::kExpiry:
      return ApplyTermEnd(sub, sku, first->at);
    case LifecycleEvent::kCharge:
      return ApplyCharge(sub, sku, buyer, first->at);
    case LifecycleEvent::kDisable: {
      LifecycleStep step{.event = LifecycleEvent::kDisable, .at = first->at, .after = sub};
      MarkStatus(step.after, S::kDisabled, first->at);
      return step;
    }
    case LifecycleEvent::kDeprovision: {
      LifecycleStep step{.event = LifecycleEvent::kDeprovision, .at = first->at, .after = sub};
      MarkStatus(step.after, S::kDeleted, first->at);
      step.after.next_charge_on.reset();
      return step;
    }
  }
  return std::nullopt;
}

Date FirstChargeDay(const Subscription& sub, Instant at) {
  const Date today = DayOf(at);
  if (today <= sub.term_start) return sub.term_start;
  return PeriodContaining(sub, today).last + std::chrono::days(1);
}

Result<std::optional<Charge>> SettleQuantityChange(const Subscription& before,
                                                   const Subscription& after, const Sku& sku,
                                                   const Buyer& buyer, Instant at) {
  if (after.status != S::kActive || !before.next_charge_on) return std::optional<Charge>();
  const BillingPeriod period = PeriodContaining(before, DayOf(at));
  if (*before.next_charge_on <= period.first) return std::optional<Charge>();  // not charged yet
  const std::int64_t delta = after.quantity - before.quantity;
  return Prorate(after, sku, buyer, period, delta, at,
                 delta < 0 ? RefundFrom(before, -delta, at) : std::nullopt);
}

Result<std::optional<Charge>> SettleCancellation(const Subscription& before, const Sku& sku,
                                                 const Buyer& buyer, Instant at) {
  if (!before.next_charge_on) return std::optional<Charge>();
  const BillingPeriod period = PeriodContaining(before, DayOf(at));
  if (*before.next_charge_on <= period.first) return std::optional<Charge>();  // not charged yet
  return Prorate(before, sku, buyer, period, -before.quantity, at,
                 RefundFrom(before, before.quantity, at));
}

Result<std::optional<Charge>> SettleReactivation(Subscription& after, const Subscription& before,
                                                 const Sku& sku, const Buyer& buyer, Instant at) {
  const BillingPeriod period = PeriodContaining(after, DayOf(at));
  const bool charged = before.next_charge_on && *before.next_charge_on > period.first;
  // Never back: a period is charged once (the store refuses a second cycle charge).
  after.next_charge_on =
      std::max(period.last + std::chrono::days(1), before.next_charge_on.value_or(Date{}));
  if (charged) return std::optional<Charge>();
  return Prorate(after, sku, buyer, period, after.quantity, at);
}

}  // namespace seatshift
