#pragma once

// What the migration planner reads about one customer, and the rules both the recommendation
// (migration_recommend.hpp) and the per-customer plan (migration_plan.hpp) derive from it.
// Pure: the service fills a CustomerEstate from the store.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "domain/catalog.hpp"
#include "domain/customer.hpp"
#include "domain/ids.hpp"
#include "domain/license.hpp"
#include "domain/money.hpp"
#include "domain/subscription.hpp"

namespace seatshift {

//! How many seats of the target a migration buys (or adds).
enum class SeatPolicy {
  kAssigned,        //!< one per user holding the source license
  kSourceQuantity,  //!< as many as the source subscription(s) have
};

std::string_view ToString(SeatPolicy policy);  //!< "assigned", "source_quantity"
std::optional<SeatPolicy> ParseSeatPolicy(std::string_view text);

//! One customer as the planner sees it on the planned run day.
struct CustomerEstate {
  Customer customer;
  //! Every subscription of the customer (any SKU, any status): the source subscriptions and
  //! any subscription it already holds of a target are found here.
  std::vector<Subscription> subscriptions;
  //! The licenses of the source SKU its users hold, grouped by their excluded plans (groups of
  //! other SKUs are ignored).
  std::vector<LicenseGroup> source_licenses;
  //! Licenses assigned per SKU at the customer; judges the free seats of a target it holds.
  std::map<SkuId, std::int64_t> assigned_licenses;
  Date today{};  //!< the day the migration is planned to run
  //! The one source subscription a migration replaces (an upgrade of one subscription);
  //! nullopt: every source subscription of the customer.
  std::optional<SubscriptionId> only_source;
  //! The partner's margin rules (MarginFor picks the one for this customer).
  std::vector<MarginRule> margins;

  //! The customer as pricing sees it.
  Buyer AsBuyer() const;
};

//! The source subscriptions a migration replaces: the customer's active subscriptions of the
//! source SKU (together they carry its licenses, and step C suspends each); when none is active,
//! the non-deleted ones (expired, disabled or suspended; the plan warns). Ordered with the
//! latest term end first, then by id, so the first is the one the API reports. With
//! `estate.only_source`: that subscription alone, if it is a live one of `source`.
std::vector<Subscription> SourceSubscriptions(const CustomerEstate& estate, const SkuId& source);

//! Distinct users holding a license of `source`.
std::int64_t UsersHolding(const CustomerEstate& estate, const SkuId& source);

//! The users a migration moves: every holder of `source`; with `estate.only_source`, as many as
//! rest on that subscription's seats (LicensesDependingOn: the customer's other active
//! subscriptions of `source` keep carrying the rest).
std::int64_t UsersToMove(const CustomerEstate& estate, const SkuId& source);

//! Seats the policy asks for: the users to move, or the summed quantity of the source
//! subscriptions. Before clamping to the target's range.
std::int64_t SeatsWanted(const CustomerEstate& estate, const SkuId& source, SeatPolicy policy);

//! The term and billing cycle of a new target subscription: those of the first source
//! subscription (like for like), else the order default (one year, billed monthly).
struct PlannedTerm {
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing_cycle = BillingCycle::kMonthly;
};
PlannedTerm TermFor(const std::vector<Subscription>& sources);

//! A month of some seats: what the partner pays and what the customer pays.
struct MonthlyPrice {
  Money cost;
  Money resale;
};

//! `seats` seats of `sku` for one month, as `buyer` would buy them on `on` for `term`: the
//! partner's cost and the customer's resale price. nullopt if the price list has no such price
//! or the product overflows.
std::optional<MonthlyPrice> MonthlyCost(const Sku& sku, const Buyer& buyer, PlannedTerm term,
                                        std::int64_t seats, Date on);
//! A month of `sub` at its quantity: at the price fixed for its term, else as MonthlyCost.
std::optional<MonthlyPrice> MonthlyCostOf(const Subscription& sub, const Sku& sku,
                                          const Buyer& buyer, Date on);

//! `seats` raised to the SKU's minimum and capped at its maximum.
std::int64_t ClampToRange(const Sku& sku, std::int64_t seats);

//! The service plans of `source` that at least one user has enabled: the SKU's plans minus each
//! license's excluded plans, in the SKU's order.
std::vector<ServicePlan> EnabledServicePlans(const Sku& source,
                                             const std::vector<LicenseGroup>& licenses);

//! The service a plan belongs to across the vendor's tiers: its name without a trailing
//! "_O365_P<n>" or "_STANDALONE" (KAIZALA_O365_P2 and KAIZALA_STANDALONE are both "KAIZALA").
//! Other names are their own service.
std::string ServiceOf(std::string_view plan_name);

//! How a target covers the plans users have: a plan is kept when the target has the same plan
//! id; kept as another tier when it has a different plan of the same service (ServiceOf); else
//! missing.
struct PlanCoverage {
  std::vector<ServicePlan> missing;
  //! (plan users have, the target's plan of the same service)
  std::vector<std::pair<ServicePlan, ServicePlan>> other_tier;
  bool KeepsAll() const { return missing.empty(); }
};
PlanCoverage CoverageOf(const std::vector<ServicePlan>& needed, const Sku& target);

//! "KAIZALA_STANDALONE (Microsoft Kaizala Pro), ..." for messages.
std::string DescribePlans(const std::vector<ServicePlan>& plans);

}  // namespace seatshift
