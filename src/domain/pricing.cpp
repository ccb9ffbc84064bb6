#include "domain/pricing.hpp"

#include <fmt/format.h>

#include "domain/enum_names.hpp"

namespace seatshift {
namespace {

constexpr EnumNames<MarginScope, 3> kScopes{{
    {MarginScope::kSegment, "segment"},
    {MarginScope::kProduct, "product"},
    {MarginScope::kCustomer, "customer"},
}};

constexpr std::int64_t kMinMargin = -10'000;  // -100 %: free
constexpr std::int64_t kMaxMargin = 100'000;  // 1,000 %

}  // namespace

std::string_view ToString(MarginScope scope) { return NameOf(kScopes, scope); }
std::optional<MarginScope> ParseMarginScope(std::string_view text) {
  return ValueNamed(kScopes, text);
}

Status ValidateMarginRule(const MarginRule& rule) {
  if (rule.key.empty()) {
    return Error(ErrorCode::kBadRequest, "a margin rule needs what it applies to",
                 {{"field", std::string("key")}});
  }
  if (rule.scope == MarginScope::kSegment && !ParseSegment(rule.key)) {
    return Error(ErrorCode::kBadRequest,
                 fmt::format("'{}' is not a segment (commercial, education, frontline or "
                             "government)",
                             rule.key),
                 {{"field", std::string("key")}});
  }
  if (rule.basis_points < kMinMargin || rule.basis_points > kMaxMargin) {
    return Error(
        ErrorCode::kBadRequest,
        fmt::format("a margin of {} basis points is outside -10000..100000", rule.basis_points),
        {{"field", std::string("basisPoints")}});
  }
  return OkStatus();
}

std::optional<std::int64_t> MarginFor(const Buyer& buyer, const ProductId& product) {
  const std::string segment(ToString(buyer.segment));
  std::optional<std::int64_t> by_product;
  std::optional<std::int64_t> by_segment;
  for (const MarginRule& rule : buyer.margins) {
    switch (rule.scope) {
      case MarginScope::kCustomer:
        if (rule.key == buyer.customer_id) return rule.basis_points;
        break;
      case MarginScope::kProduct:
        if (rule.key == product.value()) by_product = rule.basis_points;
        break;
      case MarginScope::kSegment:
        if (rule.key == segment) by_segment = rule.basis_points;
        break;
    }
  }
  return by_product ? by_product : by_segment;
}

Result<TermPrice> Resale(const SeatPrice& price, std::optional<std::int64_t> margin) {
  if (!margin) return TermPrice{price.per_period, price.erp_per_period.value_or(price.per_period)};
  __extension__ using Int128 = __int128;
  const Int128 scaled = static_cast<Int128>(price.per_period) * (10'000 + *margin);
  const Int128 resale = (scaled + (scaled >= 0 ? 5'000 : -5'000)) / 10'000;
  if (resale > INT64_MAX || resale < 0) {
    return Error(ErrorCode::kBadRequest, "the resale price overflows");
  }
  return TermPrice{price.per_period, static_cast<std::int64_t>(resale)};
}

Result<TermPrice> PriceSeat(const Sku& sku, const Buyer& buyer, TermDuration term,
                            BillingCycle billing, std::int64_t quantity, Date on) {
  SEATSHIFT_ASSIGN_OR_RETURN(const SeatPrice price,
                             sku.SeatPriceFor({.market = buyer.country,
                                               .currency = buyer.currency,
                                               .segment = PriceListSegment(buyer.segment),
                                               .term = term,
                                               .billing = billing,
                                               .quantity = quantity,
                                               .on = on}));
  return Resale(price, MarginFor(buyer, sku.product_id));
}

Quote QuoteSeats(const Sku& sku, const Buyer& buyer, TermDuration term, BillingCycle billing,
                 std::int64_t quantity, Date today) {
  Quote quote{.sku_id = sku.id,
              .title = sku.title,
              .term = term,
              .billing = billing,
              .quantity = quantity,
              .currency = buyer.currency};
  const auto seat = sku.SeatPriceFor({.market = buyer.country,
                                      .currency = buyer.currency,
                                      .segment = PriceListSegment(buyer.segment),
                                      .term = term,
                                      .billing = billing,
                                      .quantity = quantity,
                                      .on = today});
  if (!seat) {
    quote.problem = seat.error().message;
    return quote;
  }
  auto unit = Resale(*seat, MarginFor(buyer, sku.product_id));
  if (!unit) {
    quote.problem = unit.error().message;
    return quote;
  }
  const int months = seat->months_per_period;
  const auto cost =
      MonthlyAmount({.per_period = unit->cost, .months_per_period = months}, quantity);
  const auto resale =
      MonthlyAmount({.per_period = unit->resale, .months_per_period = months}, quantity);
  if (!cost || !resale) {
    quote.problem = "the price of this quantity overflows";
    return quote;
  }
  quote.unit = *unit;
  quote.month = TermPrice{*cost, *resale};
  quote.from_price_list = seat->from_price_list;
  return quote;
}

}  // namespace seatshift
