#include "domain/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace seatshift {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> ParseEnum(const std::array<std::pair<Enum, std::string_view>, N>& names,
                              std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum v) {
  for (const auto& [value, name] : names) {
    if (value == v) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<Segment, std::string_view>, 4> kSegments{{
    {Segment::kCommercial, "commercial"},
    {Segment::kEducation, "education"},
    {Segment::kFrontline, "frontline"},
    {Segment::kGovernment, "government"},
}};
constexpr std::array<std::pair<TermDuration, std::string_view>, 2> kTerms{{
    {TermDuration::kOneMonth, "P1M"},
    {TermDuration::kOneYear, "P1Y"},
}};
constexpr std::array<std::pair<BillingCycle, std::string_view>, 2> kCycles{{
    {BillingCycle::kMonthly, "monthly"},
    {BillingCycle::kAnnual, "annual"},
}};
constexpr std::array<std::pair<LifecycleStatus, std::string_view>, 3> kLifecycle{{
    {LifecycleStatus::kAvailable, "available"},
    {LifecycleStatus::kEndOfSale, "end_of_sale"},
    {LifecycleStatus::kRetired, "retired"},
}};

}  // namespace

std::string_view ToString(Segment value) { return NameOf(kSegments, value); }
std::string_view ToString(TermDuration value) { return NameOf(kTerms, value); }
std::string_view ToString(BillingCycle value) { return NameOf(kCycles, value); }
std::string_view ToString(LifecycleStatus value) { return NameOf(kLifecycle, value); }
std::optional<Segment> ParseSegment(std::string_view text) { return ParseEnum(kSegments, text); }
std::optional<TermDuration> ParseTermDuration(std::string_view text) {
  return ParseEnum(kTerms, text);
}
std::optional<BillingCycle> ParseBillingCycle(std::string_view text) {
  return ParseEnum(kCycles, text);
}

Date TermEnd(Date start, TermDuration term) {
  const int months = term == TermDuration::kOneMonth ? 1 : 12;
  return AddMonths(start, months) - std::chrono::days(1);
}

LifecycleStatus Sku::StatusOn(Date today) const {
  if (retirement && today >= *retirement) return LifecycleStatus::kRetired;
  if (end_of_sale && today >= *end_of_sale) return LifecycleStatus::kEndOfSale;
  return LifecycleStatus::kAvailable;
}

bool Sku::HasServicePlan(const ServicePlanId& plan) const {
  return std::any_of(service_plans.begin(), service_plans.end(),
                     [&](const ServicePlan& p) { return p.id == plan; });
}

const Price* Sku::FindPrice(std::string_view currency, TermDuration term,
                            BillingCycle cycle) const {
  for (const Price& p : prices) {
    if (p.currency == currency && p.term == term && p.billing_cycle == cycle) return &p;
  }
  return nullptr;
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
