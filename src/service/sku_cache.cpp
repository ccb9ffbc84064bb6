#include "service/sku_cache.hpp"

namespace seatshift::service {

const Sku* SkuCache::Find(const SkuId& id) {
  auto it = skus_.find(id);
  if (it == skus_.end()) it = skus_.emplace(id, tx_.FindSku(id)).first;
  return it->second ? &*it->second : nullptr;
}

}  // namespace seatshift::service
