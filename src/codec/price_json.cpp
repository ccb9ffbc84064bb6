#include "codec/price_json.hpp"

#include "base/time.hpp"

namespace seatshift::codec {
namespace json = boost::json;

namespace {

json::value Optional(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::object ToJson(const TermPrice& price) {
  return {{"unitCost", price.cost}, {"unitPrice", price.resale}};
}

}  // namespace

json::object ToJson(const ListPrice& price) {
  return {{"offerId", price.offer_id},
          {"productTitle", price.product_title},
          {"skuTitle", price.sku_title},
          {"market", price.market},
          {"currency", price.currency},
          {"segment", price.segment.empty() ? json::value(nullptr) : json::value(price.segment)},
          {"termDuration", ToString(price.term)},
          {"billingPlan", price.billing ? json::value(ToString(*price.billing)) : nullptr},
          {"pricingTierRangeMin", price.tier_min},
          {"pricingTierRangeMax", Optional(price.tier_max)},
          {"effectiveStartDate", FormatDate(price.effective_start)},
          {"effectiveEndDate",
           price.effective_end ? json::value(FormatDate(*price.effective_end)) : nullptr},
          {"unitPrice", price.unit_price},
          {"erpPrice", Optional(price.erp_price)}};
}

json::object ToJson(const PriceListImport& report) {
  json::array unmapped;
  for (const UnmappedOffer& offer : report.unmapped) {
    unmapped.push_back({{"offerId", offer.offer_id},
                        {"productTitle", offer.product_title},
                        {"skuTitle", offer.sku_title},
                        {"rows", offer.rows}});
  }
  return {{"rows", report.rows},
          {"added", report.added},
          {"changed", report.changed},
          {"unchanged", report.unchanged},
          {"unmapped", std::move(unmapped)}};
}

json::object ToJson(const MarginRule& rule) {
  return {{"scope", ToString(rule.scope)}, {"key", rule.key}, {"basisPoints", rule.basis_points}};
}

json::object ToJson(const PriceChange& change) {
  return {{"customerId", change.customer_id.value().ToString()},
          {"companyName", change.company_name},
          {"subscriptionId", change.subscription_id.value().ToString()},
          {"skuId", change.sku_id.value()},
          {"quantity", change.quantity},
          {"currencyCode", change.currency},
          {"termDuration", ToString(change.term)},
          {"billingCycle", ToString(change.billing)},
          {"renewsOn", FormatDate(change.renews_on)},
          {"now", ToJson(change.now)},
          {"next", ToJson(change.next)}};
}

json::object ToJson(const Quote& quote) {
  const auto priced = [](const std::optional<TermPrice>& price) {
    return price ? json::value(ToJson(*price)) : json::value(nullptr);
  };
  return {{"offerId", quote.sku_id.value()},
          {"title", quote.title},
          {"termDuration", ToString(quote.term)},
          {"billingCycle", ToString(quote.billing)},
          {"quantity", quote.quantity},
          {"currencyCode", quote.currency},
          {"unit", priced(quote.unit)},
          {"monthly", priced(quote.month)},
          {"priceSource", !quote.unit             ? json::value(nullptr)
                          : quote.from_price_list ? json::value("priceList")
                                                  : json::value("catalog")},
          {"problem", quote.problem.empty() ? json::value(nullptr) : json::value(quote.problem)}};
}

json::object ToJson(const OfferMatrixImport& report) {
  json::array unknown;
  for (const OfferMatrixRow& row : report.unknown) {
    unknown.push_back({{"line", row.line},
                       {"offerId", row.offer_id},
                       {"productTitle", row.product_title},
                       {"skuTitle", row.sku_title},
                       {"provisioningString", row.provisioning_string}});
  }
  json::array conflicts;
  for (const std::string& conflict : report.conflicts) conflicts.emplace_back(conflict);
  return {{"rows", report.rows},
          {"skusUpdated", report.skus_updated},
          {"skusUnchanged", report.skus_unchanged},
          {"unknown", std::move(unknown)},
          {"conflicts", std::move(conflicts)}};
}

}  // namespace seatshift::codec
