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
                                    std::int64_t assigned_licenses, Date today) {
  SEATSHIFT_TRY(RequireChangeable(sub));
  SEATSHIFT_TRY(CheckQuantityRange(sku, quantity));
  if (quantity < assigned_licenses) {
    return Error(ErrorCode::kQuantityBelowAssigned,
                 fmt::format("quantity {} is below the {} license(s) assigned from {}", quantity,
                             assigned_licenses, Describe(sub)),
                 {{"assigned", assigned_licenses}, {"requested", quantity}});
  }
  if (quantity > sub.quantity) SEATSHIFT_TRY(CheckPurchasable(sku, today));
  Subscription next = sub;
  next.quantity = quantity;
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
