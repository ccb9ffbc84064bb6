#include "service/sku_cache.hpp"

namespace seatshift::service {

const Sku* SkuCache::Find(const SkuId& id) {
  auto it = skus_.find(id);
  if (it == skus_.end()) it = skus_.emplace(id, tx_.FindSku(id)).first;
  return it->second ? &*it->second : nullptr;
}

const std::vector<MarginRule>& SkuCache::Margins() {
  if (!margins_) margins_ = tx_.ListMarginRules();
  return *margins_;
}

Buyer SkuCache::BuyerOf(const Customer& customer) {
  return Buyer{.customer_id = customer.id.value().ToString(),
               .country = customer.country,
               .currency = customer.currency,
               .segment = customer.segment,
               .margins = Margins()};
}

Buyer SkuCache::BuyerOf(const store::LifecycleCandidate& candidate) {
  return Buyer{.customer_id = candidate.subscription.customer_id.value().ToString(),
               .country = candidate.country,
               .currency = candidate.currency,
               .segment = candidate.segment,
               .margins = Margins()};
}

}  // namespace seatshift::service
