#include "domain/migration_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace seatshift {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool Excludes(const LicenseGroup& license, const ServicePlanId& plan) {
  return std::find(license.excluded_plans.begin(), license.excluded_plans.end(), plan) !=
         license.excluded_plans.end();
}

}  // namespace

std::string_view ToString(SeatPolicy policy) {
  return policy == SeatPolicy::kAssigned ? "assigned" : "source_quantity";
}

std::optional<SeatPolicy> ParseSeatPolicy(std::string_view text) {
  if (text == "assigned") return SeatPolicy::kAssigned;
  if (text == "source_quantity") return SeatPolicy::kSourceQuantity;
  return std::nullopt;
}

std::vector<Subscription> SourceSubscriptions(const CustomerEstate& estate, const SkuId& source) {
  std::vector<Subscription> active;
  std::vector<Subscription> live;
  for (const Subscription& sub : estate.subscriptions) {
    if (sub.sku_id != source || sub.status == SubscriptionStatus::kDeleted) continue;
    if (estate.only_source && sub.id != *estate.only_source) continue;
    (sub.status == SubscriptionStatus::kActive ? active : live).push_back(sub);
  }
  std::vector<Subscription>& out = active.empty() ? live : active;
  std::sort(out.begin(), out.end(), [](const Subscription& a, const Subscription& b) {
    return std::tie(b.term_end, a.id) < std::tie(a.term_end, b.id);
  });
  return std::move(out);
}

std::int64_t UsersHolding(const CustomerEstate& estate, const SkuId& source) {
  std::int64_t users = 0;
  for (const LicenseGroup& group : estate.source_licenses) {
    if (group.sku_id == source) users += group.licenses;
  }
  return users;
}

std::int64_t UsersToMove(const CustomerEstate& estate, const SkuId& source) {
  if (!estate.only_source) return UsersHolding(estate, source);
  SeatCount count;
  const Subscription* carrier = nullptr;
  for (const Subscription& sub : estate.subscriptions) {
    if (sub.sku_id != source) continue;
    if (sub.status == SubscriptionStatus::kActive) count.seats += sub.quantity;
    if (sub.id == *estate.only_source) carrier = &sub;
  }
  if (!carrier) return 0;
  const auto assigned = estate.assigned_licenses.find(source);
  count.assigned = assigned == estate.assigned_licenses.end() ? 0 : assigned->second;
  return LicensesDependingOn(*carrier, count);
}

std::int64_t SeatsWanted(const CustomerEstate& estate, const SkuId& source, SeatPolicy policy) {
  if (policy == SeatPolicy::kAssigned) return UsersToMove(estate, source);
  std::int64_t seats = 0;
  for (const Subscription& sub : SourceSubscriptions(estate, source)) seats += sub.quantity;
  return seats;
}

PlannedTerm TermFor(const std::vector<Subscription>& sources) {
  if (sources.empty()) return {};
  return {sources.front().term, sources.front().billing_cycle};
}

namespace {

std::optional<MonthlyPrice> MonthOf(const TermPrice& price, int months_per_period,
                                    std::int64_t seats, const std::string& currency) {
  const auto cost =
      MonthlyAmount({.per_period = price.cost, .months_per_period = months_per_period}, seats);
  const auto resale =
      MonthlyAmount({.per_period = price.resale, .months_per_period = months_per_period}, seats);
  if (!cost || !resale) return std::nullopt;
  return MonthlyPrice{Money{*cost, currency}, Money{*resale, currency}};
}

}  // namespace

Buyer CustomerEstate::AsBuyer() const {
  return Buyer{.customer_id = customer.id.value().ToString(),
               .country = customer.country,
               .currency = customer.currency,
               .segment = customer.segment,
               .margins = margins};
}

std::optional<MonthlyPrice> MonthlyCost(const Sku& sku, const Buyer& buyer, PlannedTerm term,
                                        std::int64_t seats, Date on) {
  const auto price = PriceSeat(sku, buyer, term.term, term.billing_cycle, seats, on);
  if (!price) return std::nullopt;
  return MonthOf(*price, MonthsIn(term.billing_cycle), seats, buyer.currency);
}

std::optional<MonthlyPrice> MonthlyCostOf(const Subscription& sub, const Sku& sku,
                                          const Buyer& buyer, Date on) {
  if (!sub.price) return MonthlyCost(sku, buyer, {sub.term, sub.billing_cycle}, sub.quantity, on);
  return MonthOf(*sub.price, MonthsIn(sub.billing_cycle), sub.quantity, buyer.currency);
}

std::int64_t ClampToRange(const Sku& sku, std::int64_t seats) {
  return std::clamp<std::int64_t>(seats, sku.minimum_quantity, sku.maximum_quantity);
}

std::vector<ServicePlan> EnabledServicePlans(const Sku& source,
                                             const std::vector<LicenseGroup>& licenses) {
  std::vector<ServicePlan> out;
  for (const ServicePlan& plan : source.service_plans) {
    const bool enabled = std::any_of(licenses.begin(), licenses.end(), [&](const LicenseGroup& l) {
      return l.sku_id == source.id && l.licenses > 0 && !Excludes(l, plan.id);
    });
    if (enabled) out.push_back(plan);
  }
  return out;
}

std::string ServiceOf(std::string_view plan_name) {
  if (EndsWith(plan_name, "_STANDALONE")) {
    return std::string(plan_name.substr(0, plan_name.size() - 11));
  }
  // "_O365_P" followed by digits only.
  const std::size_t at = plan_name.rfind("_O365_P");
  if (at != std::string_view::npos && at + 7 < plan_name.size()) {
    const std::string_view tier = plan_name.substr(at + 7);
    if (std::all_of(tier.begin(), tier.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::string(plan_name.substr(0, at));
    }
  }
  return std::string(plan_name);
}

PlanCoverage CoverageOf(const std::vector<ServicePlan>& needed, const Sku& target) {
  PlanCoverage coverage;
  for (const ServicePlan& plan : needed) {
    if (target.HasServicePlan(plan.id)) continue;
    const std::string service = ServiceOf(plan.name);
    const auto same_service =
        std::find_if(target.service_plans.begin(), target.service_plans.end(),
                     [&](const ServicePlan& p) { return ServiceOf(p.name) == service; });
    if (same_service == target.service_plans.end()) {
      coverage.missing.push_back(plan);
    } else {
      coverage.other_tier.emplace_back(plan, *same_service);
    }
  }
  return coverage;
}

std::string DescribePlans(const std::vector<ServicePlan>& plans) {
  std::vector<std::string> parts;
  parts.reserve(plans.size());
  for (const ServicePlan& plan : plans) {
    parts.push_back(plan.display_name.empty()
                        ? plan.name
                        : fmt::format("{} ({})", plan.name, plan.display_name));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace seatshift
