#include "domain/migration_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <tuple>

#include "domain/offer_matrix.hpp"

namespace seatshift {
namespace {

using Code = MigrationWarningCode;

//! The customer's active target subscription seats are added to, if any.
const Subscription* HeldTarget(const CustomerEstate& estate, const SkuId& target) {
  const Subscription* best = nullptr;
  for (const Subscription& sub : estate.subscriptions) {
    if (sub.sku_id != target || sub.status != SubscriptionStatus::kActive) continue;
    if (!best || std::tuple(-sub.quantity, sub.id) < std::tuple(-best->quantity, best->id)) {
      best = &sub;
    }
  }
  return best;
}

//! Seats of the customer's active target subscriptions not taken by an assigned license.
std::int64_t FreeSeats(const CustomerEstate& estate, const SkuId& target) {
  std::int64_t seats = 0;
  for (const Subscription& sub : estate.subscriptions) {
    if (sub.sku_id == target && sub.status == SubscriptionStatus::kActive) seats += sub.quantity;
  }
  const auto assigned = estate.assigned_licenses.find(target);
  return std::max<std::int64_t>(
      0, seats - (assigned == estate.assigned_licenses.end() ? 0 : assigned->second));
}

//! Adds `cost` to `sum`; a missing part makes the sum unknown.
void Accumulate(std::optional<Money>& sum, const std::optional<Money>& cost) {
  if (!sum || !cost ||
      __builtin_add_overflow(sum->minor_units, cost->minor_units, &sum->minor_units)) {
    sum.reset();
  }
}

MigrationWarning PriceMissing(const Sku& sku, const Buyer& buyer, PlannedTerm term) {
  return {Code::kPriceMissing,
          fmt::format("{} has no {} price in market {} for term {} billed {}; the cost is unknown",
                      sku.id.value(), buyer.currency, buyer.country, ToString(term.term),
                      ToString(term.billing_cycle)),
          {{"offerId", sku.id.value()},
           {"currency", buyer.currency},
           {"market", buyer.country},
           {"termDuration", std::string(ToString(term.term))},
           {"billingCycle", std::string(ToString(term.billing_cycle))}}};
}

//! Service plans by their vendor names (what a client shows as they are).
std::vector<std::string> PlanNames(const std::vector<ServicePlan>& plans) {
  std::vector<std::string> names;
  names.reserve(plans.size());
  for (const ServicePlan& plan : plans) {
    names.push_back(plan.display_name.empty() ? plan.name : plan.display_name);
  }
  return names;
}

class Planner {
 public:
  Planner(const Sku& source, const Sku& target, const CustomerEstate& estate)
      : source_(source),
        target_(target),
        estate_(estate),
        buyer_(estate.AsBuyer()),
        currency_(estate.customer.currency) {}

  CustomerMigrationPlan Plan(SeatPolicy policy, std::optional<std::int64_t> seats) {
    plan_.customer_id = estate_.customer.id;
    plan_.target_sku_id = target_.id;
    plan_.currency = currency_;
    plan_.users_to_move = UsersToMove(estate_, source_.id);
    const std::vector<Subscription> sources = SourceSubscriptions(estate_, source_.id);
    plan_.term = TermFor(sources);
    CheckCoverage();
    if (sources.empty()) {
      Warn(Code::kNoSourceSubscription,
           fmt::format("the customer holds no live {} subscription; its {} user(s) holding the "
                       "license cannot be migrated",
                       source_.id.value(), plan_.users_to_move),
           {{"sourceOfferId", source_.id.value()}, {"users", plan_.users_to_move}});
      return std::move(plan_);
    }
    CheckSources(sources);
    if (NothingToMigrate(plan_.users_to_move, sources)) {
      plan_.action = MigrationAction::kSkip;
      plan_.monthly_cost_after = Money{0, currency_};
      plan_.monthly_resale_after = Money{0, currency_};
      return std::move(plan_);
    }
    if (!target_.IsPurchasableOn(estate_.today)) {
      const Error why = CheckPurchasable(target_, estate_.today).error();
      Warn(Code::kTargetNotPurchasable, why.message, why.details);
      return std::move(plan_);
    }
    if (Status sold = CheckSoldIn(target_, estate_.customer.country); !sold) {
      Warn(Code::kTargetNotPurchasable, sold.error().message, sold.error().details);
      return std::move(plan_);
    }
    // Seats named by the caller are bought or added as they are, whatever the policy says.
    if (seats) policy = SeatPolicy::kSourceQuantity;
    const std::int64_t wanted = seats ? *seats : SeatsWanted(estate_, source_.id, policy);
    const Subscription* held = HeldTarget(estate_, target_.id);
    const std::int64_t covered = held ? AddSeats(*held, policy, wanted) : Purchase(wanted);
    if (covered < plan_.users_to_move) {
      Warn(Code::kNotEnoughSeats,
           fmt::format("{} seat(s) of {} for {} user(s) to move: {} would stay on {}", covered,
                       target_.id.value(), plan_.users_to_move, plan_.users_to_move - covered,
                       source_.id.value()),
           {{"seats", covered},
            {"targetOfferId", target_.id.value()},
            {"users", plan_.users_to_move},
            {"usersLeft", plan_.users_to_move - covered},
            {"sourceOfferId", source_.id.value()}});
    }
    return std::move(plan_);
  }

 private:
  void Warn(Code code, std::string message, Parameters parameters) {
    plan_.warnings.push_back({code, std::move(message), std::move(parameters)});
  }

  void Warn(MigrationWarning warning) { plan_.warnings.push_back(std::move(warning)); }

  void CheckCoverage() {
    const PlanCoverage coverage =
        CoverageOf(EnabledServicePlans(source_, estate_.source_licenses), target_);
    if (!coverage.missing.empty()) {
      Warn(Code::kServicePlanNotCovered,
           fmt::format("{} lacks service plans users have enabled on {}: {}", target_.id.value(),
                       source_.id.value(), DescribePlans(coverage.missing)),
           {{"targetOfferId", target_.id.value()},
            {"sourceOfferId", source_.id.value()},
            {"servicePlans", PlanNames(coverage.missing)}});
    }
    for (const auto& [had, kept_as] : coverage.other_tier) {
      Warn(Code::kServicePlanTierChanged,
           fmt::format("{} provides {} as {} ({})", target_.id.value(), had.name, kept_as.name,
                       kept_as.display_name),
           {{"targetOfferId", target_.id.value()},
            {"servicePlan", PlanNames({had}).front()},
            {"keptAs", PlanNames({kept_as}).front()}});
    }
  }

  void CheckSources(const std::vector<Subscription>& sources) {
    plan_.monthly_cost_before = Money{0, currency_};
    plan_.monthly_resale_before = Money{0, currency_};
    for (const Subscription& sub : sources) {
      plan_.source_subscription_ids.push_back(sub.id);
      if (sub.term_end < estate_.today) {
        Warn(Code::kEndDateBeforeRun,
             fmt::format("source subscription {} ended on {}, before the run on {}",
                         ToString(sub.id), FormatDate(sub.term_end), FormatDate(estate_.today)),
             {{"subscriptionId", ToString(sub.id)},
              {"endDate", FormatDate(sub.term_end)},
              {"runDate", FormatDate(estate_.today)}});
      }
      if (sub.status != SubscriptionStatus::kActive) {
        Warn(Code::kSourceNotActive,
             fmt::format("source subscription {} is {}, not active", ToString(sub.id),
                         ToString(sub.status)),
             {{"subscriptionId", ToString(sub.id)}, {"status", std::string(ToString(sub.status))}});
        continue;  // it costs nothing
      }
      const auto cost = MonthlyCostOf(sub, source_, buyer_, estate_.today);
      if (!cost) Warn(PriceMissing(source_, buyer_, {sub.term, sub.billing_cycle}));
      AccumulateBefore(cost);
    }
  }

  //! Returns the seats the movers get.
  std::int64_t Purchase(std::int64_t wanted) {
    plan_.action = MigrationAction::kPurchase;
    plan_.seats = ClampToRange(target_, wanted);
    if (wanted < target_.minimum_quantity) {
      Warn(Code::kSeatsRaisedToMinimum,
           fmt::format("{} seat(s) asked, raised to {}'s minimum of {}", wanted, target_.id.value(),
                       target_.minimum_quantity),
           {{"seatsAsked", wanted},
            {"targetOfferId", target_.id.value()},
            {"minimum", target_.minimum_quantity}});
    } else if (wanted > target_.maximum_quantity) {
      Warn(Code::kSeatsAboveMaximum,
           fmt::format("{} seat(s) asked, capped at {}'s maximum of {}", wanted, target_.id.value(),
                       target_.maximum_quantity),
           {{"seatsAsked", wanted},
            {"seats", plan_.seats},
            {"targetOfferId", target_.id.value()},
            {"maximum", target_.maximum_quantity}});
    }
    SetAfter(MonthlyCost(target_, buyer_, plan_.term, plan_.seats, estate_.today));
    if (!plan_.monthly_cost_after) {
      Warn(PriceMissing(target_, buyer_, plan_.term));
    }
    return plan_.seats;
  }

  //! Returns the seats the movers get: the free ones plus those added.
  std::int64_t AddSeats(const Subscription& held, SeatPolicy policy, std::int64_t wanted) {
    plan_.action = MigrationAction::kAddSeats;
    plan_.target_subscription_id = held.id;
    const std::int64_t free = FreeSeats(estate_, target_.id);
    std::int64_t add = policy == SeatPolicy::kAssigned
                           ? std::max<std::int64_t>(0, plan_.users_to_move - free)
                           : wanted;
    const std::int64_t room = std::max<std::int64_t>(0, target_.maximum_quantity - held.quantity);
    if (add > room) {
      Warn(Code::kSeatsAboveMaximum,
           fmt::format("{} seat(s) to add, capped at {} to keep {} within its maximum of {}", add,
                       room, ToString(held.id), target_.maximum_quantity),
           {{"seatsAsked", add},
            {"seats", room},
            {"targetOfferId", target_.id.value()},
            {"maximum", target_.maximum_quantity},
            {"subscriptionId", ToString(held.id)}});
      add = room;
    }
    plan_.seats = add;
    Warn(Code::kTargetAlreadyHeld,
         fmt::format("the customer already holds {} (subscription {}, {} seats, {} free): adding "
                     "{} seat(s) to it instead of buying a second subscription",
                     target_.id.value(), ToString(held.id), held.quantity, free, add),
         {{"targetOfferId", target_.id.value()},
          {"subscriptionId", ToString(held.id)},
          {"quantity", held.quantity},
          {"freeSeats", free},
          {"seatsAdded", add}});
    const auto before = MonthlyCostOf(held, target_, buyer_, estate_.today);
    Subscription grown = held;
    grown.quantity += add;
    SetAfter(MonthlyCostOf(grown, target_, buyer_, estate_.today));
    if (!before || !plan_.monthly_cost_after) {
      Warn(PriceMissing(target_, buyer_, {held.term, held.billing_cycle}));
    }
    AccumulateBefore(before);
    return free + add;
  }

  void AccumulateBefore(const std::optional<MonthlyPrice>& month) {
    Accumulate(plan_.monthly_cost_before, month ? std::optional(month->cost) : std::nullopt);
    Accumulate(plan_.monthly_resale_before, month ? std::optional(month->resale) : std::nullopt);
  }

  void SetAfter(const std::optional<MonthlyPrice>& month) {
    plan_.monthly_cost_after = month ? std::optional(month->cost) : std::nullopt;
    plan_.monthly_resale_after = month ? std::optional(month->resale) : std::nullopt;
  }

  const Sku& source_;
  const Sku& target_;
  const CustomerEstate& estate_;
  const Buyer buyer_;
  const std::string& currency_;
  CustomerMigrationPlan plan_;
};

}  // namespace

std::string_view ToString(MigrationAction action) {
  static constexpr std::array<std::string_view, 4> kNames{"purchase", "addSeats", "none", "skip"};
  return kNames.at(static_cast<std::size_t>(action));
}

std::string_view ToString(MigrationWarningCode code) {
  static constexpr std::array<std::string_view, 12> kNames{
      "servicePlanNotCovered", "servicePlanTierChanged", "sourceNotActive",
      "endDateBeforeRun",      "targetAlreadyHeld",      "notEnoughSeats",
      "noSourceSubscription",  "seatsRaisedToMinimum",   "seatsAboveMaximum",
      "targetNotPurchasable",  "priceMissing",           "changedSincePlanning"};
  return kNames.at(static_cast<std::size_t>(code));
}

bool NothingToMigrate(std::int64_t users_to_move, const std::vector<Subscription>& sources) {
  return users_to_move == 0 &&
         std::none_of(sources.begin(), sources.end(), [](const Subscription& sub) {
           return sub.status == SubscriptionStatus::kActive;
         });
}

bool CustomerMigrationPlan::HasWarning(MigrationWarningCode code) const {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const MigrationWarning& w) { return w.code == code; });
}

CustomerMigrationPlan PlanCustomer(const Sku& source, const Sku& target,
                                   const CustomerEstate& estate, SeatPolicy policy,
                                   std::optional<std::int64_t> seats) {
  return Planner(source, target, estate).Plan(policy, seats);
}

MigrationTotals Total(const std::vector<CustomerMigrationPlan>& plans) {
  MigrationTotals totals;
  for (const CustomerMigrationPlan& plan : plans) {
    ++totals.customers;
    for (const MigrationWarning& w : plan.warnings) ++totals.warnings[w.code];
    if (plan.action == MigrationAction::kNone) {
      ++totals.customers_blocked;
      continue;
    }
    totals.users_to_move += plan.users_to_move;
    if (plan.action == MigrationAction::kPurchase) ++totals.purchases;
    if (plan.action == MigrationAction::kAddSeats) ++totals.seat_additions;
    totals.seats += plan.seats;
    CurrencyTotals& money = totals.by_currency[plan.currency];
    ++money.customers;
    if (!plan.monthly_cost_before || !plan.monthly_cost_after) {
      ++money.customers_unpriced;
      continue;
    }
    money.monthly_cost_before += plan.monthly_cost_before->minor_units;
    money.monthly_cost_after += plan.monthly_cost_after->minor_units;
    // Plans stored before resale prices existed have none: their price was their cost.
    money.monthly_price_before +=
        plan.monthly_resale_before.value_or(*plan.monthly_cost_before).minor_units;
    money.monthly_price_after +=
        plan.monthly_resale_after.value_or(*plan.monthly_cost_after).minor_units;
  }
  return totals;
}

std::optional<StepCommitment> CommitmentOf(const CustomerMigrationPlan& plan, const Sku& target,
                                           const std::optional<Subscription>& subscription,
                                           Date today) {
  const bool buys = plan.action == MigrationAction::kPurchase;
  if ((!buys && plan.action != MigrationAction::kAddSeats) ||
      target.commerce != Commerce::kNewCommerce || (!buys && !subscription)) {
    return std::nullopt;
  }
  StepCommitment c{.term = plan.term.term, .billing_cycle = plan.term.billing_cycle};
  if (subscription) {
    c.term = subscription->term;
    c.billing_cycle = subscription->billing_cycle;
    c.ends = subscription->term_end;
  } else {
    c.ends = TermEnd(today, plan.term.term);
  }
  if (subscription && buys) c.cancellable_until = subscription->CancellationAllowedUntil();
  if (subscription && !buys && subscription->lots.size() > 1) {
    c.cancellable_until = subscription->lots.back().RefundableUntil();  // the seats A added
  }
  const auto whole_term = [&](const std::optional<Money>& month) -> std::optional<Money> {
    if (!buys || !month) return std::nullopt;
    const auto total = MultiplyMinorUnits(month->minor_units, MonthsIn(c.term));
    if (!total) return std::nullopt;
    return Money{.minor_units = *total, .currency = month->currency};
  };
  c.total_cost = whole_term(plan.monthly_cost_after);
  c.total_price = whole_term(plan.monthly_resale_after);
  return c;
}

}  // namespace seatshift
