#pragma once

// The dry run of a migration (A buy or add seats, B move users, C suspend the source) for one
// customer, and its totals for a fleet. Pure: nothing changes; the service gathers the inputs
// (CustomerEstate) and the execution engine follows the plan.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/ids.hpp"
#include "domain/migration_inputs.hpp"
#include "domain/money.hpp"

namespace seatshift {

enum class MigrationAction {
  kPurchase,  //!< buy a new subscription of the target
  kAddSeats,  //!< raise the quantity of the target subscription the customer already holds
  kNone,      //!< the customer cannot be migrated as planned; the warnings say why
  //! Nothing to do: no source subscription is active and no user holds the source, so there is
  //! no service to keep and buying the target would charge the customer for nothing. The step
  //! completes without a purchase.
  kSkip,
};

//! "purchase", "addSeats", "none", "skip"
std::string_view ToString(MigrationAction action);

enum class MigrationWarningCode {
  kServicePlanNotCovered,   //!< the target lacks a service users have enabled today
  kServicePlanTierChanged,  //!< a service is kept, but as another plan (another tier) of it
  kSourceNotActive,         //!< no source subscription is active (expired, disabled, suspended)
  kEndDateBeforeRun,        //!< a source subscription's term ends before the run day
  kTargetAlreadyHeld,       //!< seats are added to the customer's target subscription
  kNotEnoughSeats,          //!< the planned seats do not cover the users to move
  kNoSourceSubscription,    //!< no live subscription of the source SKU: nothing to migrate
  kSeatsRaisedToMinimum,    //!< the policy asked fewer seats than the target's minimum
  kSeatsAboveMaximum,       //!< the policy asked more seats than the target allows
  kTargetNotPurchasable,    //!< the target is past its end of sale on the run day
  kPriceMissing,            //!< a cost is unknown: no price in the customer's currency
  //! Added by the run, not the planner: when the step came, there was nothing left to migrate
  //! (see NothingToMigrate), so the customer was skipped instead of bought for.
  kChangedSincePlanning,
};

//! The API's camelCase code, e.g. "servicePlanNotCovered".
std::string_view ToString(MigrationWarningCode code);

struct MigrationWarning {
  MigrationWarningCode code;
  std::string message;  //!< one sentence naming the values (plans, seats, dates)
  //! The values `message` names, for a client to say it in its own language (the keys of each
  //! code: docs/migrations.md#warnings).
  Parameters parameters = {};
  bool operator==(const MigrationWarning&) const = default;
};

struct CustomerMigrationPlan {
  CustomerId customer_id;
  //! SourceSubscriptions: all of them are suspended in step C; the first is the API's
  //! sourceSubscriptionId. Empty with kNoSourceSubscription.
  std::vector<SubscriptionId> source_subscription_ids;
  SkuId target_sku_id;
  MigrationAction action = MigrationAction::kNone;
  //! kAddSeats: the subscription that grows (the customer's active target subscription with
  //! the most seats, then the smallest id).
  std::optional<SubscriptionId> target_subscription_id;
  PlannedTerm term;        //!< of a purchased subscription
  std::int64_t seats = 0;  //!< bought (kPurchase) or added (kAddSeats)
  std::int64_t users_to_move = 0;
  //! Monthly cost of the same subscriptions before and after: the active source subscriptions
  //! (a suspended or expired one costs nothing) plus, when adding seats, the target
  //! subscription at its current quantity; after: the target subscription (new, or grown),
  //! the source being suspended. nullopt where a price is missing (kPriceMissing says which).
  std::optional<Money> monthly_cost_before;
  std::optional<Money> monthly_cost_after;
  //! The same months at the customer's (resale) price; nullopt together with the costs.
  std::optional<Money> monthly_resale_before;
  std::optional<Money> monthly_resale_after;
  std::string currency;               //!< the customer's
  std::string recommendation_reason;  //!< set by the caller when Recommend chose the target
  //! The reason's stable code and values (TargetChoice); empty when the caller named the target.
  std::string recommendation_code;
  Parameters recommendation_parameters;
  std::vector<MigrationWarning> warnings;

  bool HasWarning(MigrationWarningCode code) const;
};

//! Plans moving the customer of `estate` from `source` to `target` on `estate.today` (only the
//! source subscription `estate.only_source`, when set: see UsersToMove).
//! Seats: `seats` when given (as source_quantity would add them), else the policy's count
//! (SeatsWanted). A purchase is raised to the target's minimum
//! (kSeatsRaisedToMinimum) and capped at its maximum (kSeatsAboveMaximum). When the customer
//! already holds an active target subscription, seats are added to it (kTargetAlreadyHeld):
//! `assigned` adds only what its free seats do not cover, `source_quantity` adds the source
//! quantity; its new quantity is capped at the maximum. kNotEnoughSeats when the target seats
//! free for the movers are fewer than the users to move.
//! REQUIRES: source.id == the SKU of estate.source_licenses; source.id != target.id.
CustomerMigrationPlan PlanCustomer(const Sku& source, const Sku& target,
                                   const CustomerEstate& estate, SeatPolicy policy,
                                   std::optional<std::int64_t> seats = std::nullopt);

//! What step A commits a customer to when its target is sold as New Commerce: the term and
//! billing of the purchase (or of the subscription the seats are added to, co-termed), the day
//! the commitment ends, the end of its 168-hour cancellation window once bought, and what a
//! purchase costs and is sold for over its whole term.
struct StepCommitment {
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  Date ends{};  //!< estimated from `today` until step A buys
  std::optional<Instant> cancellable_until;
  std::optional<Money> total_cost;  //!< purchases only; nullopt without a price
  std::optional<Money> total_price;
  bool operator==(const StepCommitment&) const = default;
};

//! The commitment of `plan`'s step A, whose target SKU is `target` and whose target
//! subscription is `subscription` (bought, or the one seats are added to; nullopt before a
//! purchase): nullopt when step A buys nothing or the target is legacy.
std::optional<StepCommitment> CommitmentOf(const CustomerMigrationPlan& plan, const Sku& target,
                                           const std::optional<Subscription>& subscription,
                                           Date today);

//! Costs never mix currencies: one entry per currency.
struct CurrencyTotals {
  std::int64_t monthly_cost_before = 0;  //!< minor units, of the plans whose cost is known
  std::int64_t monthly_cost_after = 0;
  std::int64_t monthly_price_before = 0;  //!< the same months at the customers' (resale) prices
  std::int64_t monthly_price_after = 0;
  std::int64_t customers = 0;
  std::int64_t customers_unpriced = 0;  //!< plans with a missing cost, left out of the sums
  bool operator==(const CurrencyTotals&) const = default;
};

struct MigrationTotals {
  std::int64_t customers = 0;
  std::int64_t customers_blocked = 0;  //!< action kNone
  std::int64_t purchases = 0;
  std::int64_t seat_additions = 0;
  std::int64_t seats = 0;
  std::int64_t users_to_move = 0;
  std::map<std::string, CurrencyTotals> by_currency;
  std::map<MigrationWarningCode, std::int64_t> warnings;  //!< count of warnings per code
  bool operator==(const MigrationTotals&) const = default;
};

MigrationTotals Total(const std::vector<CustomerMigrationPlan>& plans);

//! The planner's rule for MigrationAction::kSkip, which the run applies again when a customer's
//! step comes: no user holds the source (of those a migration of one subscription moves) and
//! none of the customer's `sources` is active, so there is no service to keep.
bool NothingToMigrate(std::int64_t users_to_move, const std::vector<Subscription>& sources);

}  // namespace seatshift
