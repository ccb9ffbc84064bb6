#include "domain/catalog.hpp"

#include <fmt/format.h>

#include "domain/enum_names.hpp"
#include "domain/money.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace seatshift {
namespace {

constexpr EnumNames<LifecycleStatus, 3> kLifecycle{{
    {LifecycleStatus::kAvailable, "available"},
    {LifecycleStatus::kEndOfSale, "end_of_sale"},
    {LifecycleStatus::kRetired, "retired"},
}};

}  // namespace

std::string_view ToString(LifecycleStatus value) { return NameOf(kLifecycle, value); }

LifecycleStatus Sku::StatusOn(Date today) const {
  if (retirement && today >= *retirement) return LifecycleStatus::kRetired;
  if (end_of_sale && today >= *end_of_sale) return LifecycleStatus::kEndOfSale;
  return LifecycleStatus::kAvailable;
}

bool Sku::HasServicePlan(const ServicePlanId& plan) const {
  return std::any_of(service_plans.begin(), service_plans.end(),
                     [&](const ServicePlan& p) { return p.id == plan; });
}

std::vector<TermOption> Sku::TermOptions() const {
  std::vector<TermOption> options;
  if (!list_prices.empty()) {
    for (const ListPrice& row : list_prices) {
      // A price paid once for the whole term is billed by the term's own cycle.
      options.push_back(
          {.term = row.term, .billing_cycle = row.billing.value_or(PaidUpfront(row.term))});
    }
  } else {
    for (const Price& p : prices)
      options.push_back({.term = p.term, .billing_cycle = p.billing_cycle});
  }
  std::sort(options.begin(), options.end());
  options.erase(std::unique(options.begin(), options.end()), options.end());
  return options;
}

bool Sku::Sells(TermDuration term, BillingCycle billing_cycle) const {
  const auto options = TermOptions();
  return std::find(options.begin(), options.end(),
                   TermOption{.term = term, .billing_cycle = billing_cycle}) != options.end();
}

Result<SeatPrice> Sku::SeatPriceFor(const PriceQuery& query) const {
  if (!list_prices.empty()) {
    if (const ListPrice* row = SelectListPrice(list_prices, query)) {
      return SeatPrice{.currency = row->currency,
                       .per_period = row->unit_price,
                       .erp_per_period = row->erp_price,
                       .months_per_period = row->MonthsPerPrice(),
                       .from_price_list = true};
    }
  } else {
    for (const Price& p : prices) {
      if (p.currency != query.currency || p.term != query.term ||
          p.billing_cycle != query.billing) {
        continue;
      }
      const int months = MonthsIn(query.billing);
      const auto per_period = MultiplyMinorUnits(p.unit_price, months);
      if (!per_period) break;
      return SeatPrice{
          .currency = p.currency, .per_period = *per_period, .months_per_period = months};
    }
  }
  return Error(ErrorCode::kPriceNotFound,
               fmt::format("{} has no {} price in market {} for term {} billed {} for {} "
                           "licenses on {}",
                           id.value(), query.currency, query.market, ToString(query.term),
                           ToString(query.billing), query.quantity, FormatDate(query.on)),
               {{"offerId", id.value()},
                {"currency", std::string(query.currency)},
                {"market", std::string(query.market)},
                {"termDuration", std::string(ToString(query.term))},
                {"billingCycle", std::string(ToString(query.billing))}});
}

Status CheckPurchasable(const Sku& sku, Date today) {
  if (sku.IsPurchasableOn(today)) return OkStatus();
  std::vector<std::string> replacements;
  for (const SkuId& r : sku.replacements) replacements.push_back(r.value());
  // A SKU may be retired without an end-of-sale date: name the date that stopped its sale.
  const bool retired = sku.StatusOn(today) == LifecycleStatus::kRetired;
  std::string message = fmt::format("{} ({}) is {} since {} and cannot be purchased", sku.title,
                                    sku.id.value(), retired ? "retired" : "past its end of sale",
                                    FormatDate(retired ? *sku.retirement : *sku.end_of_sale));
  if (!replacements.empty()) {
    message += fmt::format("; replacements: {}", fmt::join(replacements, ", "));
  }
  return Error(ErrorCode::kOfferNotPurchasable, message,
               {{"offerId", sku.id.value()}, {"replacementSkuIds", std::move(replacements)}});
}

Status CheckQuantityRange(const Sku& sku, std::int64_t quantity) {
  if (quantity >= sku.minimum_quantity && quantity <= sku.maximum_quantity) return OkStatus();
  return Error(
      ErrorCode::kQuantityOutOfRange,
      fmt::format("quantity {} is outside {}'s range {}..{}", quantity, sku.id.value(),
                  sku.minimum_quantity, sku.maximum_quantity),
      {{"minimumQuantity", sku.minimum_quantity}, {"maximumQuantity", sku.maximum_quantity}});
}

Status ValidateSku(const Sku& sku) {
  auto invalid = [&](std::string why) {
    return Error(ErrorCode::kBadRequest, fmt::format("SKU '{}': {}", sku.id.value(), why));
  };
  if (sku.id.value().empty()) return invalid("the string id is empty");
  if (sku.guid.IsNil()) return invalid("the GUID is missing");
  if (sku.product_id.value().empty()) return invalid("the product id is empty");
  if (!sku.offer_id.empty() && !IsOfferId(sku.offer_id)) {
    return invalid(
        fmt::format("offer id '{}' is not ProductId:SkuId (e.g. CFQ7TTC0LDPB:0001)", sku.offer_id));
  }
  if (sku.title.empty()) return invalid("the title is empty");
  if (sku.minimum_quantity < 0 || sku.maximum_quantity < sku.minimum_quantity) {
    return invalid("minimum quantity must be ≥ 0 and ≤ maximum quantity");
  }
  std::set<ServicePlanId> plans;
  for (const ServicePlan& plan : sku.service_plans) {
    if (!plans.insert(plan.id).second) {
      return invalid(fmt::format("service plan {} is listed twice", plan.id.value().ToString()));
    }
  }
  for (const Price& price : sku.prices) {
    if (price.unit_price < 0) return invalid("a price is negative");
  }
  if (sku.end_of_sale && sku.retirement && *sku.retirement < *sku.end_of_sale) {
    return invalid("retirement date is before end of sale");
  }
  for (const SkuId& r : sku.replacements) {
    if (r == sku.id) return invalid("a SKU cannot replace itself");
  }
  return OkStatus();
}

}  // namespace seatshift
