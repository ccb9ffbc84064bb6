#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/catalog.hpp"
#include "domain/commitment.hpp"
#include "domain/ids.hpp"
#include "domain/pricing.hpp"

namespace seatshift {

enum class SubscriptionStatus { kActive, kSuspended, kExpired, kDisabled, kDeleted };

std::string_view ToString(SubscriptionStatus status);
std::optional<SubscriptionStatus> ParseSubscriptionStatus(std::string_view text);

//! A suspended subscription is deprovisioned (deleted) this long after its suspension.
inline constexpr std::chrono::days kDeprovisionAfterSuspension{120};
//! An expired subscription keeps its users working this long (licenses are warning units)...
inline constexpr std::chrono::days kExpiredGracePeriod{30};
//! ...then it is disabled (users lose access) for this long before it is deleted.
inline constexpr std::chrono::days kDisabledRetention{90};

struct Subscription {
  SubscriptionId id;
  CustomerId customer_id;
  SkuId sku_id;
  std::string friendly_name;
  std::int64_t quantity = 0;
  SubscriptionStatus status = SubscriptionStatus::kActive;
  Date term_start{};
  Date term_end{};  //!< last day of the current term
  //! The first day of the first term; terms count whole months from it (nullopt: term_start).
  std::optional<Date> term_anchor;
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  bool auto_renew = true;
  std::vector<std::string> suspension_reasons;
  std::optional<Instant> suspended_at;
  std::optional<Instant> status_changed_at;
  std::optional<OrderId> order_id;
  Instant created_at{};
  //! The first day of the billing period not charged yet; nullopt once nothing is charged any
  //! more (expired, deleted). Frozen while suspended: periods that start then are not charged.
  std::optional<Date> next_charge_on;
  //! One seat's price for a billing period, fixed for the current term when its first period is
  //! charged (at purchase, at renewal, or at the first charge of a subscription found mid-term);
  //! nullopt until then. Prices change at renewal, never mid-term.
  std::optional<TermPrice> price;
  //! New Commerce: the seats bought in the current term, its purchase (or renewal) first, then
  //! each increase; empty for legacy subscriptions and for ones bought before seatshift knew
  //! them (nothing of theirs can be given back).
  std::vector<PurchaseLot> lots;
  //! New Commerce: what the next term will be, applied at renewal (cleared by any immediate
  //! change, as Partner Center does).
  std::optional<ScheduledChange> scheduled;
  //! Bumped by the store on every committed change; the API's ETag.
  std::int64_t version = 1;

  bool operator==(const Subscription&) const = default;

  //! Set while suspended: the day the subscription will be deprovisioned if not reactivated.
  std::optional<Instant> DeprovisionAt() const;

  //! The last day of the term that follows the current one. Terms count whole months from the
  //! anchor, so a subscription bought on the 31st keeps ending the day before each month's 31st
  //! (or last day) instead of drifting to the 28th after February.
  Date NextTermEnd() const;

  //! The last instant the current term's purchase (or renewal) can be cancelled with a refund;
  //! nullopt when it never could (legacy, or bought before seatshift knew it).
  std::optional<Instant> CancellationAllowedUntil() const;
  //! The term the subscription renews for: the scheduled one, or its own.
  TermDuration RenewalTerm() const { return scheduled ? scheduled->term : term; }
};

//! The one plan to sell a customer instead of a subscription's SKU (the migration planner's
//! recommendation), and how many licenses: the users holding the SKU.
struct RecommendedReplacement {
  SkuId sku_id;
  std::string title;
  std::int64_t quantity = 0;
  bool operator==(const RecommendedReplacement&) const = default;
};

//! A row of the partner-wide search (the report the retirement procedure starts from).
struct SubscriptionAtRisk {
  Subscription subscription;
  std::string offer_name;
  std::int64_t days_until_end = 0;
  std::int64_t assigned_licenses = 0;  //!< of its SKU at its customer
  //! Seats of its SKU at its customer no license uses, at most its own quantity: what renewing
  //! it as it is pays for nothing.
  std::int64_t unused_seats = 0;
  std::vector<SkuId> replacements;  //!< what its SKU's vendor says to sell instead
  //! Its customer: company name, domain and segment.
  std::string company_name;
  std::string domain;
  Segment segment = Segment::kCommercial;
  //! nullopt when the SKU has no replacement the customer could be sold.
  std::optional<RecommendedReplacement> recommended;
};

//! Whether the status machine has an edge from `from` to `to` (a renewal is active → active).
bool IsAllowedTransition(SubscriptionStatus from, SubscriptionStatus to);

// Changes a partner may ask for. Each returns the changed subscription or says why not; none
// of them touches the version (the store bumps it when the change commits).

//! active → suspended. Refused while `assigned_licenses` > 0 unless `force`.
Result<Subscription> Suspend(const Subscription& sub, Instant now, std::int64_t assigned_licenses,
                             bool force, std::string reason);
//! suspended → active, before its deprovisioning.
Result<Subscription> Reactivate(const Subscription& sub, Instant now);
//! A new seat count: within the SKU's range, not below the licenses assigned from it, and no
//! increase once the SKU is past end of sale (that would be a new purchase). New Commerce: an
//! increase is a new purchase lot (co-termed: it ends with the term); a decrease gives back
//! seats still inside their lot's cancellation window, and is refused past it with the date
//! the customer is committed until (schedule it for the renewal instead). Clears a scheduled
//! change.
Result<Subscription> ChangeQuantity(const Subscription& sub, const Sku& sku, std::int64_t quantity,
                                    std::int64_t assigned_licenses, Instant now);
//! Auto-renew cannot be switched on once the SKU is past end of sale (800093). Switching it off
//! clears a scheduled change: there is no next term.
Result<Subscription> ChangeAutoRenew(const Subscription& sub, const Sku& sku, bool enabled,
                                     Date today);
//! New Commerce cancellation (status "deleted"): allowed while every seat is inside its lot's
//! window, i.e. before CancellationAllowedUntil; refused after it with the commitment's end.
//! Legacy subscriptions are suspended instead (deprovisioned 120 days later at no cost).
Result<Subscription> Cancel(const Subscription& sub, const Sku& sku, Instant now,
                            std::int64_t assigned_licenses);
//! Sets (or, with nullopt, clears) what the next term will be. New Commerce only, active and
//! renewing; the SKU stays the same (a product change at renewal is a scheduled transition);
//! the term and billing cycle are ones the SKU sells (`sku.TermOptions()`); the quantity within
//! the SKU's range and not below the licenses assigned. The custom end date is checked by the
//! caller (it needs the customer's other subscriptions: CheckCustomTermEnd).
Result<Subscription> ScheduleNextTerm(const Subscription& sub, const Sku& sku,
                                      std::optional<ScheduledChange> change,
                                      std::int64_t assigned_licenses);
//! The longest friendly name, in bytes (see CheckDisplayText for what it may hold).
inline constexpr std::size_t kMaxFriendlyNameBytes = 200;

Result<Subscription> Rename(const Subscription& sub, std::string friendly_name);

// Time-driven transitions live in domain/lifecycle.hpp.

//! The SKU reached end of sale: auto-renew goes off for good.
Subscription ApplyEndOfSale(Subscription sub);

}  // namespace seatshift
