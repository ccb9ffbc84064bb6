#include "domain/offer_matrix.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace seatshift {

Sku ApplyOfferMatrixRow(Sku sku, const OfferMatrixRow& row,
                        const std::function<const Sku*(std::string_view offer_id)>& sku_of_offer) {
  sku.offer_id = row.offer_id;
  sku.commerce = Commerce::kNewCommerce;  // the matrix lists New Commerce offers only
  sku.minimum_quantity = row.minimum_quantity;
  sku.maximum_quantity = row.maximum_quantity;
  sku.markets = row.markets;
  std::sort(sku.markets.begin(), sku.markets.end());
  sku.prerequisite_offers = row.prerequisites;
  if (row.end_of_sale && (!sku.end_of_sale || *row.end_of_sale < *sku.end_of_sale)) {
    sku.end_of_sale = row.end_of_sale;
  }
  sku.conversions.clear();
  for (const std::string& offer : row.conversions) {
    const Sku* target = sku_of_offer(offer);
    if (!target || target->id == sku.id) continue;
    sku.conversions.push_back(target->id);
    if (std::find(sku.replacements.begin(), sku.replacements.end(), target->id) ==
        sku.replacements.end()) {
      sku.replacements.push_back(target->id);
    }
  }
  return sku;
}

Status CheckSoldIn(const Sku& sku, std::string_view country) {
  if (sku.markets.empty() ||
      std::binary_search(sku.markets.begin(), sku.markets.end(), std::string(country))) {
    return OkStatus();
  }
  return Error(ErrorCode::kOfferNotPurchasable,
               fmt::format("{} ({}) is not sold in market {}", sku.title, sku.id.value(), country),
               {{"offerId", sku.id.value()}, {"market", std::string(country)}});
}

}  // namespace seatshift
