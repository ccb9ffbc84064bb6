#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/commitment.hpp"
#include "domain/ids.hpp"
#include "domain/list_price.hpp"
#include "domain/segment.hpp"
#include "domain/terms.hpp"

namespace seatshift {

enum class LifecycleStatus { kAvailable, kEndOfSale, kRetired };

std::string_view ToString(LifecycleStatus value);

struct ServicePlan {
  ServicePlanId id;
  std::string name;          //!< e.g. "KAIZALA_O365_P3"
  std::string display_name;  //!< e.g. "Microsoft Kaizala Pro"
  bool operator==(const ServicePlan&) const = default;
};

//! The catalog's own price per license per month, in minor units of `currency`, in every
//! market: what prices an offer that no imported price list prices (see Sku::SeatPriceFor).
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

//! A term and billing cycle a SKU is sold for.
struct TermOption {
  TermDuration term = TermDuration::kOneYear;
  BillingCycle billing_cycle = BillingCycle::kMonthly;
  bool operator==(const TermOption&) const = default;
  auto operator<=>(const TermOption&) const = default;
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
  //! Microsoft's New Commerce offer this SKU is sold as, "ProductId:SkuId" (e.g.
  //! "CFQ7TTC0LDPB:0001"); "" when the partner has not mapped it. Price-list rows reach the SKU
  //! through it.
  std::string offer_id;
  //! The imported price list's rows for `offer_id` (every market, currency, term and date); the
  //! store attaches them, the catalog file never carries them.
  std::vector<ListPrice> list_prices;
  //! The countries it may be sold in (ISO 3166 alpha-2, sorted; Microsoft's offer matrix);
  //! empty: every market.
  std::vector<std::string> markets;
  //! Offer ids of which the customer must hold one (an add-on's base plans), as the matrix says.
  std::vector<std::string> prerequisite_offers;
  //! The replacements Microsoft's offer matrix names as conversions (a subset of replacements).
  std::vector<SkuId> conversions;
  //! New Commerce unless the catalog says legacy (Kaizala Pro, Office 365 E4).
  Commerce commerce = Commerce::kNewCommerce;

  bool operator==(const Sku&) const = default;

  //! The terms and billing cycles it is priced for (by the price list when it has rows for
  //! the offer, else by the catalog's prices), sorted.
  std::vector<TermOption> TermOptions() const;
  bool Sells(TermDuration term, BillingCycle billing_cycle) const;

  LifecycleStatus StatusOn(Date today) const;
  bool IsPurchasableOn(Date today) const { return StatusOn(today) == LifecycleStatus::kAvailable; }
  bool HasServicePlan(const ServicePlanId& plan) const;
  //! The price of one seat for one billing period under `query`: from the imported price list
  //! when it holds any row for this SKU's offer (then only from it: a market, currency, term or
  //! date it does not price is kPriceNotFound, never another market's price), otherwise from the
  //! catalog's own prices. kPriceNotFound names what was asked.
  Result<SeatPrice> SeatPriceFor(const PriceQuery& query) const;
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
