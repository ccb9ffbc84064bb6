#pragma once

// Partner Center's New Commerce transitions (the successor of upgrades) on the upgrade engine:
// a transition is an upgrade of one subscription, stored and run as a migration whose id is
// the transition's operation id.

#include <optional>
#include <string>
#include <vector>

#include "service/migration_service.hpp"
#include "service/upgrade_service.hpp"

namespace seatshift::service {

//! What a client POSTs to .../transitions.
struct TransitionRequest {
  UpgradeRequest upgrade;  //!< toCatalogItemId, quantity, transition type
  //! Like for like: when given, the source's own term and billing cycle (the target is bought
  //! for those); anything else is refused rather than silently changed.
  std::optional<TermDuration> term;
  std::optional<BillingCycle> billing_cycle;
  //! The customer's subscription of the target the seats are added to; when given it must be
  //! the one the engine adds to (the largest active one of the target SKU).
  std::optional<SubscriptionId> to_subscription;
};

//! A transition as stored: its migration, and whether it moved licenses.
struct Transition {
  MigrationDetails migration;
  SubscriptionId from_subscription;
  bool license_transfer = false;
};

class TransitionService {
 public:
  explicit TransitionService(Dependencies deps) : deps_(deps) {}

  //! Checks the request against the source and the customer's target subscriptions, then runs
  //! it as UpgradeService::Perform does (a retried request id continues the same transition).
  //! An ineligible transition stores nothing and is refused (400) with the upgrade errors.
  Result<Transition> Perform(const RequestContext& ctx, const CustomerId& customer,
                             const SubscriptionId& subscription, const TransitionRequest& request);

  //! The targets the subscription can transition to now (the upgrade engine's List).
  //! 900263 for a legacy subscription (its path is the upgrade).
  Result<std::vector<Upgrade>> Eligibilities(const RequestContext& ctx, const CustomerId& customer,
                                             const SubscriptionId& subscription);

  //! The subscription's transitions, newest first; only `operation` when given (404 when it is
  //! not a transition of this subscription).
  Result<std::vector<Transition>> List(const RequestContext& ctx, const CustomerId& customer,
                                       const SubscriptionId& subscription,
                                       const std::optional<MigrationId>& operation);

 private:
  //! The subscription, refused with 900263 when it is legacy.
  Result<Subscription> NewCommerceSource(const RequestContext& ctx, const CustomerId& customer,
                                         const SubscriptionId& subscription);
  Status CheckTarget(const RequestContext& ctx, const Subscription& source,
                     const TransitionRequest& request);
  Result<Transition> Load(const RequestContext& ctx, const MigrationId& id,
                          const SubscriptionId& subscription);

  Dependencies deps_;
};

}  // namespace seatshift::service
