#pragma once

// Subscriptions and the lifecycle engine's work lists.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "domain/customer.hpp"
#include "domain/subscription.hpp"
#include "store/paging.hpp"

namespace seatshift::store {

struct SubscriptionFilter {
  std::optional<CustomerId> customer_id;
  std::optional<SkuId> sku_id;
  std::optional<SubscriptionStatus> status;
  std::optional<bool> auto_renew;
  std::optional<Date> ends_before;  //!< term ends before this day
  std::optional<OrderId> order_id;  //!< bought by this order
  //! Only subscriptions of a SKU the customer will renew seats of that no license uses (seats at
  //! renewal: the scheduled quantity, else the quantity): where money is lost at a renewal.
  bool unused_seats = false;
  //! The page order: soonest term end first (then by id) instead of by id alone.
  bool by_end_date = false;
};

//! What can take service away from users by some day: the service-loss forecast's candidates.
struct LapsingFilter {
  //! Active subscriptions count when their term ends before this day and they will not renew:
  //! auto-renew off, or of a SKU in `not_renewing` (no longer sold when the term ends).
  Date ends_before{};
  std::vector<SkuId> not_renewing;
  //! Only subscriptions of these SKUs; nullopt = of every SKU.
  std::optional<std::vector<SkuId>> skus;
};

//! A subscription the lifecycle engine works on, with what it needs from its customer.
struct LifecycleCandidate {
  Subscription subscription;
  std::string currency;
  std::string country;  //!< the price list's market
  Segment segment = Segment::kCommercial;

  //! `sub` of `customer`, as the lifecycle engine needs them.
  static LifecycleCandidate Of(Subscription sub, const Customer& customer) {
    return {.subscription = std::move(sub),
            .currency = customer.currency,
            .country = customer.country,
            .segment = customer.segment};
  }
};

//! Reads, in any transaction.
class SubscriptionReads {
 public:
  virtual ~SubscriptionReads() = default;

  virtual std::optional<Subscription> FindSubscription(const CustomerId& customer,
                                                       const SubscriptionId& id) = 0;
  //! Ordered by creation; the filter's fields combine with AND.
  virtual Result<Page<Subscription>> ListSubscriptions(const SubscriptionFilter& filter,
                                                       const PageRequest& page) = 0;
  //! Active subscriptions with a purchase lot whose cancellation window is still open at `now`
  //! (the alert that one closes), by key.
  virtual Result<Page<Subscription>> ListInCancellationWindow(Instant now,
                                                              const PageRequest& page) = 0;
  //! Up to `limit` customers, in id order after `after` (nullopt = from the first), holding a
  //! subscription that is suspended, expired or disabled, or active and matching `filter`, of a
  //! SKU (one of `filter.skus`, if set) they have licenses assigned of. Reads the indexes of such
  //! subscriptions only, never all of them.
  virtual std::vector<CustomerId> CustomersWithLapsingSubscriptions(
      const LapsingFilter& filter, const std::optional<CustomerId>& after, int limit) = 0;
  //! How many subscriptions have something due at or before `until` (progress reports).
  virtual std::int64_t CountDue(Instant until) = 0;
};

//! Changes, in a write transaction; any may throw TransientError (see WriteTransaction).
class SubscriptionWrites {
 public:
  virtual ~SubscriptionWrites() = default;

  //! FindSubscription that also keeps other writers off the row until this transaction ends
  //! (SELECT ... FOR UPDATE), so that a read-change-write of it cannot lose to a concurrent
  //! writer (the lifecycle engine) between the read and the version-checked write.
  virtual std::optional<Subscription> LockSubscription(const CustomerId& customer,
                                                       const SubscriptionId& id) = 0;
  virtual Status InsertSubscription(const Subscription& sub) = 0;
  //! Stores `sub` if the stored version is still `sub.version`, bumping it; returns the new
  //! version, or kEtagMismatch when another change came first.
  virtual Result<std::int64_t> UpdateSubscription(const Subscription& sub) = 0;
  // The lifecycle engine's work lists. Backends index every subscription by NextDueAt(sub),
  // computed when it is written. The rows returned are this transaction's to change: other
  // writers wait for it (SQLite) or skip them (a backend with row locks).
  //! Up to `limit` subscriptions with something due at or before `until`, earliest first,
  //! skipping rows another transaction holds. `wait_for_held`: waits for those instead (a run
  //! whose horizon is later than the holder's must not leave them behind), and returns them
  //! if they are still due once their holder ends.
  virtual std::vector<LifecycleCandidate> ClaimDue(Instant until, int limit,
                                                   bool wait_for_held = false) = 0;
  //! Up to `limit` active or suspended auto-renewing subscriptions of `skus` (the SKUs whose
  //! end of sale has come), for the engine to switch auto-renew off.
  virtual std::vector<LifecycleCandidate> ClaimAutoRenewing(const std::vector<SkuId>& skus,
                                                            int limit) = 0;
};

}  // namespace seatshift::store
