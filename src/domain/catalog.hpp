#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/ids.hpp"

namespace seatshift {

enum class Segment { kCommercial, kEducation, kFrontline, kGovernment };
enum class TermDuration { kOneMonth, kOneYear };  // "P1M", "P1Y"
enum class BillingCycle { kMonthly, kAnnual };
enum class LifecycleStatus { kAvailable, kEndOfSale, kRetired };

std::string_view ToString(Segment value);
std::string_view ToString(TermDuration value);
std::string_view ToString(BillingCycle value);
std::string_view ToString(LifecycleStatus value);
std::optional<Segment> ParseSegment(std::string_view text);
std::optional<TermDuration> ParseTermDuration(std::string_view text);
std::optional<BillingCycle> ParseBillingCycle(std::string_view text);

//! The last day of a term that starts on `start` (the term ends at the start of the next day).
Date TermEnd(Date start, TermDuration term);

struct ServicePlan {
  ServicePlanId id;
  std::string name;          //!< e.g. "KAIZALA_O365_P3"
  std::string display_name;  //!< e.g. "Microsoft Kaizala Pro"
  bool operator==(const ServicePlan&) const = default;
};

//! Price per license per month, in minor units of `currency`.
struct Price {
  std::string currency;
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  std::int64_t unit_price = 0;
  bool operator==(const Price&) const = default;
};

struct Product {
  ProductId id;
  std::string title;
  std::string description;
  Segment segment = Segment::kCommercial;
  bool operator==(const Product&) const = default;
};

struct Sku {
  SkuId id;
  Uuid guid;
  ProductId product_id;
  std::string title;
  Segment segment = Segment::kCommercial;
  int minimum_quantity = 1;
  int maximum_quantity = 10000;
  std::vector<ServicePlan> service_plans;
  std::vector<Price> prices;
  std::optional<Date> end_of_sale;  //!< no new purchase on or after this day
  std::optional<Date> retirement;   //!< the vendor no longer serves it from this day
  std::vector<SkuId> replacements;  //!< what to sell instead once it is past end of sale

  bool operator==(const Sku&) const = default;

  LifecycleStatus StatusOn(Date today) const;
  bool IsPurchasableOn(Date today) const { return StatusOn(today) == LifecycleStatus::kAvailable; }
  bool HasServicePlan(const ServicePlanId& plan) const;
  const Price* FindPrice(std::string_view currency, TermDuration term, BillingCycle cycle) const;
};

//! OK if a new purchase of `sku` is allowed on `today`; otherwise offerNotPurchasable naming the
//! replacement SKUs, so the agent knows what to sell instead.
Status CheckPurchasable(const Sku& sku, Date today);

//! OK if `quantity` lies within the SKU's minimum and maximum (error 2002 otherwise).
Status CheckQuantityRange(const Sku& sku, std::int64_t quantity);

//! Structural validity of a SKU definition: ids present, min ≤ max, no duplicate plans,
//! no negative prices, retirement not before end of sale, not its own replacement.
Status ValidateSku(const Sku& sku);

}  // namespace seatshift
