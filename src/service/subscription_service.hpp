#pragma once

#include "service/request_context.hpp"

namespace seatshift::service {

//! A partial update (PATCH): only the fields that are set change.
struct SubscriptionPatch {
  //! kSuspended, kActive (reactivate) or kDeleted (a New Commerce cancellation in its window)
  std::optional<SubscriptionStatus> status;
  std::optional<std::int64_t> quantity;
  std::optional<bool> auto_renew;
  std::optional<std::string> friendly_name;
  //! Set: the next term is scheduled as given, or (inner nullopt) no longer scheduled. A value
  //! equal to the stored one is no change (a client sending back the resource it read).
  std::optional<std::optional<ScheduledChange>> scheduled;
  std::string suspension_reason;  //!< with status kSuspended; default "partner"
  bool force = false;             //!< suspend even though users hold its licenses
  //! The ETag the caller last saw; a different stored version refuses the patch (2055).
  std::optional<std::int64_t> if_match;
};

using seatshift::SubscriptionAtRisk;

//! A subscription with its offer's name: its SKU's title, or the SKU id when the catalog does
//! not hold it.
struct NamedSubscription {
  Subscription subscription;
  std::string offer_name;
};

class SubscriptionService {
 public:
  explicit SubscriptionService(Dependencies deps) : deps_(deps) {}

  Result<Subscription> Get(const RequestContext& ctx, const CustomerId& customer,
                           const SubscriptionId& id);
  //! A page of subscriptions with their offers' names, read in one transaction.
  Result<store::Page<NamedSubscription>> List(const RequestContext& ctx,
                                              const store::SubscriptionFilter& filter,
                                              const store::PageRequest& page);
  //! Subscriptions of every customer matching `filter`, with what an agent needs to act on
  //! them. Requires the reports permission.
  Result<store::Page<SubscriptionAtRisk>> Search(const RequestContext& ctx,
                                                 const store::SubscriptionFilter& filter,
                                                 const store::PageRequest& page);
  //! Applies the patch in one transaction: reactivation first, then quantity, auto-renew and
  //! name, suspension last, each checked by the domain's status machine.
  Result<Subscription> Update(const RequestContext& ctx, const CustomerId& customer,
                              const SubscriptionId& id, const SubscriptionPatch& patch);

  //! Update's work in the caller's transaction, without the permission check (the caller did
  //! it) and without committing: the migration engine records its step in the same one.
  //! REQUIRES: the customer is locked in `tx`.
  Result<Subscription> Apply(store::WriteTransaction& tx, const RequestContext& ctx,
                             const CustomerId& customer, const SubscriptionId& id,
                             const SubscriptionPatch& patch);

  //! The days a new subscription of `term` bought today may end on instead of its own end
  //! (Partner Center's customTermEndDates): month ends and the customer's other New Commerce
  //! subscriptions' ends.
  Result<std::vector<CustomTermEnd>> CustomTermEndsFor(const RequestContext& ctx,
                                                       const CustomerId& customer,
                                                       TermDuration term);

  //! Schedules every renewing New Commerce subscription of the customer (or only `only`) to
  //! renew with as many seats as licenses are assigned from it: the seats nobody uses are not
  //! bought again. Subscriptions with no unused seat are left as they are. Returns the ones
  //! changed.
  Result<std::vector<Subscription>> ReduceToAssignedAtRenewal(
      const RequestContext& ctx, const CustomerId& customer,
      const std::optional<SubscriptionId>& only);

  Date Today() const { return deps_.clock.Today(); }
  Instant Now() const { return deps_.clock.Now(); }

 private:
  Dependencies deps_;
};

Error SubscriptionNotFound(const SubscriptionId& id);

}  // namespace seatshift::service
