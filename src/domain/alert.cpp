#include "domain/alert.hpp"

#include <fmt/format.h>

namespace seatshift {
namespace {

std::string Occurrence(const Uuid& resource, Instant about) {
  return fmt::format("{}@{}", resource.ToString(), FormatInstant(about));
}

bool Within(Instant due, Instant now, std::chrono::seconds horizon) {
  return due > now && due <= now + horizon;
}

//! A term ending within `horizon` days: counted in calendar days, as agents count them (a term
//! ending on the 31st is 30 days away on the 1st, whatever the hour).
bool EndsWithin(const Subscription& sub, Instant now, std::chrono::days horizon) {
  const Date today = DayOf(now);
  return sub.term_end >= today && sub.term_end <= today + horizon;
}

}  // namespace

Instant TermEndInstant(const Subscription& sub) {
  return StartOf(sub.term_end + std::chrono::days(1));
}

std::optional<AlertCandidate> AutoRenewOffEnding(const Subscription& sub, Instant now,
                                                 const AlertHorizons& horizons) {
  if (sub.status != SubscriptionStatus::kActive || sub.auto_renew) return std::nullopt;
  if (!EndsWithin(sub, now, horizons.auto_renew_off)) return std::nullopt;
  const Instant end = TermEndInstant(sub);
  return AlertCandidate{.rule = AlertRule::kAutoRenewOffEnding,
                        .occurrence = Occurrence(sub.id.value(), end),
                        .due_at = end};
}

std::optional<AlertCandidate> RenewingWithUnusedSeats(const Subscription& sub,
                                                      std::int64_t assigned, Instant now,
                                                      const AlertHorizons& horizons) {
  if (sub.status != SubscriptionStatus::kActive || !sub.auto_renew) return std::nullopt;
  const std::int64_t renewing = sub.scheduled ? sub.scheduled->quantity : sub.quantity;
  if (renewing <= assigned) return std::nullopt;
  if (!EndsWithin(sub, now, horizons.unused_seats)) return std::nullopt;
  const Instant end = TermEndInstant(sub);
  return AlertCandidate{.rule = AlertRule::kRenewingWithUnusedSeats,
                        .occurrence = Occurrence(sub.id.value(), end),
                        .due_at = end};
}

std::vector<AlertCandidate> CancellationWindowsClosing(const Subscription& sub, Instant now,
                                                       const AlertHorizons& horizons) {
  std::vector<AlertCandidate> out;
  if (sub.status != SubscriptionStatus::kActive) return out;
  for (const PurchaseLot& lot : sub.lots) {
    const Instant closes = lot.RefundableUntil();
    if (lot.quantity <= 0 || !Within(closes, now, horizons.cancellation_window)) continue;
    out.push_back({.rule = AlertRule::kCancellationWindowClosing,
                   .occurrence = Occurrence(sub.id.value(), closes),
                   .due_at = closes});
  }
  return out;
}

std::optional<AlertCandidate> MigrationNeedsAttention(const Migration& migration) {
  if (migration.status != MigrationStatus::kFailed &&
      migration.status != MigrationStatus::kPaused &&
      migration.status != MigrationStatus::kCompletedWithErrors) {
    return std::nullopt;
  }
  return AlertCandidate{
      .rule = AlertRule::kMigrationNeedsAttention,
      .occurrence = fmt::format("{}@{}@{}", ToString(migration.id), ToString(migration.status),
                                FormatInstant(migration.updated_at))};
}

}  // namespace seatshift
