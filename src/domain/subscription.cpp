#include "domain/subscription.hpp"

#include <fmt/format.h>

#include "domain/display_text.hpp"

#include <algorithm>
#include <array>

namespace seatshift {
namespace {

constexpr std::array<std::pair<SubscriptionStatus, std::string_view>, 5> kNames{{
    {SubscriptionStatus::kActive, "active"},
    {SubscriptionStatus::kSuspended, "suspended"},
    {SubscriptionStatus::kExpired, "expired"},
    {SubscriptionStatus::kDisabled, "disabled"},
    {SubscriptionStatus::kDeleted, "deleted"},
}};

std::string Describe(const Subscription& sub) {
  return fmt::format("subscription {}", sub.id.value().ToString());
}

Error Refuse(const Subscription& sub, SubscriptionStatus to) {
  return Error(ErrorCode::kInvalidStatusTransition,
               fmt::format("{} is {} and cannot become {}", Describe(sub), ToString(sub.status),
                           ToString(to)),
               {{"status", std::string(ToString(sub.status))}});
}

//! Partner changes (quantity, auto-renew, name) need an active subscription; the error says
//! precisely why not, with the API's code for each case.
Status RequireChangeable(const Subscription& sub) {
  switch (sub.status) {
    case SubscriptionStatus::kActive:
      return OkStatus();
    case SubscriptionStatus::kDeleted:
      return Error(ErrorCode::kSubscriptionDeleted,
                   fmt::format("{} is deleted and cannot be updated", Describe(sub)));
    case SubscriptionStatus::kSuspended:
      return Error(ErrorCode::kSubscriptionSuspended,
                   fmt::format("{} is suspended: only reactivation is allowed", Describe(sub)));
    case SubscriptionStatus::kExpired:
    case SubscriptionStatus::kDisabled:
      break;
  }
  return Error(ErrorCode::kInvalidStatusTransition,
               fmt::format("{} is {}: purchase a new subscription instead", Describe(sub),
                           ToString(sub.status)),
               {{"status", std::string(ToString(sub.status))}});
}

void MarkStatus(Subscription& sub, SubscriptionStatus status, Instant at) {
  sub.status = status;
  sub.status_changed_at = at;
}

}  // namespace

std::string_view ToString(SubscriptionStatus status) {
  for (const auto& [value, name] : kNames) {
    if (value == status) return name;
  }
  return "unknown";
}

std::optional<SubscriptionStatus> ParseSubscriptionStatus(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::optional<Instant> Subscription::DeprovisionAt() const {
  if (status != SubscriptionStatus::kSuspended || !suspended_at) return std::nullopt;
  return *suspended_at + kDeprovisionAfterSuspension;
}

Date Subscription::NextTermEnd() const {
  const int months = MonthsIn(term);
  const Date anchor = term_anchor.value_or(term_start);
  const Date next_start = term_end + std::chrono::days(1);
  int terms = 1;
  while (AddMonths(anchor, terms * months) <= next_start) ++terms;
  return AddMonths(anchor, terms * months) - std::chrono::days(1);
}

std::optional<Instant> Subscription::CancellationAllowedUntil() const {
  if (lots.empty()) return std::nullopt;
  return lots.front().RefundableUntil();
}

bool IsAllowedTransition(SubscriptionStatus from, SubscriptionStatus to) {
  using S = SubscriptionStatus;
  switch (from) {
    case S::kActive:
      return to == S::kActive || to == S::kSuspended || to == S::kExpired;
    case S::kSuspended:
      return to == S::kActive || to == S::kDeleted;
    case S::kExpired:
      return to == S::kDisabled;
    case S::kDisabled:
      return to == S::kDeleted;
    case S::kDeleted:
      return false;
  }
  return false;
}

Result<Subscription> Suspend(const Subscription& sub, Instant now, std::int64_t assigned_licenses,
                             bool force, std::string reason) {
  if (sub.status == SubscriptionStatus::kSuspended) return sub;  // asking twice changes nothing
  if (sub.status == SubscriptionStatus::kDeleted) SEATSHIFT_TRY(RequireChangeable(sub));
  if (!IsAllowedTransition(sub.status, SubscriptionStatus::kSuspended)) {
    return Refuse(sub, SubscriptionStatus::kSuspended);
  }
  if (assigned_licenses > 0 && !force) {
    return Error(ErrorCode::kLicensesStillAssigned,
                 fmt::format("{} still has {} assigned license(s); reassign them first or force",
                             Describe(sub), assigned_licenses),
                 {{"count", assigned_licenses}});
  }
  Subscription next = sub;
  MarkStatus(next, SubscriptionStatus::kSuspended, now);
  next.scheduled.reset();
  next.suspended_at = now;
  next.suspension_reasons = {reason.empty() ? std::string("partner") : std::move(reason)};
  return next;
}

Result<Subscription> Reactivate(const Subscription& sub, Instant now) {
  if (sub.status == SubscriptionStatus::kActive) return sub;
  if (sub.status == SubscriptionStatus::kDeleted) SEATSHIFT_TRY(RequireChangeable(sub));
  if (sub.status != SubscriptionStatus::kSuspended) return Refuse(sub, SubscriptionStatus::kActive);
  if (const auto deadline = sub.DeprovisionAt(); deadline && now >= *deadline) {
    return Error(ErrorCode::kSubscriptionDeleted,
                 fmt::format("{} was due for deprovisioning on {} and cannot be reactivated",
                             Describe(sub), FormatInstant(*deadline)));
  }
  if (DayOf(now) > sub.term_end) {
    return Error(ErrorCode::kInvalidStatusTransition,
                 fmt::format("{}'s term ended on {} while it was suspended: purchase a new "
                             "subscription instead",
                             Describe(sub), FormatDate(sub.term_end)),
                 {{"status", std::string(ToString(sub.status))}});
  }
  Subscription next = sub;
  MarkStatus(next, SubscriptionStatus::kActive, now);
  next.suspended_at.reset();
  next.suspension_reasons.clear();
  return next;
}

Result<Subscription> ChangeQuantity(const Subscription& sub, const Sku& sku, std::int64_t quantity,
                                    std::int64_t assigned_licenses, Instant now) {
  SEATSHIFT_TRY(RequireChangeable(sub));
  SEATSHIFT_TRY(CheckQuantityRange(sku, quantity));
  if (quantity < assigned_licenses) {
    return Error(ErrorCode::kQuantityBelowAssigned,
                 fmt::format("quantity {} is below the {} license(s) assigned from {}", quantity,
                             assigned_licenses, Describe(sub)),
                 {{"assigned", assigned_licenses}, {"requested", quantity}});
  }
  if (quantity > sub.quantity) SEATSHIFT_TRY(CheckPurchasable(sku, DayOf(now)));
  Subscription next = sub;
  next.quantity = quantity;
  next.scheduled.reset();
  if (sku.commerce == Commerce::kLegacy) return next;
  if (quantity > sub.quantity) {
    next.lots.push_back({.quantity = quantity - sub.quantity, .bought_at = now});
    return next;
  }
  const std::int64_t returned = sub.quantity - quantity;
  const std::int64_t refundable = RefundableQuantity(sub.lots, now);
  if (returned > refundable) {
    return Error(ErrorCode::kReductionWindowClosed,
                 fmt::format("{} cannot go down by {}: only {} seat(s) are still inside their "
                             "cancellation window, and the customer is committed to the rest "
                             "until {}; schedule the decrease for the renewal instead",
                             Describe(sub), returned, refundable, FormatDate(sub.term_end)),
                 {{"refundableQuantity", refundable},
                  {"requested", quantity},
                  {"commitmentEndDate", FormatDate(sub.term_end)}});
  }
  next.lots = ReturnSeats(sub.lots, returned, now);
  return next;
}

Result<Subscription> ChangeAutoRenew(const Subscription& sub, const Sku& sku, bool enabled,
                                     Date today) {
  SEATSHIFT_TRY(RequireChangeable(sub));
  if (enabled && !sku.IsPurchasableOn(today)) {
    std::vector<std::string> replacements;
    for (const SkuId& r : sku.replacements) replacements.push_back(r.value());
    return Error(
        ErrorCode::kAutoRenewLocked,
        fmt::format("auto-renew cannot be enabled: {} is past its end of sale", sku.id.value()),
        {{"replacementSkuIds", std::move(replacements)}});
  }
  Subscription next = sub;
  next.auto_renew = enabled;
  if (!enabled) next.scheduled.reset();
  return next;
}

Result<Subscription> Cancel(const Subscription& sub, const Sku& sku, Instant now,
                            std::int64_t assigned_licenses) {
  if (sub.status == SubscriptionStatus::kDeleted) return sub;  // asking twice changes nothing
  SEATSHIFT_TRY(RequireChangeable(sub));
  if (sku.commerce == Commerce::kLegacy) {
    return Error(ErrorCode::kInvalidStatusTransition,
                 fmt::format("{} is a legacy subscription: suspend it instead (it is "
                             "deprovisioned {} days later at no cost)",
                             Describe(sub), kDeprovisionAfterSuspension.count()),
                 {{"status", std::string(ToString(sub.status))}});
  }
  const auto deadline = sub.CancellationAllowedUntil();
  if (!deadline || now >= *deadline) {
    Parameters parameters{{"commitmentEndDate", FormatDate(sub.term_end)}};
    if (deadline) parameters.push_back({"cancellationAllowedUntilDate", FormatInstant(*deadline)});
    return Error(
        ErrorCode::kCancellationWindowClosed,
        deadline ? fmt::format("{} can no longer be cancelled: its cancellation window "
                               "closed at {}; the customer is committed until {}",
                               Describe(sub), FormatInstant(*deadline), FormatDate(sub.term_end))
                 : fmt::format("{} was bought before seatshift knew it and cannot be "
                               "cancelled; the customer is committed until {}",
                               Describe(sub), FormatDate(sub.term_end)),
        std::move(parameters));
  }
  if (assigned_licenses > 0) {
    return Error(ErrorCode::kLicensesStillAssigned,
                 fmt::format("{} still has {} assigned license(s); remove them first",
                             Describe(sub), assigned_licenses),
                 {{"count", assigned_licenses}});
  }
  Subscription next = sub;
  MarkStatus(next, SubscriptionStatus::kDeleted, now);
  next.auto_renew = false;
  next.scheduled.reset();
  next.next_charge_on.reset();
  next.lots = ReturnSeats(sub.lots, sub.quantity, now);
  return next;
}

Result<Subscription> ScheduleNextTerm(const Subscription& sub, const Sku& sku,
                                      std::optional<ScheduledChange> change,
                                      std::int64_t assigned_licenses) {
  SEATSHIFT_TRY(RequireChangeable(sub));
  Subscription next = sub;
  next.scheduled = std::move(change);
  if (!next.scheduled) return next;
  const ScheduledChange& c = *next.scheduled;
  const auto refuse = [&](std::string message) {
    return Error(ErrorCode::kBadRequest, std::move(message),
                 {{"field", std::string("scheduledNextTermInstructions")}});
  };
  if (sku.commerce == Commerce::kLegacy) {
    return Error(ErrorCode::kLegacySubscription,
                 fmt::format("{} is a legacy subscription: it renews as it is", Describe(sub)));
  }
  if (!sub.auto_renew) {
    return refuse(
        fmt::format("{} does not renew: turn auto-renew on before scheduling its next "
                    "term",
                    Describe(sub)));
  }
  if (c.sku_id != sub.sku_id) {
    return refuse(
        fmt::format("the next term of {} is scheduled for {}, its own SKU {}: another "
                    "product at renewal is a scheduled transition",
                    Describe(sub), c.sku_id.value(), sub.sku_id.value()));
  }
  if (!sku.Sells(c.term, c.billing_cycle)) {
    return refuse(fmt::format("{} is not sold for a {} term billed {}", sku.id.value(),
                              ToString(c.term), ToString(c.billing_cycle)));
  }
  SEATSHIFT_TRY(CheckQuantityRange(sku, c.quantity));
  if (c.quantity < assigned_licenses) {
    return Error(ErrorCode::kQuantityBelowAssigned,
                 fmt::format("the next term's quantity {} is below the {} license(s) assigned "
                             "from {}",
                             c.quantity, assigned_licenses, Describe(sub)),
                 {{"assigned", assigned_licenses}, {"requested", c.quantity}});
  }
  return next;
}

Result<Subscription> Rename(const Subscription& sub, std::string friendly_name) {
  SEATSHIFT_TRY(RequireChangeable(sub));
  SEATSHIFT_TRY(CheckDisplayText("friendlyName", friendly_name, kMaxFriendlyNameBytes));
  Subscription next = sub;
  next.friendly_name = std::move(friendly_name);
  return next;
}

Subscription ApplyEndOfSale(Subscription sub) {
  sub.auto_renew = false;
  return sub;
}

}  // namespace seatshift
